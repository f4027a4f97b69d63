"""What the portfolio's pages read: the log with its findings counted, the written values
reflections, the modules in use. Who may read which portfolio is decided before, by
``Portfolio.objects.visible_to``; these only shape what is shown of one."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from modules.models import ModulePage

from .models import (
    Attachment,
    FieldworkEntry,
    Portfolio,
    PrivacyFinding,
    ValuesAnswer,
    ValuesReflection,
)


def entries_for_listing(portfolio):
    """The portfolio's entries with what a list shows of them, open findings counted."""
    open_status = PrivacyFinding.Status.OPEN
    return (
        FieldworkEntry.objects.filter(portfolio=portfolio)
        .select_related("module")
        .prefetch_related(
            "tags",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        # A correlated subquery, not a JOIN + GROUP BY: it is only evaluated for the rows of
        # the page, so a long log stays quick.
        .annotate(
            open_findings=Coalesce(
                Subquery(
                    # In the entry's text and captions, and in the tags it carries.
                    PrivacyFinding.objects.filter(
                        Q(entry=OuterRef("pk"))
                        | Q(tag__tagged_items__content_object=OuterRef("pk")),
                        status=open_status,
                    )
                    .values("portfolio")
                    .annotate(n=Count("pk", distinct=True))
                    .values("n")[:1]
                ),
                0,
            )
        )
        .defer("autosave_data")
    )


def reflections_by_stage(portfolio):
    """``[(stage, reflection or None), ...]`` in the order intake, midway, final."""
    by_stage = {
        r.stage: r
        for r in portfolio.reflections.prefetch_related(
            Prefetch("answers", queryset=ValuesAnswer.objects.select_related("question"))
        ).annotate(
            open_findings=Count(
                "answers__findings",
                filter=Q(answers__findings__status=PrivacyFinding.Status.OPEN),
            )
        )
        # A version with only an autosaved draft has no answers yet: it is not written.
        if r.answers.all()
    }
    return [(stage, by_stage.get(stage.value)) for stage in ValuesReflection.Stage]


def shared_with(user):
    """Portfolios others share with this user, with their owners."""
    return Portfolio.objects.shared_with(user).select_related(
        "enrolment__user", "enrolment__cohort"
    )


def modules_used(portfolio):
    """The modules the portfolio's entries belong to, in the course's order."""
    return ModulePage.objects.filter(
        pk__in=portfolio.entries.exclude(module=None).values("module_id")
    ).order_by("path")


def overview_counts(portfolio):
    """The number of entries and drafts, and the open findings in the fieldwork (those in the
    values reflections are shown with each version)."""
    counts = portfolio.entries.aggregate(
        total=Count("pk"),
        drafts=Count("pk", filter=Q(is_draft=True)),
    )
    open_findings = (
        PrivacyFinding.objects.filter(portfolio=portfolio, answer=None)
        .filter(status=PrivacyFinding.Status.OPEN)
        .count()
    )
    return counts, open_findings
