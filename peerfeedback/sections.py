"""The peer feedback part of a portfolio's page and of an entry's page.

The portfolio app sits below this one and never imports it: ``wagtail_hooks`` registers
``section`` with ``portfolio.sections.PAGE_SECTIONS_HOOK``, and the portfolio's templates (and
the trainer's assess page) ask that hook for what to show under the work.
"""

from django.template.loader import render_to_string

from portfolio.models import PortfolioShare

from .forms import CommentForm, OwnerChoicesForm
from .models import PeerComment


def is_current_reader(user, portfolio):
    return (
        user.is_authenticated
        and PortfolioShare.objects.active().filter(user=user, portfolio=portfolio).exists()
    )


def comments_on(user, portfolio, entry=None):
    """What ``user`` may read of the comments on this work: on the portfolio page all of the
    portfolio's (each says what it is about), on an entry's page that entry's."""
    comments = PeerComment.objects.visible_to(user).filter(portfolio=portfolio)
    if entry is not None:
        comments = comments.filter(entry=entry)
    return comments.select_related("author", "entry").order_by("created_at", "pk")


def section_context(request, portfolio, entry=None, form=None):
    user = request.user
    is_owner = portfolio.is_owner(user)
    is_reader = not is_owner and is_current_reader(user, portfolio)
    items = []
    for comment in comments_on(user, portfolio, entry):
        mine = is_reader and comment.author_id == user.pk
        items.append(
            {
                "comment": comment,
                "mine": mine,
                "may_edit": mine and comment.may_still_edit(),
                "choices": OwnerChoicesForm(
                    initial={
                        "in_pdf": comment.in_pdf,
                        "visible_to_trainers": comment.visible_to_trainers,
                        "hidden": comment.hidden_by_owner,
                    },
                    auto_id=f"id_c{comment.pk}_%s",
                )
                if is_owner
                else None,
            }
        )
    key = f"e{entry.pk}" if entry is not None else "p"
    return {
        "portfolio": portfolio,
        "entry": entry,
        "items": items,
        "is_owner": is_owner,
        "is_reader": is_reader,
        "is_staff_view": not is_owner and not is_reader,
        "form": form or (CommentForm(prefix_id=f"new{key}") if is_reader else None),
        "key": key,
        "request": request,
    }


def section(request, portfolio, entry=None):
    """The HTML under the work, or "" for someone who may read no comment here."""
    if request is None or not request.user.is_authenticated:
        return ""
    context = section_context(request, portfolio, entry)
    if context["is_staff_view"] and not context["items"]:
        return ""
    return render_to_string("peerfeedback/includes/section.html", context, request=request)
