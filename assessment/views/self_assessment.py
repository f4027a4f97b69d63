"""/inleveren/<id>/zelfbeoordeling/: the participant scores themselves before submitting."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from leergang.permissions import LoginRequired404Mixin

from .. import selfassess
from ..forms import SelfAssessmentForm
from ..models import Submission


class SelfAssessmentView(LoginRequired404Mixin, TemplateView):
    """Only the owner, only where the milestone has self-assessment switched on (else 404).

    Every save keeps what was typed (also when a level is not valid); submitting the portfolio
    freezes it into the round. After submitting the page shows the frozen copy, read only."""

    template_name = "assessment/self_assessment.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.submission = get_object_or_404(
                Submission.objects.owned_by(request.user).with_relations(), pk=kwargs["pk"]
            )
            if not self.submission.milestone.self_assessment:
                raise Http404
            # The round the participant works on is the latest one.
            self.latest = self.submission.rounds().select_related("rubric_version").last()
        return super().dispatch(request, *args, **kwargs)

    @property
    def criteria(self):
        return selfassess.criteria_for(self.latest)

    def _initial(self):
        copy = selfassess.working_copy(self.submission.portfolio, self.submission.milestone)
        initial = {}
        for key, value in (copy.scores if copy else {}).items():
            initial[f"level_{key}"] = value.get("level", "")
            initial[f"sentence_{key}"] = value.get("sentence", "")
        return copy, initial

    def get_context_data(self, **kwargs):
        copy, initial = self._initial()
        editable = selfassess.is_editable(self.latest)
        form = kwargs.pop("form", None)
        if editable and form is None:
            form = SelfAssessmentForm(initial=initial, criteria=self.criteria)
        submitted = [r for r in self.submission.rounds().order_by("-round") if selfassess.frozen(r)]
        return {
            **super().get_context_data(**kwargs),
            "submission": self.submission,
            "latest": self.latest,
            "editable": editable,
            "form": form,
            "findings": selfassess.findings(
                self.submission.portfolio, copy.scores if copy else {}, self.criteria
            ),
            "saved_at": copy.updated_at if copy else None,
            "frozen_rounds": [
                {"round": r, "rows": _frozen_rows(r)} for r in submitted if r.rubric_version_id
            ],
        }

    def post(self, request, pk):
        if not selfassess.is_editable(self.latest):
            messages.error(
                request,
                _("This round has been submitted: its self-assessment can no longer change."),
            )
            return self.render_to_response(self.get_context_data(), status=400)
        form = SelfAssessmentForm(request.POST, criteria=self.criteria)
        # Saved before validating, so nothing typed is lost when a field is wrong.
        selfassess.save(
            self.submission.portfolio, self.submission.milestone, self.criteria, form.typed()
        )
        if not form.is_valid():
            messages.error(request, _("Your sentences are saved; check the marked fields."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Your self-assessment is saved. It is sent along when you submit your portfolio."),
        )
        return redirect("assessment:self_assessment", pk=self.submission.pk)


def _frozen_rows(submission):
    own = selfassess.frozen(submission)
    return [
        {"criterion": c, "self": own.get(c["key"])}
        for c in submission.rubric_version.criteria
        if own.get(c["key"])
    ]
