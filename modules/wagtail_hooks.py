"""The modules app on the dashboard, on the home page and in the admin."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail import hooks

from leergang.models import Cohort
from leergang.permissions import is_course_staff

from . import media
from .models import CourseIndexPage, can_track_progress
from .outline import course_outline
from .permissions import ensure_editor_permissions
from .progress import course_modules, course_progress, progress_for


@dataclass
class ModuleProgressPanel:
    """'Mijn leergang': progress per module and for the whole course."""

    modules: list
    progress: dict
    overall: object
    template_name: str = "modules/panels/progress.html"
    order: int = 20
    rows: str = ""

    def __post_init__(self):
        # The rows made here, escaped by format_html: a template loop over thirty modules took
        # a tenth of the dashboard's time (modules/templates/modules/panels/progress.html).
        done = format_html('<span class="badge badge--ok">{}</span>', _("done"))
        self.rows = format_html_join(
            "\n",
            '<li><a href="{}">{}</a> <span class="module-progress-list__figure" '
            'data-module-percent="{}">{}</span><div class="progress" role="img" '
            'aria-label="{}" data-progress-bar><span style="width: {}%"></span></div></li>',
            (
                (
                    m.url,
                    m.title,
                    m.pk,
                    done if p.complete else f"{p.percent}%",
                    _("%(p)s%% done") % {"p": p.percent},
                    p.percent,
                )
                for m, p in ((m, self.progress[m.pk]) for m in self.modules)
            ),
        )


@dataclass
class TrainerProgressPanel:
    cohorts: list
    template_name: str = "modules/panels/trainer_progress.html"
    order: int = 25


@dataclass
class HomeModulesSection:
    modules: list
    course_index: object
    template_name: str = "modules/home_section.html"
    order: int = 10


@hooks.register("construct_dashboard_panels")
def add_progress_panels(request, panels):
    user = request.user
    if can_track_progress(user):
        modules = course_outline(request).modules
        progress = progress_for(user, modules)
        panels.append(
            ModuleProgressPanel(
                modules=modules, progress=progress, overall=course_progress(progress)
            )
        )
    elif is_course_staff(user):
        cohorts = Cohort.objects.managed_by(user)
        panels.append(TrainerProgressPanel(cohorts=list(cohorts.order_by("-start_date")[:6])))


@hooks.register("construct_home_sections")
def add_home_modules(request, sections):
    # Public teaser: title, introduction and study load of each module.
    modules = course_modules()
    if modules:
        sections.append(
            HomeModulesSection(modules=modules, course_index=CourseIndexPage.objects.live().first())
        )


@hooks.register("after_create_page")
def give_editors_the_course(request, page):
    if isinstance(page.specific_deferred, CourseIndexPage):
        ensure_editor_permissions(page)


@hooks.register("before_serve_document", order=100)
def documents_by_read_rule(document, request):
    # A module's resource is for whoever may read the module: anyone else gets a 404 here,
    # readers are sent on to the file, which modules.media serves by the same rule.
    media.check_document(document, request)
