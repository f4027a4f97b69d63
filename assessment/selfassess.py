"""Self-assessment (zelfbeoordeling): the participant scores themselves on the milestone's rubric.

The working copy (``SelfAssessment``) is saved as typed; ``freeze`` copies it into the snapshot
of the round being submitted (``services.submit`` and ``resubmit``), checked against that round's
frozen rubric version. Pages read a submitted round's self-assessment from its snapshot only.
The sentences pass the residents' privacy check (``portfolio.privacy.scan_text``); a finding
blocks submitting, as open findings in entries do.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portfolio.privacy import real_names, scan_text

from .models import SelfAssessment, Submission

SENTENCE_MAX = 300
EDITABLE_STATES = (Submission.State.CONCEPT, Submission.State.REVISION_REQUESTED)


def criteria_for(submission):
    """The criteria the participant scores for the next round of ``submission``'s milestone:
    the frozen version of earlier rounds (a milestone keeps it), else the rubric as it is."""
    if submission.rubric_version_id:
        return submission.rubric_version.criteria
    return submission.milestone.rubric.definition()["criteria"]


def is_editable(submission):
    """The participant prepares a self-assessment for the round they are about to submit."""
    return submission.milestone.self_assessment and submission.state in EDITABLE_STATES


def working_copy(portfolio, milestone):
    return SelfAssessment.objects.filter(portfolio=portfolio, milestone=milestone).first()


def clean_sentence(value):
    """One line of plain text; HTML stays text (templates escape it)."""
    return " ".join(str(value or "").split())[:SENTENCE_MAX]


def save(portfolio, milestone, criteria, typed):
    """Keep what the participant typed ({key: (level_key, sentence)}) for known criteria.

    A level that is not one of the criterion's levels is not stored (the form reports it);
    the sentence is kept whatever else is wrong, so nothing typed is lost."""
    scores = {}
    for criterion in criteria:
        level_key, sentence = typed.get(criterion["key"], ("", ""))
        levels = {lv["key"] for lv in criterion["levels"]}
        scores[criterion["key"]] = {
            "level": level_key if level_key in levels else "",
            "sentence": clean_sentence(sentence),
        }
    copy, _created = SelfAssessment.objects.update_or_create(
        portfolio=portfolio, milestone=milestone, defaults={"scores": scores}
    )
    return copy


def findings(portfolio, scores, criteria):
    """Privacy findings in the sentences: [(criterion name, [Match])]."""
    names = real_names(portfolio)
    found = []
    for criterion in criteria:
        sentence = (scores.get(criterion["key"]) or {}).get("sentence", "")
        matches = scan_text(sentence, names=names, field=criterion["key"]) if sentence else []
        if matches:
            found.append((criterion["name"], matches))
    return found


def blockers(submission):
    """Why the self-assessment stops this round from being submitted (privacy findings)."""
    if not submission.milestone.self_assessment:
        return []
    copy = working_copy(submission.portfolio, submission.milestone)
    if copy is None:
        return []
    found = findings(submission.portfolio, copy.scores, criteria_for(submission))
    if not found:
        return []
    count = sum(len(m) for _name, m in found)
    return [
        ngettext(
            "Your self-assessment contains %(count)d piece of personal data of residents; "
            "remove it before you submit.",
            "Your self-assessment contains %(count)d pieces of personal data of residents; "
            "remove them before you submit.",
            count,
        )
        % {"count": count}
    ]


def freeze(portfolio, milestone, version):
    """The self-assessment as the snapshot keeps it, against the round's frozen ``version``;
    None when the milestone has none or nothing was filled in."""
    if not milestone.self_assessment:
        return None
    copy = working_copy(portfolio, milestone)
    if copy is None:
        return None
    criteria = []
    for criterion in version.criteria:
        typed = copy.scores.get(criterion["key"]) or {}
        level = version.level(criterion["key"], typed.get("level") or "")
        sentence = clean_sentence(typed.get("sentence"))
        if level is None and not sentence:
            continue
        criteria.append(
            {
                "key": criterion["key"],
                "level_key": level["key"] if level else "",
                "level": level["label"] if level else "",
                "points": level["points"] if level else None,
                "sentence": sentence,
            }
        )
    if not criteria:
        return None
    return {"criteria": criteria, "saved_at": copy.updated_at.isoformat()}


def frozen(submission):
    """{criterion_key: frozen self-score} of a submitted round."""
    data = (submission.snapshot or {}).get("self_assessment") or {}
    return {c["key"]: c for c in data.get("criteria", [])}


def _rank(criterion, level_key):
    ordered = sorted(criterion["levels"], key=lambda lv: lv["points"])
    return next((i for i, lv in enumerate(ordered) if lv["key"] == level_key), None)


def difference(criterion, self_key, assessor_key):
    """How the participant's level relates to the assessor's, in words (never colour alone)."""
    mine, theirs = _rank(criterion, self_key), _rank(criterion, assessor_key)
    if mine is None or theirs is None:
        return ""
    steps = mine - theirs
    if steps == 0:
        return _("Same level")
    if steps > 0:
        return ngettext(
            "Rated %(n)d level higher by yourself", "Rated %(n)d levels higher by yourself", steps
        ) % {"n": steps}
    return ngettext(
        "Rated %(n)d level lower by yourself", "Rated %(n)d levels lower by yourself", -steps
    ) % {"n": -steps}


def comparison(submission):
    """Per criterion of the round's frozen rubric: own level and sentence beside the first
    assessor's level and comment, with the difference. Empty when there is no self-assessment."""
    version = submission.rubric_version
    own = frozen(submission)
    if version is None or not own:
        return []
    assessor = submission.scores_by_key("first")
    rows = []
    for criterion in version.criteria:
        mine, score = own.get(criterion["key"]), assessor.get(criterion["key"])
        theirs = version.level(criterion["key"], score.level_key) if score else None
        diff = difference(criterion, mine["level_key"], theirs["key"]) if mine and theirs else ""
        rows.append(
            {
                "criterion": criterion,
                "self": mine,
                "assessor": theirs,
                "comment": score.comment if score else "",
                "difference": diff,
                "differs": bool(diff) and mine["level_key"] != theirs["key"],
            }
        )
    return rows


def growth(rounds, *, decided_only):
    """Per criterion, per round: own level and assessor's level. ``decided_only`` leaves out the
    assessor's levels of rounds without a verdict (what a participant may see)."""
    rounds = [r for r in rounds if r.rubric_version_id and r.state != Submission.State.CONCEPT]
    if not any(frozen(r) for r in rounds):
        return None
    version = rounds[-1].rubric_version
    table = []
    for criterion in version.criteria:
        cells = []
        for r in rounds:
            mine = frozen(r).get(criterion["key"])
            score = r.scores_by_key("first").get(criterion["key"])
            show = r.has_feedback or not decided_only
            level = (
                r.rubric_version.level(criterion["key"], score.level_key)
                if score and show
                else None
            )
            cells.append({"self": mine["level"] if mine else "", "assessor": level})
        table.append({"criterion": criterion, "cells": cells})
    return {"rounds": [r.round for r in rounds], "rows": table}
