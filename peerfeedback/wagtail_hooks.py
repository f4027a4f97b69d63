from wagtail import hooks

from portfolio.sections import PAGE_SECTIONS_HOOK
from portfolio_pdf.sources import PEER_COMMENTS_HOOK

from .models import PeerComment
from .sections import section


@hooks.register(PAGE_SECTIONS_HOOK)
def peer_feedback_section(request, portfolio, entry=None):
    return section(request, portfolio, entry)


@hooks.register(PEER_COMMENTS_HOOK)
def comments_for_pdf(portfolio):
    """The comments the owner put in their PDF (never hidden ones), oldest first."""
    comments = (
        PeerComment.objects.in_pdf()
        .filter(portfolio=portfolio)
        .select_related("author", "entry")
        .order_by("created_at", "pk")
    )
    return [
        {
            "entry_id": c.entry_id,
            "author": c.author.display_name,
            "written_at": c.created_at.isoformat(),
            "html": c.body,
        }
        for c in comments
    ]
