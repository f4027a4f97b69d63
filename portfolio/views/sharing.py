"""Sharing one's portfolio, read only, with members of the cohort (intervisie)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from .. import services
from ..forms import ShareForm
from ..models import PortfolioShare
from .base import (
    EmptyPostUnboundMixin,
    OwnPortfolioMixin,
    ParticipantRequiredMixin,
    PostOnlyMixin,
    StatusOnInvalidMixin,
)


class SharesView(EmptyPostUnboundMixin, StatusOnInvalidMixin, ParticipantRequiredMixin, FormView):
    """Who reads along, whose shares ended (and why), and sharing with one more."""

    form_class = ShareForm
    template_name = "portfolio/shares.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "portfolio": self.own_portfolio}

    def form_valid(self, form):
        user = form.cleaned_data["user"]
        services.share_portfolio(self.own_portfolio, user)
        messages.success(
            self.request,
            _("Your portfolio is now shared with %(name)s (read only).") % {"name": user},
        )
        return redirect("portfolio:shares")

    def get_context_data(self, **kwargs):
        shares = self.own_portfolio.shares.select_related("user")
        return {
            "form": kwargs.get("form") or self.get_form(),
            "portfolio": self.own_portfolio,
            "shares": list(shares.active()),
            "ended_shares": list(shares.ended().order_by("-ended_at", "-pk")),
        }


class ShareRevokeView(PostOnlyMixin, OwnPortfolioMixin, View):
    def post(self, request, *args, **kwargs):
        share = get_object_or_404(
            PortfolioShare.objects.select_related("user"),
            pk=kwargs["pk"],
            portfolio=self.get_own_portfolio(),
        )
        services.revoke_share(share)
        if share.ended_at is None:
            messages.success(
                request, _("%(name)s can no longer read your portfolio.") % {"name": share.user}
            )
        return redirect("portfolio:shares")
