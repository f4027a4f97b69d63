"""Privacy provider of peer feedback: the comments a participant wrote on portfolios shared with
them, and the comments others left on their own work. Erasure deletes both: an erased author's
comments go, and so do the comments on an erased owner's work. After the cohort's retention
period the comments on its portfolios go (with the portfolios themselves)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, Provider, isoformat
from portfolio.richtext import html_to_text

from .models import PeerComment

_RETENTION = _("Until the cohort's retention period ends (default 24 months after the course).")


def _comment(c, *, who):
    return {
        who: c.author.display_name if who == "author" else c.portfolio.owner.display_name,
        "on": str(c.entry.public_id) if c.entry_id else "portfolio",
        "entry_title": c.entry.title if c.entry_id else "",
        "text": html_to_text(c.body),
        "written_at": isoformat(c.created_at),
        "edited_at": isoformat(c.edited_at),
        "in_pdf": c.in_pdf,
        "visible_to_trainers": c.visible_to_trainers,
        "hidden_by_owner": c.hidden_by_owner,
    }


class PeerFeedbackProvider(Provider):
    name = "peerfeedback"
    label = _("Peer feedback")
    order = 25  # before the portfolio, whose deletion would take the comments along unnamed

    def describe(self):
        return [
            Category(
                key="peerfeedback.comments",
                label=_("Peer feedback on shared portfolios"),
                models=("peerfeedback.PeerComment",),
                data=_(
                    "The comments you wrote on portfolios shared with you, and the comments "
                    "others wrote on your portfolio and its entries, with your choices per "
                    "comment (in your PDF, seen by your trainers, hidden)."
                ),
                purpose=_("Learning from each other's work within the cohort."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_(
                    "The owner of the portfolio and the cohort members it is shared with; the "
                    "trainers of the cohort only the comments the owner lets them see."
                ),
                retention=_RETENTION,
            ),
        ]

    def export(self, user, writer):
        related = ("author", "entry", "portfolio__enrolment__user")
        writer.add_json(
            "peerfeedback.comments",
            "peer-feedback.json",
            {
                "written": [
                    _comment(c, who="owner")
                    for c in PeerComment.objects.filter(author=user).select_related(*related)
                ],
                "received": [
                    _comment(c, who="author")
                    for c in PeerComment.objects.filter(
                        portfolio__enrolment__user=user
                    ).select_related(*related)
                ],
            },
        )

    def erase(self, user, plan):
        plan.delete(PeerComment.objects.filter(author=user), _("peer comments written"))
        plan.delete(
            PeerComment.objects.filter(portfolio__enrolment__user=user).exclude(author=user),
            _("peer comments on their portfolio"),
        )

    def retain(self, cohort, plan):
        plan.delete(
            PeerComment.objects.filter(portfolio__enrolment__cohort=cohort),
            _("peer comments on the cohort's portfolios"),
        )


@hooks.register("register_privacy_provider")
def provider():
    return PeerFeedbackProvider()
