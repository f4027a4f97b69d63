"""Posting, editing and deleting peer comments, and the owner's choices per comment.

Every lookup asks the QuerySets of ``models``: a reader whose share ended or was revoked, and
anyone the work is not shared with, gets a 404. A refused text comes back in the form.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import View

from leergang.permissions import LoginRequired404Mixin
from portfolio.models import FieldworkEntry, Portfolio, PortfolioShare

from . import services
from .forms import CommentForm, OwnerChoicesForm, privacy_message
from .models import PeerComment


def _refused(form, error):
    if error.findings:
        form.add_error("text", privacy_message(error.findings))
    else:
        form.add_error("text", str(error))


class CommentCreateView(LoginRequired404Mixin, View):
    """A reader's new comment on a portfolio shared with them, or on an entry of it. A GET (a
    reload of the page that showed a refused comment) goes back to the comments."""

    @cached_property
    def target(self):
        shared = PortfolioShare.objects.active().filter(user=self.request.user)
        portfolios = Portfolio.objects.filter(pk__in=shared.values("portfolio_id"))
        if "entry_id" in self.kwargs:
            entry = get_object_or_404(
                FieldworkEntry.objects.filter(portfolio__in=portfolios)
                .visible_to(self.request.user)
                .select_related("portfolio__enrolment__user"),
                public_id=self.kwargs["entry_id"],
            )
            return entry.portfolio, entry
        portfolio = get_object_or_404(
            portfolios.select_related("enrolment__user"), public_id=self.kwargs["portfolio_id"]
        )
        return portfolio, None

    def get(self, request, *args, **kwargs):
        portfolio, entry = self.target
        return redirect(f"{(entry or portfolio).get_absolute_url()}#reacties")

    def post(self, request, *args, **kwargs):
        portfolio, entry = self.target
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment = services.post(request.user, portfolio, form.cleaned_data["text"], entry)
            except services.CommentRefused as error:
                _refused(form, error)
            else:
                messages.success(request, _("Your comment is posted."))
                return redirect(comment.get_absolute_url())
        context = {"form": form, "portfolio": portfolio, "entry": entry, "comment": None}
        return render(request, "peerfeedback/comment_form.html", context, status=400)


class OwnCommentMixin(LoginRequired404Mixin):
    @cached_property
    def comment(self):
        return get_object_or_404(
            PeerComment.objects.owned_by(self.request.user).select_related(
                "portfolio__enrolment__user", "entry"
            ),
            pk=self.kwargs["pk"],
        )


class CommentEditView(OwnCommentMixin, View):
    """The author edits their comment within 15 minutes; after that the text is kept in the
    form with a message, and nothing changes."""

    template_name = "peerfeedback/comment_form.html"

    def render_form(self, form, status=200):
        comment = self.comment
        context = {
            "form": form,
            "portfolio": comment.portfolio,
            "entry": comment.entry,
            "comment": comment,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        form = CommentForm(initial={"text": services.as_text(self.comment)})
        if not self.comment.may_still_edit():
            form = CommentForm({"text": services.as_text(self.comment)})
            form.is_valid()
            form.add_error("text", _("The 15 minutes to edit this comment have passed."))
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment = services.edit(self.comment, form.cleaned_data["text"])
            except services.CommentRefused as error:
                _refused(form, error)
            else:
                messages.success(request, _("Your comment is changed."))
                return redirect(comment.get_absolute_url())
        return self.render_form(form, status=400)


class CommentDeleteView(OwnCommentMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = self.comment
        target = comment.entry or comment.portfolio
        services.delete(comment)
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{target.get_absolute_url()}#reacties")


class OwnerChoicesView(LoginRequired404Mixin, View):
    """The owner's choices for one comment: in the PDF, seen by the trainers, hidden."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = get_object_or_404(
            PeerComment.objects.received_by(request.user).select_related("entry", "portfolio"),
            pk=kwargs["pk"],
        )
        form = OwnerChoicesForm(request.POST)
        if not form.is_valid():  # three checkboxes: only a forged request gets here
            raise Http404
        services.set_owner_choices(
            comment,
            in_pdf=form.cleaned_data["in_pdf"],
            visible_to_trainers=form.cleaned_data["visible_to_trainers"],
            hidden=form.cleaned_data["hidden"],
        )
        messages.success(request, _("Your choices for this comment are saved."))
        return redirect(comment.get_absolute_url())
