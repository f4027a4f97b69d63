"""``Submission.assessment_summary()``: the feedback of one round as plain data (for the PDF)."""


def _iso(value):
    return value.isoformat() if value else None


def _name(user):
    return (user.get_full_name() or user.email) if user else None


def _score(score, levels):
    """One assessor's score on a criterion: the chosen level (label, points) and the comment."""
    if not score:
        return None
    level = levels.get(score.level_key)
    return {
        "level": level["label"] if level else None,
        "points": level["points"] if level else None,
        "comment": score.comment,
    }


def _criterion(criterion, scores, own=None):
    levels = {lv["key"]: lv for lv in criterion["levels"]}
    per_role = {
        role: _score(scores.get(role, {}).get(criterion["key"]), levels)
        for role in ("first", "second")
    }
    first, second = per_role["first"], per_role["second"]
    return {
        "key": criterion["key"],
        "name": criterion["name"],
        "explanation": criterion.get("explanation", ""),
        "weight": criterion["weight"],
        "levels": [
            {"label": lv["label"], "points": lv["points"], "description": lv["description"]}
            for lv in criterion["levels"]
        ],
        "scores": per_role,
        "differs": bool(first and second and first["level"] != second["level"]),
        # The participant's self-assessment of this round, frozen in its snapshot (or None).
        "self": {"level": own.get("level", ""), "sentence": own.get("sentence", "")}
        if own
        else None,
    }


def _criteria(submission, definition):
    assessments = {a.role: a for a in submission.assessments.current().select_related("assessor")}
    scores = {role: {s.criterion_key: s for s in a.scores.all()} for role, a in assessments.items()}
    own = {
        c["key"]: c
        for c in ((submission.snapshot or {}).get("self_assessment") or {}).get("criteria", [])
    }
    return [_criterion(c, scores, own.get(c["key"])) for c in definition.get("criteria", [])]


def _entry_comments(submission):
    titles = {e.get("id"): e.get("title", "") for e in submission.snapshot.get("entries", [])}
    return [
        {
            "entry_id": c.entry_id,
            "entry_title": titles.get(c.entry_id, ""),
            "author": _name(c.author),
            "text": c.text,
            "created_at": _iso(c.created_at),
        }
        for c in submission.entry_comments.select_related("author")
    ]


def _rounds(submission):
    return [
        {
            "round": r.round,
            "state": r.state,
            "state_label": str(r.get_state_display()),
            "submitted_at": _iso(r.submitted_at),
            "decided_at": _iso(r.decided_at),
            "feedback": r.feedback,
            "response": r.response,
        }
        for r in submission.rounds()
    ]


def assessment_summary(submission):
    version = submission.rubric_version
    definition = version.definition if version else {"criteria": []}
    criteria = _criteria(submission, definition)
    points = {
        c["key"]: c["scores"]["first"]["points"]
        for c in criteria
        if c["scores"]["first"] and c["scores"]["first"]["points"] is not None
    }
    decided = submission.has_feedback
    return {
        "submission_id": submission.pk,
        "participant": _name(submission.participant),
        "cohort": submission.cohort.name,
        "milestone": submission.milestone.name,
        "deadline": _iso(submission.milestone.deadline),
        "round": submission.round,
        "state": submission.state,
        "state_label": str(submission.get_state_display()),
        "submitted_at": _iso(submission.submitted_at),
        "decided_at": _iso(submission.decided_at),
        "rubric": {
            "name": definition.get("name", ""),
            "version": version.number if version else None,
            "verdict_rule": definition.get("verdict_rule_label", ""),
            "pass_mark": definition.get("pass_mark", ""),
        },
        "assessors": {
            "first": _name(submission.first_assessor),
            "second": _name(submission.second_assessor),
        },
        "criteria": criteria,
        "rule_outcome": version.outcome(points) if version else None,
        "verdict": submission.state if decided else None,
        "verdict_label": str(submission.get_state_display()) if decided else None,
        "feedback": submission.feedback,
        "decided_by": _name(submission.decided_by),
        "response": submission.response,
        "entry_comments": _entry_comments(submission),
        "rounds": _rounds(submission),
    }
