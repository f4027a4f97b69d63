"""The kinds of notification, how each can reach someone, and the defaults.

Later features notify through ``notifications.api.notify(user, kind, url)`` with one of these
keys; ``peer_response`` (intervisie), ``peer_comment`` (peer feedback) and ``mention`` (module
discussions) are declared here so their people can choose already.
"""

import dataclasses

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SITE = "site", _("In the site only")
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily e-mail digest")


PARTICIPANT, TRAINER, GUILD_MEMBER = "participant", "trainer", "guild_member"


@dataclasses.dataclass(frozen=True)
class Kind:
    key: str
    label: str
    help: str
    default: str
    audience: frozenset
    # Who already sends its own e-mail at once about this (the assessment, Wagtail's
    # moderation): the centre then sends none of its own for "e-mail at once".
    mailed_by: str = ""


KINDS = {
    k.key: k
    for k in [
        Kind(
            "feedback",
            _("Feedback received"),
            _("A trainer asks you to revise a submission."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT}),
            mailed_by="assessment",
        ),
        Kind(
            "verdict",
            _("A verdict"),
            _("Your submission was assessed: passed or not passed."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT}),
            mailed_by="assessment",
        ),
        Kind(
            "story_moderated",
            _("Story moderated"),
            _("An editor published your practice story or asked for changes."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT, GUILD_MEMBER}),
            mailed_by="wagtail",
        ),
        Kind(
            "deadline",
            _("Deadline approaching"),
            _("Seven days and one day before a deadline, while you have not submitted."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT}),
        ),
        Kind(
            "session_tomorrow",
            _("Session tomorrow"),
            _("The day before a session of your cohort."),
            Channel.DIGEST,
            frozenset({PARTICIPANT, TRAINER}),
        ),
        Kind(
            "peer_response",
            _("Response to your case"),
            _("Someone in your intervisie group responds to a case you brought in."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT}),
        ),
        Kind(
            "intervisie_case",
            _("New case in your intervisie group"),
            _("Someone in your intervisie group brings in a case."),
            Channel.IMMEDIATE,
            frozenset({PARTICIPANT}),
        ),
        Kind(
            "intervisie_phase",
            _("Intervisie: next phase"),
            _("A case in your intervisie group moves on to the next phase or is closed."),
            Channel.DIGEST,
            frozenset({PARTICIPANT}),
        ),
        Kind(
            "peer_comment",
            _("Peer feedback on your portfolio"),
            _("A cohort member you share your portfolio with comments on it or on an entry."),
            Channel.DIGEST,
            frozenset({PARTICIPANT}),
        ),
        Kind(
            "mention",
            _("Reply or mention"),
            _("Someone replies to you or mentions you in a discussion."),
            Channel.DIGEST,
            frozenset({PARTICIPANT, TRAINER, GUILD_MEMBER}),
        ),
    ]
}


def get(key):
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(
            f"Unknown notification kind: {key!r} (see notifications/kinds.py)"
        ) from None


def for_user(user):
    """The kinds that can happen to ``user`` (all of them for an administrator)."""
    if getattr(user, "is_administrator", False):
        return list(KINDS.values())
    roles = {
        PARTICIPANT: user.is_participant,
        TRAINER: user.is_trainer,
        GUILD_MEMBER: user.is_guild_member,
    }
    return [k for k in KINDS.values() if any(roles[r] for r in k.audience)]
