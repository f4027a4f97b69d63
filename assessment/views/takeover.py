"""Overnemen: a trainer of the cohort (or an administrator) becomes the first assessor."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from leergang.permissions import CourseStaffRequiredMixin

from .. import services
from ..forms import TakeOverForm
from ..models import Submission


class TakeOverView(CourseStaffRequiredMixin, TemplateView):
    """Asks for confirmation and a reason; the previous assessor keeps their scores and is told."""

    template_name = "assessment/take_over.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.submission = get_object_or_404(
                Submission.objects.assessable_by(request.user).with_relations(), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TakeOverForm(initial={"version": self.submission.version}))
        context["submission"] = self.submission
        context["previous"] = self.submission.first_assessor
        return context

    def get(self, request, pk):
        refusal = services.take_over_refusal(self.submission, request.user)
        if refusal:
            messages.info(request, refusal)
            return redirect(self.submission.get_assess_url())
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        submission = self.submission
        form = TakeOverForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        previous = submission.first_assessor
        try:
            services.take_over(
                submission,
                request.user,
                form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.TransitionError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except services.Conflict:
            messages.error(
                request,
                _(
                    "Someone else changed this submission in the meantime; check who assesses it now."
                ),
            )
            return redirect(submission.get_assess_url())
        messages.success(
            request,
            _("You now assess this submission. %(name)s has been told by e-mail.")
            % {"name": previous},
        )
        return redirect(submission.get_assess_url())
