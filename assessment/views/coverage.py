"""Outcome coverage pages: the participant's own map, a trainer's map of one participant, and
the cohort overview (outcomes × participants). The data comes from ``assessment.coverage``."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from leergang.models import Cohort, Enrolment
from leergang.permissions import CourseStaffRequiredMixin, LoginRequired404Mixin
from portfolio.models import Portfolio

from .. import coverage


class OwnCoverageView(LoginRequired404Mixin, TemplateView):
    """/inleveren/leeruitkomsten/: which learning outcomes my portfolio shows, and which not yet."""

    template_name = "assessment/coverage.html"

    def has_access(self, user):
        self.portfolio = Portfolio.objects.get_or_create_for(user)
        return self.portfolio is not None

    def get_context_data(self, **kwargs):
        modules = coverage.portfolio_coverage(self.portfolio, self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "modules": modules,
            "totals": coverage.totals(modules),
            "is_owner": True,
            "participant": self.request.user,
        }


class ParticipantCoverageView(CourseStaffRequiredMixin, TemplateView):
    """/trainer/deelnemer/<enrolment>/leeruitkomsten/: the same map, for a trainer of the cohort."""

    template_name = "assessment/coverage.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("user", "cohort").filter(
                cohort__in=Cohort.objects.managed_by(user).values("pk")
            ),
            pk=kwargs["enrolment_id"],
        )
        if enrolment.user_id == user.pk:
            raise Http404
        portfolio = Portfolio.objects.filter(enrolment=enrolment).first()
        if portfolio is None:
            modules = coverage.empty_map()
        else:
            modules = coverage.portfolio_coverage(portfolio, user)
        return {
            **super().get_context_data(**kwargs),
            "modules": modules,
            "totals": coverage.totals(modules),
            "is_owner": False,
            "participant": enrolment.user,
            "cohort": enrolment.cohort,
        }


class CohortCoverageView(CourseStaffRequiredMixin, TemplateView):
    """/trainer/leeruitkomsten/<cohort>/: outcomes × participants, evidence counts and levels."""

    template_name = "assessment/coverage_cohort.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cohort = get_object_or_404(Cohort.objects.managed_by(user), pk=kwargs["cohort_id"])
        participants, rows = coverage.cohort_grid(cohort, user)
        return {
            **super().get_context_data(**kwargs),
            "cohort": cohort,
            "participants": participants,
            "rows": rows,
            "chart": coverage.grid_chart(rows, participants) if rows and participants else None,
        }
