"""Trainer side: the queue (/trainer/) and the assess page of one submission."""

from types import SimpleNamespace

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from leergang.models import Cohort
from leergang.permissions import CourseStaffRequiredMixin

from .. import selfassess, services
from ..forms import DecisionForm, EntryCommentForm, ScoreForm, SecondAssessorForm
from ..models import Assessment, Submission
from .common import feedback_rows, snapshot_entries, thread, timeline


def _typed(form):
    """What a trainer typed in the score form, shaped like stored scores."""
    return {
        key: SimpleNamespace(level_key=level_key, comment=comment)
        for key, (level_key, comment) in form.scores().items()
    }


def _by_key(assessment):
    return {s.criterion_key: s for s in assessment.scores.all()}


def comparison_rows(current, version, role):
    """First and second assessor side by side, per criterion, once both have scores."""
    if not (version and current.assessment("first") and current.assessment("second")):
        return []
    first_scores, second_scores = current.scores_by_key("first"), current.scores_by_key("second")
    second_complete = len([s for s in second_scores.values() if s.level_key]) >= len(
        version.criteria
    )
    # The second assessor judges on their own first: they see the comparison once done.
    if role == Assessment.Role.SECOND and not second_complete:
        return []
    rows = []
    for criterion in version.criteria:
        a, b = first_scores.get(criterion["key"]), second_scores.get(criterion["key"])
        la = version.level(criterion["key"], a.level_key) if a else None
        lb = version.level(criterion["key"], b.level_key) if b else None
        rows.append(
            {
                "criterion": criterion,
                "first": la,
                "second": lb,
                "differs": bool(la and lb and la["key"] != lb["key"]),
                "first_comment": a.comment if a else "",
                "second_comment": b.comment if b else "",
            }
        )
    return rows


class QueueView(CourseStaffRequiredMixin, TemplateView):
    template_name = "assessment/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        mine = Submission.objects.assessable_by(user).with_relations()
        context["waiting"] = list(mine.waiting().order_by("submitted_at", "pk"))
        for submission in context["waiting"]:
            submission.viewer_role = services.role_of(submission, user)
        context["decided"] = list(
            mine.filter(state__in=Submission.FEEDBACK_STATES).order_by("-decided_at", "-pk")[:10]
        )
        cohorts = Cohort.objects.managed_by(user)
        context["cohorts"] = list(cohorts.order_by("-start_date"))
        context["now"] = timezone.now()
        return context


class AssessView(CourseStaffRequiredMixin, TemplateView):
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
        # Only the first assessor (or, while nobody has claimed it, anyone) and the invited
        # second assessor score; every other trainer reads and may take over.
        may_score = can_assess and role is not None
        if may_score:
            self.add_forms(context, current, role)
        comparison = comparison_rows(current, version, role)
        points = {k: s.points for k, s in current.scores_by_key("first").items() if s.level_key}
        first = current.assessment("first")
        context.update(
            {
                "submission": submission,
                "current": current,
                "rounds": rounds,
                "earlier_rounds": [r for r in rounds if r.round < submission.round],
                "later_rounds": [r for r in rounds if r.round > submission.round],
                "role": role,
                "can_assess": can_assess,
                "may_score": may_score,
                "can_take_over": can_assess
                and services.take_over_refusal(submission, user) is None,
                "first_assessment": first,
                "first_scored": bool(first and first.scores.all()),
                "history": [
                    {"assessment": a, "rows": feedback_rows(current, scores=_by_key(a))}
                    for a in current.replaced_assessments()
                ],
                "entries": snapshot_entries(current, current.entry_comments.all()),
                "comment_form": EntryCommentForm(),
                "comparison": comparison,
                "differences": sum(1 for row in comparison if row["differs"]),
                "rule_outcome": version.outcome(points) if version else None,
                "timeline": timeline(rounds),
                "show_reasons": True,
                "feedback": current.feedback_rows,
            }
        )
        # The participant's self-assessment beside the first assessor's levels (additive).
        self_rows = selfassess.comparison(current)
        context["self_rows"] = self_rows
        context["self_differences"] = sum(1 for row in self_rows if row["differs"])
        context["growth"] = selfassess.growth(rounds, decided_only=False)
        return context

    def add_forms(self, context, current, role):
        """The forms of someone who scores: their own scores, and for the first the decision."""
        submission = self.submission
        initial = {"version": submission.version}
        if "score_form" not in context:
            mine = current.scores_by_key(role)
            replaced = [a for a in current.replaced_assessments() if a.role == role]
            if not mine and replaced:
                # After a take-over the form starts from the previous assessor's scores; they
                # become this assessor's own only when saved.
                context["prefilled_from"] = replaced[-1].assessor
                mine = _by_key(replaced[-1])
            context["score_form"] = ScoreForm(
                initial={**initial, **ScoreForm.initial_from(mine)},
                rubric_version=submission.rubric_version,
            )
        if role == Assessment.Role.FIRST:
            context.setdefault("decision_form", DecisionForm(initial=initial))
            context.setdefault(
                "second_form", SecondAssessorForm(initial=initial, candidates=self.candidates())
            )

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
            # A trainer who does not assess this submission may read it, but not act on it.
            status = 403 if isinstance(exc, services.NotYourAssessment) else 400
            return self.render_to_response(self.get_context_data(**self.bound_forms), status=status)

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
        """Keep what this trainer typed, show what the other saved, and offer the new version.

        When the other claimed the submission meanwhile, this trainer may no longer score it:
        they see their text (not saved) beside the other's scores, and may take over."""
        self.submission = fresh
        role = services.role_of(fresh, request.user)
        data = request.POST.copy()
        data["version"] = fresh.version
        form = ScoreForm(data, rubric_version=fresh.rubric_version)
        form.is_valid()
        shown_role = role or Assessment.Role.FIRST
        theirs = (
            Assessment.objects.current()
            .filter(submission=fresh, role=shown_role)
            .select_related("assessor")
            .first()
        )
        context = self.get_context_data(score_form=form)
        context["conflict"] = {
            "by": theirs.assessor if theirs else fresh.first_assessor,
            "at": theirs.updated_at if theirs else None,
            "rows": feedback_rows(fresh, shown_role) if theirs else [],
            "claimed": role is None,
            "typed": feedback_rows(fresh, scores=_typed(form)) if role is None else [],
        }
        return self.render_to_response(context, status=409)

    def post_decision(self, request):
        submission = self.submission
        form = DecisionForm(request.POST)
        self.bound_forms = {"decision_form": form}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == DecisionForm.REVISION:
                services.request_revision(
                    submission,
                    request.user,
                    message,
                    expected_version=self._version(form),
                )
            else:
                services.give_verdict(
                    submission,
                    request.user,
                    decision == DecisionForm.PASS,
                    message,
                    expected_version=self._version(form),
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
            )
        except services.Conflict:
            messages.error(request, _("Someone else changed this submission; try again."))
            return redirect(self.submission.get_assess_url())
        messages.success(
            request,
            _("%(name)s has been asked to co-assess.") % {"name": form.cleaned_data["assessor"]},
        )
        return redirect(self.submission.get_assess_url())
