"""Assignments (opdrachten) in module bodies, for the portfolio.

An assignment is an ``assignment`` block in a ModulePage body, known by the page id and the
block's id. The raw stream data is read (not the converted blocks), so listing the assignments
of the whole course costs two queries, however many modules there are.
"""

from dataclasses import dataclass

import nh3

from .blocks import parse_outcome_numbers
from .models import LearningOutcome, ModulePage, can_read_content


@dataclass(frozen=True)
class Assignment:
    module: "ModulePage"  # specific page
    block_id: str  # the StreamField block's id (uuid string)
    title: str
    kind: str  # "values" (values reflection) or "fieldwork" (fieldwork entry)
    instructions: str  # plain text, HTML stripped
    outcomes: tuple  # tuple of LearningOutcome instances it serves


def _plain(html):
    # nh3 with no allowed tags keeps the text and drops the markup; block ends become spaces.
    text = html or ""
    for tag in ("</p>", "</li>", "<br>", "<br/>", "</h3>", "</h4>"):
        text = text.replace(tag, tag + " ")
    text = nh3.clean(text, tags=set())
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<")
    text = text.replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
    return " ".join(text.split())


def _assignments_of(page, outcomes):
    result = []
    for item in page.body.raw_data:
        if item.get("type") != "assignment" or not item.get("id"):
            continue
        value = item.get("value") or {}
        numbers = parse_outcome_numbers(value.get("outcomes"))
        result.append(
            Assignment(
                module=page,
                block_id=item["id"],
                title=value.get("title") or "",
                kind=value.get("kind") if value.get("kind") in ("values", "fieldwork") else "",
                instructions=_plain(value.get("instructions")),
                outcomes=tuple(outcomes[n - 1] for n in numbers if 0 < n <= len(outcomes)),
            )
        )
    return result


def _outcomes_by_page(pages):
    by_page = {p.pk: [] for p in pages}
    for outcome in LearningOutcome.objects.filter(page__in=[p.pk for p in pages]).order_by(
        "page_id", "sort_order", "pk"
    ):
        by_page[outcome.page_id].append(outcome)
    return by_page


def assignments_for_user(user):
    """All assignments in modules ``user`` may read, in course order (two queries)."""
    pages = list(ModulePage.objects.visible_to(user).order_by("path"))
    if not pages:
        return []
    outcomes = _outcomes_by_page(pages)
    result = []
    for page in pages:
        result.extend(_assignments_of(page, outcomes[page.pk]))
    return result


def get_assignment(module_id, block_id, user):
    """One assignment, or None when the module or block is unknown or not readable."""
    try:
        module_id = int(module_id)
    except (TypeError, ValueError):
        return None
    if not 0 < module_id < 2**63:
        return None
    if not block_id or len(str(block_id)) > 64:
        return None
    page = ModulePage.objects.visible_to(user).filter(pk=module_id).first()
    if page is None:
        return None
    outcomes = _outcomes_by_page([page])[page.pk]
    for assignment in _assignments_of(page, outcomes):
        if assignment.block_id == str(block_id):
            return assignment
    return None


__all__ = ["Assignment", "assignments_for_user", "get_assignment", "can_read_content"]
