"""Trainer side (/trainer/: queue, assess, results) and participant side (/inleveren/)."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import TemplateView, View
from wagtail.models import ModelLogEntry

from leergang.models import Cohort
from portfolio.models import Portfolio

from . import services
from .forms import (
    DecisionForm,
    EntryCommentForm,
    ResubmitForm,
    ScoreForm,
    SecondAssessorForm,
    SubmitForm,
)
from .models import Assessment, Milestone, Submission

State = Submission.State


def timeline(submissions):
    """Audit log entries of these rounds, oldest first."""
    content_type = ContentType.objects.get_for_model(Submission)
    return (
        ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(s.pk) for s in submissions]
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


def thread(submission):
    """All rounds of this portfolio at this milestone, with what their pages show."""
    return list(
        submission.rounds()
        .select_related("decided_by", "rubric_version", "first_assessor", "second_assessor")
        .prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.prefetch_related("scores")),
            "entry_comments__author",
        )
    )


def feedback_rows(submission, role="first"):
    """Per criterion of the frozen rubric: the chosen level (label, points) and the comment."""
    if submission.rubric_version is None:
        return []
    scores = submission.scores_by_key(role)
    rows = []
    for criterion in submission.rubric_version.criteria:
        score = scores.get(criterion["key"])
        level = next(
            (lv for lv in criterion["levels"] if score and lv["key"] == score.level_key), None
        )
        rows.append(
            {"criterion": criterion, "level": level, "comment": score.comment if score else ""}
        )
    return rows


def snapshot_entries(submission, comments):
    by_entry = {}
    for comment in comments:
        by_entry.setdefault(comment.entry_id, []).append(comment)
    return [
        {**entry, "comments": by_entry.get(entry.get("id"), [])}
        for entry in submission.snapshot.get("entries", [])
    ]


class TrainerMixin(LoginRequiredMixin):
    """Trainers and administrators only; anyone else gets a 404 (anonymous: the login page)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not (user.is_trainer or user.is_administrator):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class QueueView(TrainerMixin, TemplateView):
    template_name = "assessment/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mine = Submission.objects.assessable_by(user).with_relations()
        context["waiting"] = list(mine.waiting().order_by("submitted_at", "pk"))
        context["decided"] = list(
            mine.filter(state__in=Submission.FEEDBACK_STATES).order_by("-decided_at", "-pk")[:10]
        )
        cohorts = Cohort.objects.all() if user.is_administrator else Cohort.objects.trained_by(user)
        context["cohorts"] = list(cohorts.order_by("-start_date"))
        context["now"] = timezone.now()
        return context


