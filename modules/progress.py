"""Progress through the modules: per module, for the whole course and for a cohort.

Every function here runs a fixed number of queries, whatever the number of modules,
participants or completed sections: section keys are stored on each ModulePage row.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import ModulePage, SectionCompletion


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self):
        if not self.total:
            return 0
        return round(100 * self.done / self.total)

    @property
    def complete(self):
        return self.total > 0 and self.done >= self.total


def _count(page, done_keys):
    keys = page.section_keys or []
    return Progress(done=len(set(keys) & set(done_keys)), total=len(keys))


def progress_for(user, modules, done_by_page=None):
    """{page_id: Progress} for ``user`` over ``modules`` (one query unless given the keys)."""
    if done_by_page is None:
        done_by_page = {}
        rows = SectionCompletion.objects.filter(
            user=user, page_id__in=[m.pk for m in modules]
        ).values_list("page_id", "section")
        for page_id, section in rows:
            done_by_page.setdefault(page_id, set()).add(section)
    return {m.pk: _count(m, done_by_page.get(m.pk, ())) for m in modules}


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
        cells = [_count(m, done.get((user.pk, m.pk), ())) for m in modules]
        overall = Progress(done=sum(c.done for c in cells), total=sum(c.total for c in cells))
        matrix.append(MatrixRow(user=user, cells=cells, overall=overall))
    average = round(sum(r.overall.percent for r in matrix) / len(matrix)) if matrix else 0
    for row in matrix:
        row.behind = average > 0 and row.overall.percent <= average - BEHIND_MARGIN
    return modules, matrix, average


def set_section_done(user, page, section, done):
    """Mark (or unmark) one section of ``page`` as done for ``user``. The caller checked that
    the user may track progress and that the section belongs to the page."""
    with transaction.atomic():
        if done:
            SectionCompletion.objects.get_or_create(user=user, page=page, section=section)
        else:
            SectionCompletion.objects.filter(user=user, page=page, section=section).delete()
