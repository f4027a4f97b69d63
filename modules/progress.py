"""Progress through the modules: per module, for the whole course and for a cohort.

Every function here runs a fixed number of queries, whatever the number of modules,
participants or completed sections: section keys are stored on each ModulePage row.
``Progress`` and ``progress_for`` (one participant over some modules) live in models.py beside
``SectionCompletion``, because the module pages show them; they are offered here as well.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max

from .models import ModulePage, Progress, SectionCompletion, progress_for, progress_of

__all__ = [
    "Progress",
    "progress_for",
    "course_progress",
    "course_modules",
    "cohort_matrix",
    "set_section_done",
]


def course_progress(progress_by_page):
    done = sum(p.done for p in progress_by_page.values())
    total = sum(p.total for p in progress_by_page.values())
    return Progress(done=done, total=total)


def course_modules():
    """Live modules in course order, without their bodies."""
    return list(ModulePage.objects.live().order_by("path").defer("body"))


@dataclass
class MatrixRow:
    user: object
    cells: list
    overall: Progress
    behind: bool = False


# A participant is "behind" when their course progress is this many percentage points below the
# cohort average (and the cohort has started making progress at all).
BEHIND_MARGIN = 20


def cohort_matrix(cohort):
    """Participants by modules for one cohort: (modules, rows, average percent)."""
    modules = course_modules()
    enrolments = list(
        cohort.enrolments.select_related("user").order_by("user__first_name", "user__last_name")
    )
    users = [e.user for e in enrolments]
    done = {}
    rows = SectionCompletion.objects.filter(
        user__in=[u.pk for u in users], page_id__in=[m.pk for m in modules]
    ).values_list("user_id", "page_id", "section")
    for user_id, page_id, section in rows:
        done.setdefault((user_id, page_id), set()).add(section)
    matrix = []
    for user in users:
        cells = [progress_of(m, done.get((user.pk, m.pk), ())) for m in modules]
        overall = Progress(done=sum(c.done for c in cells), total=sum(c.total for c in cells))
        matrix.append(MatrixRow(user=user, cells=cells, overall=overall))
    average = round(sum(r.overall.percent for r in matrix) / len(matrix)) if matrix else 0
    for row in matrix:
        row.behind = average > 0 and row.overall.percent <= average - BEHIND_MARGIN
    return modules, matrix, average


def matrix_version(cohort):
    """A fingerprint of everything ``cohort_matrix`` shows, in three small queries: the
    participants (names included), their completions (count and newest row: a removal lowers
    the count, an addition raises the newest id) and the live modules (count and last publish,
    which is when their sections can change). It changes whenever the matrix would, so a
    cached matrix under it is never stale."""
    people = list(
        cohort.enrolments.order_by("pk").values_list(
            "pk", "user_id", "user__first_name", "user__last_name", "user__email"
        )
    )
    done = SectionCompletion.objects.filter(user__in=[p[1] for p in people]).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    live = ModulePage.objects.live().aggregate(
        n=Count("pk"), published=Max("last_published_at"), moved=Max("path")
    )
    raw = repr((people, sorted(done.items()), sorted(live.items())))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def set_section_done(user, page, section, done):
    """Mark (or unmark) one section of ``page`` as done for ``user``. The caller checked that
    the user may track progress and that the section belongs to the page."""
    with transaction.atomic():
        if done:
            SectionCompletion.objects.get_or_create(user=user, page=page, section=section)
        else:
            SectionCompletion.objects.filter(user=user, page=page, section=section).delete()