class AssessView(TrainerMixin, TemplateView):
    template_name = "assessment/assess.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.submission = get_object_or_404(
                Submission.objects.assessable_by(request.user).with_relations(), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission, user = self.submission, self.request.user
        rounds = thread(submission)
        for r in rounds:
            r.feedback_rows = feedback_rows(r)
        current = next(r for r in rounds if r.pk == submission.pk)
        role = services.role_of(submission, user)
        version = submission.rubric_version
        can_assess = submission.is_waiting and version is not None
        if can_assess and "score_form" not in kwargs:
            mine = current.scores_by_key(role)
            context["score_form"] = ScoreForm(
                initial={"version": submission.version, **ScoreForm.initial_from(mine)},
                rubric_version=version,
            )
        if can_assess and role == Assessment.Role.FIRST:
            context.setdefault(
                "decision_form", DecisionForm(initial={"version": submission.version})
            )
            context.setdefault(
                "second_form",
                SecondAssessorForm(
                    initial={"version": submission.version}, candidates=self.candidates()
                ),
            )
        first, second = current.assessment("first"), current.assessment("second")
        comparison = []
        if version and first and second:
            first_scores, second_scores = (
                current.scores_by_key("first"),
                current.scores_by_key("second"),
            )
            second_complete = len([s for s in second_scores.values() if s.level_key]) >= len(
                version.criteria
            )
            # The second assessor judges on their own first: they see the comparison once done.
            if role == Assessment.Role.FIRST or second_complete:
                for criterion in version.criteria:
                    a, b = first_scores.get(criterion["key"]), second_scores.get(criterion["key"])
                    la = version.level(criterion["key"], a.level_key) if a else None
                    lb = version.level(criterion["key"], b.level_key) if b else None
                    comparison.append(
                        {
                            "criterion": criterion,
                            "first": la,
                            "second": lb,
                            "differs": bool(la and lb and la["key"] != lb["key"]),
                            "first_comment": a.comment if a else "",
                            "second_comment": b.comment if b else "",
                        }
                    )
        points = {k: s.points for k, s in current.scores_by_key("first").items() if s.level_key}
        context.update(
            {
                "submission": submission,
                "current": current,
                "rounds": rounds,
                "earlier_rounds": [r for r in rounds if r.round < submission.round],
                "later_rounds": [r for r in rounds if r.round > submission.round],
                "role": role,
                "can_assess": can_assess,
                "entries": snapshot_entries(current, current.entry_comments.all()),
                "comment_form": EntryCommentForm(),
                "comparison": comparison,
                "differences": sum(1 for row in comparison if row["differs"]),
                "rule_outcome": version.outcome(points) if version else None,
                "timeline": timeline(rounds),
                "feedback": current.feedback_rows,
            }
        )
        return context

    def candidates(self):
        submission = self.submission
        exclude = {submission.participant.pk, self.request.user.pk}
        if submission.first_assessor_id:
            exclude.add(submission.first_assessor_id)
        return submission.cohort.trainers.exclude(pk__in=exclude)

    def post(self, request, pk):
        action = request.POST.get("action")
        handler = {
            "scores": self.post_scores,
            "decision": self.post_decision,
            "comment": self.post_comment,
            "second": self.post_second,
        }.get(action)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect(self.submission.get_assess_url())
        try:
            return handler(request)
        except services.TransitionError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return self.render_to_response(self.get_context_data(**self.bound_forms), status=400)

    bound_forms = {}

    def _version(self, form):
        return form.cleaned_data.get("version")

    def post_scores(self, request):
        submission = self.submission
        if submission.rubric_version is None:
            raise services.TransitionError(
                _("This is not possible while the submission is “%(state)s”.")
                % {"state": submission.get_state_display()}
            )
        form = ScoreForm(request.POST, rubric_version=submission.rubric_version)
        self.bound_forms = {"score_form": form}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(score_form=form), status=400)
        try:
            services.save_scores(
                submission, request.user, form.scores(), expected_version=self._version(form)
            )
        except services.Conflict as conflict:
            return self.conflict(request, form, conflict.submission)
        messages.success(request, _("Your scores have been saved."))
        return redirect(submission.get_assess_url())

    def conflict(self, request, form, fresh):
        """Keep what this trainer typed, show what the other saved, and offer the new version."""
        self.submission = fresh
        role = services.role_of(fresh, request.user)
        data = request.POST.copy()
        data["version"] = fresh.version
        form = ScoreForm(data, rubric_version=fresh.rubric_version)
        form.is_valid()
        theirs = (
            Assessment.objects.filter(submission=fresh, role=role)
            .select_related("assessor")
            .first()
        )
        context = self.get_context_data(score_form=form)
        context["conflict"] = {
            "by": theirs.assessor if theirs else None,
            "at": theirs.updated_at if theirs else None,
            "rows": feedback_rows(fresh, role) if theirs else [],
        }
        return self.render_to_response(context, status=409)

    def post_decision(self, request):
        submission = self.submission
        form = DecisionForm(request.POST)
        self.bound_forms = {"decision_form": form}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        base_url = request.build_absolute_uri("/")
        try:
            if decision == DecisionForm.REVISION:
                services.request_revision(
                    submission,
                    request.user,
                    message,
                    expected_version=self._version(form),
                    base_url=base_url,
                )
            else:
                services.give_verdict(
                    submission,
                    request.user,
                    decision == DecisionForm.PASS,
                    message,
                    expected_version=self._version(form),
                    base_url=base_url,
                )
        except services.Conflict as conflict:
            self.submission = conflict.submission
            messages.error(
                request,
                _(
                    "Someone else changed this submission while you were deciding. "
                    "Check the scores below and decide again."
                ),
            )
            data = request.POST.copy()
            data["version"] = conflict.submission.version
            form = DecisionForm(data)
            form.is_valid()
            return self.render_to_response(self.get_context_data(decision_form=form), status=409)
        messages.success(
            request,
            _("The participant has been asked for a revision and gets an e-mail.")
            if decision == DecisionForm.REVISION
            else _("The verdict has been given; the participant gets an e-mail."),
        )
        return redirect(submission.get_assess_url())

    def post_comment(self, request):
        form = EntryCommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write a comment first."))
            return redirect(self.submission.get_assess_url())
        services.add_entry_comment(
            self.submission, request.user, form.cleaned_data["entry_id"], form.cleaned_data["text"]
        )
        messages.success(request, _("Your comment has been added."))
        return redirect(f"{self.submission.get_assess_url()}#entry-{form.cleaned_data['entry_id']}")

    def post_second(self, request):
        form = SecondAssessorForm(request.POST, candidates=self.candidates())
        self.bound_forms = {"second_form": form}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(second_form=form), status=400)
        try:
            services.invite_second_assessor(
                self.submission,
                request.user,
                form.cleaned_data["assessor"],
                expected_version=self._version(form),
                base_url=request.build_absolute_uri("/"),
            )
        except services.Conflict:
            messages.error(request, _("Someone else changed this submission; try again."))
            return redirect(self.submission.get_assess_url())
        messages.success(
            request,
            _("%(name)s has been asked to co-assess.") % {"name": form.cleaned_data["assessor"]},
        )
        return redirect(self.submission.get_assess_url())


