from django.urls import reverse
from wagtail import hooks

from . import services
from .models import Thread, discussion_url


@hooks.register("modules_discussions")
def discussions_for_module(user, page):
    """The link under a module page (modules.related.module_discussions): straight to the
    cohort's discussion when the user reads exactly one, else to the module's list."""
    if not user.is_authenticated:
        return None
    cohort_ids = list(services.cohorts_for(user, page).values_list("pk", flat=True)[:2])
    if not cohort_ids and not services.joinable_cohorts(user, page).exists():
        return None
    threads = Thread.objects.filter(discussion__module=page)
    if len(cohort_ids) == 1:
        return {
            "url": discussion_url(page.pk, cohort_ids[0]),
            "thread_count": threads.filter(discussion__cohort_id=cohort_ids[0]).count(),
        }
    return {
        "url": reverse("discussions:module", args=[page.pk]),
        "thread_count": threads.filter(
            discussion__cohort__in=services.cohorts_for(user, page)
        ).count(),
    }
