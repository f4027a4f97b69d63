"""One function per change of a peer comment; the views stay thin.

The notification to the owner names the portfolio or entry and links to the comment, never
what was written.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leergang import throttle
from notifications.api import notify
from portfolio import privacy
from portfolio.models import Portfolio
from portfolio.richtext import html_to_text, text_to_html

from .models import PeerComment

# Shared with intervisie: "intervisie responses and peer comments, per account" (settings).
RATE_LIMIT = "intervisie-response"


class CommentRefused(Exception):
    """A change that is not allowed now; ``str()`` is the Dutch message for the writer, whose
    text the view keeps in the form. ``findings`` are those of the privacy check, if any."""

    def __init__(self, message, findings=()):
        super().__init__(message)
        self.findings = list(findings)


def to_html(text):
    """Plain text with links; typed HTML and script are shown as text."""
    return text_to_html(text, accept_html=False)


def as_text(comment):
    """The comment as its author typed it, for the edit form."""
    return html_to_text(comment.body)


def privacy_findings(portfolio, author, text):
    """The residents' personal data check on ``text``, as for entries: with the real names the
    owner registered for their portfolio and those the author registered for their own."""
    names = list(privacy.real_names(portfolio))
    own = Portfolio.objects.owned_by(author).filter(enrolment__cohort=portfolio.enrolment.cohort_id)
    for mine in own.exclude(pk=portfolio.pk):
        names += privacy.real_names(mine)
    return privacy.scan_text(text, names)


def _check(portfolio, author, text):
    findings = privacy_findings(portfolio, author, text)
    if findings:
        raise CommentRefused(
            _(
                "The privacy check found something that looks like personal data of residents. "
                "Replace it with a pseudonym (for example “bewoner A”) and post again; your "
                "text is kept."
            ),
            findings,
        )


def _target_title(portfolio, entry):
    return str(entry) if entry is not None else _("your portfolio")


@transaction.atomic
def post(author, portfolio, text, entry=None):
    """A reader's comment on a portfolio shared with them (or on an entry of it). The caller has
    checked that the author holds a current share; this checks the text and the rate."""
    _check(portfolio, author, text)
    if not throttle.hit(RATE_LIMIT, author.pk):
        raise CommentRefused(
            _("You are posting very quickly. Wait a minute and try again; your text is kept.")
        )
    comment = PeerComment.objects.create(
        portfolio=portfolio, entry=entry, author=author, body=to_html(text)
    )
    notify(
        portfolio.owner,
        "peer_comment",
        comment.get_absolute_url(),
        title=_target_title(portfolio, entry),
        actor=author,
    )
    return comment


@transaction.atomic
def edit(comment, text, now=None):
    if not comment.may_still_edit(now):
        raise CommentRefused(
            _(
                "You can edit a comment for 15 minutes after posting it; that time has passed. "
                "Your text is kept below: copy it if you want to post it as a new comment."
            )
        )
    _check(comment.portfolio, comment.author, text)
    comment.body = to_html(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def delete(comment):
    comment.delete()


def set_owner_choices(comment, *, in_pdf, visible_to_trainers, hidden):
    """The owner's three choices for one comment. A hidden comment is in no PDF and no trainer
    sees it, whatever the other two say (they are kept for when it is shown again)."""
    comment.in_pdf = bool(in_pdf)
    comment.visible_to_trainers = bool(visible_to_trainers)
    comment.hidden_by_owner = bool(hidden)
    comment.save(update_fields=["in_pdf", "visible_to_trainers", "hidden_by_owner"])
    return comment
