"""The values reflection: writing a version (intake, midway, end) and seeing the growth
between two versions."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from .. import privacy, queries, services
from ..diff import compare_reflections
from ..forms import ValuesReflectionForm, attach_findings
from ..models import ValuesQuestion, ValuesReflection
from .base import (
    PRIVACY_WARNING,
    AssignmentMixin,
    ParticipantRequiredMixin,
    PostAsGetMixin,
    ReadablePortfolioMixin,
    StageMixin,
    StatusOnInvalidMixin,
)


def questions_for(reflection):
    """Active questions, plus inactive ones this version already answered."""
    answered = set()
    if reflection is not None and reflection.pk:
        answered = {a.question_id for a in reflection.answers.all() if a.question_id}
    return ValuesQuestion.objects.filter(Q(is_active=True) | Q(pk__in=answered)).order_by(
        "sort_order", "pk"
    )


class ValuesEditView(
    StatusOnInvalidMixin, AssignmentMixin, StageMixin, ParticipantRequiredMixin, FormView
):
    form_class = ValuesReflectionForm
    template_name = "portfolio/values_form.html"
    restored_at = None

    def has_access(self, user):
        return self.stage is not None and super().has_access(user)

    @cached_property
    def reflection(self):
        portfolio, stage = self.own_portfolio, self.stage
        found = portfolio.reflections.filter(stage=stage).prefetch_related("answers").first()
        return found or ValuesReflection(portfolio=portfolio, stage=stage)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "questions": list(questions_for(self.reflection)),
            "reflection": self.reflection,
        }

    def get_initial(self):
        if self.request.method == "POST":
            return {}
        initial, self.restored_at = services.reflection_form_initial(self.reflection)
        return initial or {}

    def form_valid(self, form):
        findings = services.save_reflection(self.reflection, form, self.assignment)
        if findings:
            messages.warning(self.request, PRIVACY_WARNING)
            return redirect("portfolio:values_privacy", stage=self.stage.value)
        messages.success(self.request, _("Your values reflection has been saved."))
        return redirect("portfolio:home")

    def _show_findings(self, form):
        found = list(privacy.reflection_findings(self.reflection))
        for answer in self.reflection.answers.all():
            name = f"q_{answer.question_id}"
            if name in form.fields:
                attach_findings(form, name, [f for f in found if f.answer_id == answer.pk])

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        reflection, portfolio = self.reflection, self.own_portfolio
        if not form.is_bound and reflection.pk:
            self._show_findings(form)
        previous = None
        if not reflection.pk:
            previous = portfolio.reflections.exclude(stage=self.stage).order_by("-created_at")
            previous = previous.first()
        return {
            "form": form,
            "portfolio": portfolio,
            "stage": self.stage,
            "reflection": reflection,
            "previous": previous,
            "assignment": self.assignment,
            "restored_at": self.restored_at,
            "autosave_url": reverse("portfolio:values_autosave", args=[self.stage.value]),
        }


class GrowthMixin(PostAsGetMixin):
    """Two written versions side by side (``?van=intake&naar=final``), words that changed
    marked; by default the first and the last."""

    template_name = "portfolio/growth.html"

    def growth_portfolio(self):
        raise NotImplementedError

    def _chosen(self, name, stages, default):
        value = self.request.GET.get(name)
        if value in [s.value for s in stages]:
            return value
        return default.value if default else None

    def get_context_data(self, **kwargs):
        portfolio = self.growth_portfolio()
        reflections = dict(queries.reflections_by_stage(portfolio))
        stages = [s for s, r in reflections.items() if r is not None and r.answers.all()]
        left_stage = self._chosen("van", stages, stages[0] if stages else None)
        right_stage = self._chosen("naar", stages, stages[-1] if stages else None)
        left = reflections.get(ValuesReflection.Stage(left_stage)) if left_stage else None
        right = reflections.get(ValuesReflection.Stage(right_stage)) if right_stage else None
        rows = compare_reflections(left, right) if left is not None and right is not None else []
        return {
            "portfolio": portfolio,
            "owner": portfolio.enrolment.user,
            "is_owner": portfolio.is_owner(self.request.user),
            "stages": stages,
            "left": left,
            "right": right,
            "left_stage": left_stage,
            "right_stage": right_stage,
            "rows": rows,
        }


class OwnGrowthView(GrowthMixin, ParticipantRequiredMixin, TemplateView):
    def growth_portfolio(self):
        return self.own_portfolio


class PortfolioGrowthView(GrowthMixin, ReadablePortfolioMixin, TemplateView):
    def growth_portfolio(self):
        self.object = self.get_object()
        return self.object
