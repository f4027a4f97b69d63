from dataclasses import dataclass, field

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from leergang.admin_choosers import PermissionCheckedSnippetChooserViewSet
from leergang.permissions import is_course_staff

from .models import Milestone, Rubric, Submission


@hooks.register("before_delete_snippet")
def refuse_protected_delete(request, instances):
    """A cohort, milestone or rubric that submissions depend on cannot be deleted (the database
    protects them). Say so and go back, instead of failing with a server error on confirm."""
    for instance in instances:
        try:
            Collector(using=router.db_for_write(type(instance))).collect([instance])
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                gettext("“%(object)s” cannot be deleted: submissions still depend on it.")
                % {"object": instance},
            )
            return redirect(
                AdminURLFinder(request.user).get_edit_url(instance) or "wagtailadmin_home"
            )
    return None


class RubricViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Rubric
    icon = "table"
    menu_label = _("Rubrics")
    list_display = ["name", "verdict_rule", "updated_at"]
    search_fields = ["name"]


class MilestoneViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = Milestone
    icon = "date"
    menu_label = _("Milestones")
    list_display = ["name", "cohort", "deadline", "rubric"]
    list_filter = ["cohort"]
    ordering = ["cohort", "order", "deadline"]


class AssessmentViewSetGroup(SnippetViewSetGroup):
    items = (RubricViewSet, MilestoneViewSet)
    menu_icon = "tasks"
    menu_label = _("Assessment")
    menu_name = "assessment"
    menu_order = 160


register_snippet(AssessmentViewSetGroup)


@hooks.register("register_log_actions")
def register_assessment_actions(actions):
    for action, label, message in [
        ("assessment.start", _("Draft started"), _("Started a draft submission")),
        ("assessment.submit", _("Submitted"), _("Submitted the portfolio")),
        ("assessment.score", _("Scores saved"), _("Saved rubric scores")),
        ("assessment.comment", _("Comment"), _("Commented on an entry")),
        ("assessment.invite_second", _("Second assessor"), _("Asked a second assessor")),
        ("assessment.request_revision", _("Revision requested"), _("Asked for a revision")),
        ("assessment.respond", _("Response"), _("Responded to the feedback")),
        ("assessment.resubmit", _("Resubmitted"), _("Resubmitted the portfolio")),
        ("assessment.pass", _("Passed"), _("Gave the verdict: passed")),
        ("assessment.fail", _("Not passed"), _("Gave the verdict: not passed")),
        ("assessment.take_over", _("Taken over"), _("Took over the assessment")),
    ]:
        actions.register_action(action, label, message)


@dataclass
class LatestFeedbackPanel:
    """Dashboard panel for participants: the most recent feedback on their submissions."""

    submissions: list = field(default_factory=list)
    open_count: int = 0
    template_name: str = "assessment/panels/latest_feedback.html"
    order: int = 30


@dataclass
class ToAssessPanel:
    """Dashboard panel for trainers: the oldest submissions waiting for assessment."""

    submissions: list = field(default_factory=list)
    total: int = 0
    template_name: str = "assessment/panels/to_assess.html"
    order: int = 20


@hooks.register("construct_dashboard_panels")
def assessment_panels(request, panels):
    user = request.user
    if user.is_participant:
        # The panel shows the milestone, round, state and date: not the frozen snapshot.
        mine = Submission.objects.owned_by(user).select_related("milestone")
        latest = mine.filter(state__in=Submission.FEEDBACK_STATES).order_by("-decided_at")
        panels.append(
            LatestFeedbackPanel(
                submissions=list(latest.defer("snapshot", "feedback", "response")[:3])
            )
        )
    if is_course_staff(user):
        waiting = Submission.objects.assessable_by(user).waiting()
        panels.append(
            ToAssessPanel(
                submissions=list(waiting.with_relations().order_by("submitted_at", "pk")[:5]),
                total=waiting.count(),
            )
        )


class WaitingSubmissionsPanel(Component):
    """Wagtail admin home: submissions waiting for this trainer, oldest first."""

    name = "assessment_waiting"
    order = 90
    template_name = "assessment/panels/admin_waiting.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        waiting = Submission.objects.assessable_by(self.user).waiting()
        return {
            "submissions": list(waiting.with_relations().order_by("submitted_at", "pk")[:10]),
            "total": waiting.count(),
        }


@hooks.register("construct_homepage_panels")
def admin_waiting_panel(request, panels):
    if is_course_staff(request.user):
        panels.append(WaitingSubmissionsPanel(request.user))


class SubmissionPdfSource:
    """Submissions as the portfolio_pdf app prints them (its hook
    ``register_pdf_submission_source``): a submission's frozen snapshot, the feedback of the
    latest decided round, and a cohort's export per milestone. That app imports nothing of
    this one; it asks these methods."""

    def printable(self, user, pk):
        return (
            Submission.objects.visible_to(user)
            .select_related("portfolio__enrolment__user", "milestone")
            .filter(pk=pk)
            .exclude(snapshot={})
            .first()
        )

    def may_read(self, user, pk):
        return Submission.objects.visible_to(user).filter(pk=pk).exists()

    def latest_assessed(self, portfolio):
        return (
            Submission.objects.filter(portfolio=portfolio, state__in=Submission.FEEDBACK_STATES)
            .select_related("milestone")
            .order_by("-decided_at", "-pk")
            .first()
        )

    def milestones(self, cohort):
        return list(Milestone.objects.filter(cohort=cohort).order_by("order", "deadline"))

    def latest_rounds(self, cohort, milestone_id):
        submissions = (
            Submission.objects.filter(
                milestone_id=milestone_id, milestone__cohort=cohort, submitted_at__isnull=False
            )
            .exclude(state=Submission.State.CONCEPT)
            .exclude(snapshot={})
            .select_related("portfolio__enrolment__user", "milestone")
            .order_by("portfolio_id", "-round")
        )
        latest = {}
        for submission in submissions:
            latest.setdefault(submission.portfolio_id, submission)
        return list(latest.values())


@hooks.register("register_pdf_submission_source")
def pdf_submission_source():
    return SubmissionPdfSource()
