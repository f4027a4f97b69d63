"""Participant side: /inleveren/ (milestones, submit, respond, resubmit) and snapshot files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from leergang.files import private_file_response
from leergang.ids import as_pk
from portfolio.models import Portfolio

from .. import selfassess, services
from ..forms import ResubmitForm, SubmitForm
from ..models import Milestone, Submission
from .common import feedback_rows, snapshot_entries, thread, timeline

State = Submission.State


class SubmissionListView(LoginRequiredMixin, TemplateView):
    """/inleveren/: the milestones of the participant's cohort and where each stands."""

    template_name = "assessment/submission_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.portfolio = Portfolio.objects.get_or_create_for(request.user)
            if self.portfolio is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        milestones = list(
            Milestone.objects.filter(cohort_id=self.portfolio.enrolment.cohort_id).order_by(
                "order", "deadline"
            )
        )
        latest = {}
        for submission in Submission.objects.filter(portfolio=self.portfolio).order_by("round"):
            latest[submission.milestone_id] = submission
        context["rows"] = [{"milestone": m, "submission": latest.get(m.pk)} for m in milestones]
        context["portfolio"] = self.portfolio
        context["blockers"] = services.export_blockers(self.portfolio)
        context["now"] = timezone.now()
        return context

    def post(self, request):
        milestone = Milestone.objects.filter(
            pk=as_pk(request.POST.get("milestone")),
            cohort_id=self.portfolio.enrolment.cohort_id,
        ).first()
        if milestone is None:
            messages.error(request, _("Choose one of the milestones of your cohort."))
            return redirect("assessment:submissions")
        submission = services.start(self.portfolio, milestone, request.user)
        return redirect(submission.get_absolute_url())


class SubmissionDetailView(LoginRequiredMixin, TemplateView):
    """/inleveren/<id>/: state, every round with its snapshot and feedback, respond, resubmit."""

    template_name = "assessment/submission_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.submission = get_object_or_404(
                Submission.objects.visible_to(request.user).with_relations(), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission, user = self.submission, self.request.user
        rounds = thread(submission)
        latest = rounds[-1]
        is_owner = submission.portfolio.is_owner(user)
        for r in rounds:
            r.feedback_rows = feedback_rows(r) if r.has_feedback else []
            r.entries = snapshot_entries(r, r.entry_comments.all() if r.has_feedback else [])
            # Self and assessor side by side only once there is a verdict (or feedback).
            r.self_rows = selfassess.comparison(r) if r.has_feedback else []
        context.update(
            {
                "submission": submission,
                "latest": latest,
                "rounds": list(reversed(rounds)),
                "is_owner": is_owner,
                "states": State.choices,
                "timeline": timeline(rounds),
                "can_submit": is_owner and latest.state == State.CONCEPT,
                "can_resubmit": is_owner and latest.state == State.REVISION_REQUESTED,
                "growth": selfassess.growth(rounds, decided_only=True),
            }
        )
        if is_owner and selfassess.is_editable(latest):
            context["self_assessment_open"] = True
            context["self_assessment_saved"] = (
                selfassess.working_copy(submission.portfolio, submission.milestone) is not None
            )
        if context["can_submit"] or context["can_resubmit"]:
            context["blockers"] = services.blockers(latest)
            context.setdefault("submit_form", SubmitForm(initial={"version": latest.version}))
            context.setdefault("resubmit_form", ResubmitForm(initial={"version": latest.version}))
            portfolio = submission.portfolio
            context["preview"] = {
                "entries": portfolio.entries.filter(is_draft=False).count(),
                "reflections": portfolio.reflections.count(),
            }
        context.update(kwargs)
        return context

    def post(self, request, pk):
        submission = self.submission
        action = request.POST.get("action")
        try:
            if action == "submit":
                form = SubmitForm(request.POST)
                version = form.cleaned_data["version"] if form.is_valid() else None
                services.submit(submission, request.user, expected_version=version)
                messages.success(
                    request,
                    _("Your portfolio has been submitted. Your trainer has been notified."),
                )
                return redirect(submission.get_absolute_url())
            if action == "resubmit":
                form = ResubmitForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(resubmit_form=form), status=400
                    )
                new_round = services.resubmit(
                    submission,
                    request.user,
                    form.cleaned_data["response"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(
                    request,
                    _("Round %(round)d has been submitted. Your trainer has been notified.")
                    % {"round": new_round.round},
                )
                return redirect(new_round.get_absolute_url())
        except services.TransitionError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        except services.Conflict:
            messages.error(
                request, _("This submission was changed in the meantime; check its state below.")
            )
            status = 409
        else:
            messages.error(request, _("Unknown action."))
            status = 400
        self.submission = Submission.objects.with_relations().get(pk=submission.pk)
        extra = {}
        if action == "resubmit":
            extra["resubmit_form"] = ResubmitForm(request.POST)
        return self.render_to_response(self.get_context_data(**extra), status=status)


class SnapshotAttachmentView(LoginRequiredMixin, View):
    """A file of a submitted snapshot, for whoever may read the submission."""

    def get(self, request, pk, attachment_id):
        submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
        found = None
        for entry in submission.snapshot.get("entries", []):
            for attachment in entry.get("attachments", []):
                if attachment.get("public_id") == str(attachment_id):
                    found = attachment
        if not found or not found.get("storage_name"):
            raise Http404
        is_image = found.get("content_type") in ("image/jpeg", "image/png", "image/webp")
        return private_file_response(
            None,
            storage=storages["private"],
            name=found["storage_name"],
            filename=found.get("filename") or "bijlage",
            content_type=found.get("content_type") if is_image else "application/octet-stream",
            inline=is_image,
        )
