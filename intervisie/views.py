"""Intervisie for participants (their groups and cases) and for trainers (forming groups).

Every lookup asks the QuerySets of ``models``: who is not a current member gets a 404, also
right after being removed from the group. Texts are plain text, shown escaped.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from leergang import throttle
from leergang.models import Cohort
from leergang.permissions import CourseStaffRequiredMixin, LoginRequired404Mixin
from portfolio.models import FieldworkEntry

from . import services
from .forms import CaseForm, GroupForm, TextForm, privacy_message
from .models import RESPONSE_PHASES, Case, IntervisieGroup, Phase

RATE_LIMIT = "intervisie-response"


class GroupListView(LoginRequired404Mixin, TemplateView):
    """My intervisie groups and the cases in them."""

    template_name = "intervisie/group_list.html"

    def get_context_data(self, **kwargs):
        groups = (
            IntervisieGroup.objects.visible_to(self.request.user)
            .filter(memberships__user=self.request.user)
            .select_related("cohort")
            .prefetch_related("cases__holder", "cases__entry")
        )
        return {"groups": groups}


class MemberGroupMixin(LoginRequired404Mixin):
    @cached_property
    def group(self):
        return get_object_or_404(
            IntervisieGroup.objects.visible_to(self.request.user).select_related("cohort"),
            pk=self.kwargs["pk"],
        )

    def own_entries(self):
        return FieldworkEntry.objects.owned_by(self.request.user).filter(
            portfolio__enrolment__cohort=self.group.cohort_id
        )


class GroupDetailView(MemberGroupMixin, TemplateView):
    template_name = "intervisie/group_detail.html"

    def get_context_data(self, **kwargs):
        return {
            "group": self.group,
            "members": list(self.group.current_members()),
            "cases": self.group.cases.select_related("holder", "entry"),
            "may_bring_in": self.own_entries().exists(),
        }


class CaseCreateView(MemberGroupMixin, FormView):
    """Bring one of one's own entries into the group, with a question."""

    form_class = CaseForm
    template_name = "intervisie/case_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entries": self.own_entries()}

    def form_valid(self, form):
        entry, question = form.cleaned_data["entry"], form.cleaned_data["question"]
        findings = services.privacy_findings(entry, question)
        if findings:
            form.add_error("question", privacy_message(findings))
            return self.form_invalid(form)
        case = services.bring_in(self.group, self.request.user, entry, question)
        messages.success(self.request, _("Your case is in the group. The members can respond."))
        return redirect(case)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "group": self.group}


class CaseMixin(LoginRequired404Mixin):
    """The case, for whoever may read it; ``holder_only`` views are for its holder (who is
    still a member of the group)."""

    holder_only = False

    @cached_property
    def case(self):
        user = self.request.user
        cases = Case.objects.owned_by(user) if self.holder_only else Case.objects.visible_to(user)
        return get_object_or_404(
            cases.select_related("group__cohort", "holder", "entry__portfolio", "entry__module"),
            pk=self.kwargs["pk"],
        )

    def is_member(self):
        user = self.request.user
        return (
            IntervisieGroup.objects.visible_to(user)
            .filter(pk=self.case.group_id, memberships__user=user)
            .exists()
        )

    def case_context(self, **forms):
        case, user = self.case, self.request.user
        is_holder = case.holder_id == user.pk and self.is_member()
        is_member = self.is_member()
        responses = list(case.responses.select_related("author"))
        phases = [
            {
                "key": phase,
                "label": Phase(phase).label,
                "responses": [r for r in responses if r.phase == phase],
                "current": case.phase == phase,
            }
            for phase in RESPONSE_PHASES
        ]
        may_respond = is_member and not is_holder and case.accepts_responses
        return {
            "case": case,
            "group": case.group,
            "entry": case.entry,
            "outcomes": list(case.entry.learning_outcomes.all()),
            "tags": list(case.entry.tags.all()),
            "phases": phases,
            "is_holder": is_holder,
            "is_member": is_member,
            "may_respond": may_respond,
            "response_form": forms.get("response_form")
            or (TextForm(label=_("Your response")) if may_respond else None),
            "close_form": forms.get("close_form") or TextForm(label=_("What I take from it")),
            "answer_forms": forms.get("answer_forms", {}),
            "answer_error_id": forms.get("answer_error_id"),
        }


class CaseDetailView(CaseMixin, TemplateView):
    template_name = "intervisie/case_detail.html"

    def get_context_data(self, **kwargs):
        return self.case_context()


class CasePostView(CaseMixin, View):
    http_method_names = ["post"]
    template_name = "intervisie/case_detail.html"

    def refuse(self, **forms):
        return render(self.request, self.template_name, self.case_context(**forms), status=400)

    def rate_limited(self):
        if throttle.hit(RATE_LIMIT, self.request.user.pk):
            return False
        messages.error(
            self.request,
            _("You are posting very quickly. Wait a minute and try again; your text is kept."),
        )
        return True


