from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from portfolio.models import FieldworkEntry, Portfolio

from . import services
from .models import StoryProposal


def _own_entry(user, entry_pk):
    """The entry, if ``user`` owns it; anyone else gets a 404 (ids cannot be probed)."""
    return get_object_or_404(
        FieldworkEntry.objects.select_related("portfolio__enrolment__cohort", "module"),
        pk=entry_pk,
        portfolio__in=Portfolio.objects.owned_by(user),
    )


class ProposeFromEntryView(LoginRequiredMixin, TemplateView):
    """Propose an own fieldwork entry as a practice story: GET explains, POST submits."""

    template_name = "stories/propose_from_entry.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = _own_entry(request.user, kwargs["entry_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        context.setdefault("check", services.check_entry(self.entry))
        proposal = StoryProposal.objects.filter(entry=self.entry).select_related("story").first()
        context["proposal"] = proposal
        if proposal:
            context["status"] = services.proposal_status(proposal)
        return context

    def post(self, request, *args, **kwargs):
        try:
            proposal = services.propose_from_entry(self.entry, request.user)
        except services.ProposalRefused as refused:
            context = self.get_context_data(refused=refused.reasons)
            return self.render_to_response(context, status=400)
        return redirect("stories:proposal_sent", page_pk=proposal.story_id)


class ProposalSentView(LoginRequiredMixin, TemplateView):
    """Where the participant follows their proposal: status and the editors' comment."""

    template_name = "stories/proposal_sent.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = get_object_or_404(
            StoryProposal.objects.owned_by(self.request.user).select_related("story", "entry"),
            story_id=kwargs["page_pk"],
        )
        context["proposal"] = proposal
        context["status"] = services.proposal_status(proposal)
        return context