ESCAPE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Spreadsheet programs run cells that start with = + - @ as formulas; defuse them."""
    if isinstance(value, str) and value.startswith(ESCAPE_PREFIXES):
        return "'" + value
    return value


class ResultsView(TrainerMixin, TemplateView):
    template_name = "assessment/results.html"

    def get(self, request, cohort_id, fmt=None):
        user = request.user
        cohorts = Cohort.objects.all() if user.is_administrator else Cohort.objects.trained_by(user)
        self.cohort = get_object_or_404(cohorts, pk=cohort_id)
        header, rows = self.table()
        if fmt == "csv":
            return self.csv_response(header, rows)
        if fmt == "xlsx":
            return self.xlsx_response(header, rows)
        return self.render_to_response(
            self.get_context_data(cohort=self.cohort, header=header, rows=rows)
        )

    def submissions(self):
        return (
            Submission.objects.filter(portfolio__enrolment__cohort=self.cohort)
            .exclude(state=State.CONCEPT)
            .with_relations()
            .prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=Assessment.objects.filter(role=Assessment.Role.FIRST).prefetch_related(
                        "scores"
                    ),
                )
            )
            .order_by(
                "portfolio__enrolment__user__last_name",
                "portfolio__enrolment__user__first_name",
                "milestone__order",
                "milestone__deadline",
                "round",
            )
        )

    def table(self):
        submissions = list(self.submissions())
        criteria = []
        for submission in submissions:
            for criterion in (
                submission.rubric_version.criteria if submission.rubric_version else []
            ):
                if criterion["name"] not in criteria:
                    criteria.append(criterion["name"])
        header = [
            _("Participant"),
            _("E-mail address"),
            pgettext("assessment", "Milestone"),
            _("Round"),
            *criteria,
            _("Verdict"),
            _("Submitted on"),
            _("Assessed on"),
            _("Assessor"),
        ]
        rows = []
        for submission in submissions:
            by_name = {}
            for row in feedback_rows(submission):
                level = row["level"]
                by_name[row["criterion"]["name"]] = (
                    f"{level['label']} ({level['points']})" if level else ""
                )
            participant = submission.participant
            rows.append(
                {
                    "submission": submission,
                    "cells": [
                        participant.get_full_name() or participant.email,
                        participant.email,
                        submission.milestone.name,
                        submission.round,
                        *[by_name.get(name, "") for name in criteria],
                        str(submission.get_state_display()),
                        timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M")
                        if submission.submitted_at
                        else "",
                        timezone.localtime(submission.decided_at).strftime("%Y-%m-%d %H:%M")
                        if submission.decided_at
                        else "",
                        str(submission.first_assessor or ""),
                    ],
                }
            )
        return header, rows

    def filename(self, ext):
        from django.utils.text import slugify

        return f"resultaten-{slugify(self.cohort.name)}.{ext}"

    def csv_response(self, header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(c) for c in row["cells"]])
        # A BOM makes spreadsheet programs read the file as UTF-8.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response

    def xlsx_response(self, header, rows):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_("Results")[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(c) for c in row["cells"]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("xlsx")}"'
        return response


# Participant ----------------------------------------------------------------------------------


class SubmissionListView(LoginRequiredMixin, TemplateView):
    """/inleveren/: the milestones of the participant's cohort and where each stands."""

    template_name = "assessment/submission_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.portfolio = Portfolio.objects.for_owner(request.user)
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
            pk=request.POST.get("milestone")
            if str(request.POST.get("milestone", "")).isdigit()
            else None,
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
            }
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
        base_url = request.build_absolute_uri("/")
        try:
            if action == "submit":
                form = SubmitForm(request.POST)
                version = form.cleaned_data["version"] if form.is_valid() else None
                services.submit(
                    submission, request.user, expected_version=version, base_url=base_url
                )
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
                    base_url=base_url,
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
        storage = storages["private"]
        try:
            handle = storage.open(found["storage_name"], "rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        is_image = found.get("content_type") in ("image/jpeg", "image/png", "image/webp")
        response = FileResponse(
            handle,
            as_attachment=not is_image,
            filename=found.get("filename") or "bijlage",
            content_type=found.get("content_type") if is_image else "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