class RespondView(CasePostView):
    def post(self, request, *args, **kwargs):
        case = self.case
        if not self.is_member() or case.holder_id == request.user.pk:
            raise Http404
        if not case.accepts_responses:
            messages.error(request, _("This case takes no responses now."))
            return redirect(case)
        form = TextForm(request.POST, label=_("Your response"))
        if form.is_valid():
            findings = services.privacy_findings(case, form.cleaned_data["text"])
            if findings:
                form.add_error("text", privacy_message(findings))
        if not form.is_valid() or self.rate_limited():
            return self.refuse(response_form=form)
        response = services.respond(case, request.user, form.cleaned_data["text"])
        messages.success(request, _("Your response is posted."))
        return redirect(f"{case.get_absolute_url()}#reactie-{response.pk}")


class AnswerView(CasePostView):
    holder_only = True

    def post(self, request, *args, **kwargs):
        case = self.case
        response = get_object_or_404(
            case.responses, pk=kwargs["response_id"], phase=Phase.QUESTIONS
        )
        if case.is_closed:
            messages.error(request, _("This case is closed."))
            return redirect(case)
        form = TextForm(request.POST, label=_("Your answer"), prefix=f"a{response.pk}")
        if form.is_valid():
            findings = services.privacy_findings(case, form.cleaned_data["text"])
            if findings:
                form.add_error("text", privacy_message(findings))
        if not form.is_valid() or self.rate_limited():
            return self.refuse(answer_forms={response.pk: form}, answer_error_id=response.pk)
        services.answer(response, form.cleaned_data["text"])
        messages.success(request, _("Your answer is posted."))
        return redirect(f"{case.get_absolute_url()}#reactie-{response.pk}")


class AdvanceView(CasePostView):
    holder_only = True

    def post(self, request, *args, **kwargs):
        case = self.case
        if case.phase in RESPONSE_PHASES:
            services.advance(case)
            messages.success(
                request,
                _("The case is now in the phase: %(phase)s.") % {"phase": case.get_phase_display()},
            )
        return redirect(case)


class CloseView(CasePostView):
    holder_only = True

    def post(self, request, *args, **kwargs):
        case = self.case
        if case.is_closed:
            return redirect(case)
        # In the closing phase the holder says what they take from it; before that they may
        # end the case without a word.
        form = TextForm(
            request.POST,
            label=_("What I take from it"),
            required=case.phase == Phase.CLOSING,
        )
        if form.is_valid() and form.cleaned_data["text"]:
            findings = services.privacy_findings(case, form.cleaned_data["text"])
            if findings:
                form.add_error("text", privacy_message(findings))
        if not form.is_valid():
            return self.refuse(close_form=form)
        services.close(case, form.cleaned_data["text"])
        messages.success(request, _("The case is closed. Thank you for bringing it in."))
        return redirect(case)


class TrainerAccessView(CasePostView):
    holder_only = True

    def post(self, request, *args, **kwargs):
        allowed = request.POST.get("allow") == "1"
        services.set_trainer_access(self.case, allowed)
        if allowed:
            messages.success(request, _("The trainers of your cohort may now read this case."))
        else:
            messages.success(request, _("The trainers of your cohort no longer read this case."))
        return redirect(self.case)


# --- trainers ------------------------------------------------------------------------------------


class TrainerIndexView(CourseStaffRequiredMixin, TemplateView):
    template_name = "intervisie/trainer_index.html"

    def get_context_data(self, **kwargs):
        return {"cohorts": Cohort.objects.managed_by(self.request.user)}


class TrainerGroupsView(CourseStaffRequiredMixin, FormView):
    """The intervisie groups of one cohort, and forming a new one."""

    form_class = GroupForm
    template_name = "intervisie/trainer_groups.html"

    @cached_property
    def cohort(self):
        return get_object_or_404(
            Cohort.objects.managed_by(self.request.user), pk=self.kwargs["cohort_id"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def form_valid(self, form):
        group = services.create_group(
            self.cohort, form.cleaned_data["name"], form.cleaned_data["members"]
        )
        messages.success(self.request, _("The group %(name)s is formed.") % {"name": group.name})
        return redirect("intervisie:trainer_groups", cohort_id=self.cohort.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        groups = self.cohort.intervisie_groups.prefetch_related("cases__holder", "cases__entry")
        return {
            **super().get_context_data(**kwargs),
            "cohort": self.cohort,
            "groups": [(g, list(g.current_members())) for g in groups],
        }


class TrainerGroupView(CourseStaffRequiredMixin, FormView):
    """One group: its members (add or remove), and who brought which case in which phase."""

    form_class = GroupForm
    template_name = "intervisie/trainer_group.html"

    @cached_property
    def group(self):
        return get_object_or_404(
            IntervisieGroup.objects.managed_by(self.request.user).select_related("cohort"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.group.cohort, "instance": self.group}

    def form_valid(self, form):
        form.save()
        services.set_members(self.group, form.cleaned_data["members"])
        messages.success(self.request, _("The group is saved."))
        return redirect("intervisie:trainer_group", pk=self.group.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "group": self.group,
            "cases": self.group.cases.select_related("holder", "entry"),
        }
