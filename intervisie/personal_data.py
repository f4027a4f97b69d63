"""Privacy provider of intervisie: group memberships, the cases a participant brought in and the
responses they wrote. Erasure deletes their cases (with the responses on them) and replaces the
text of their responses elsewhere; after the cohort's retention period its groups go."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import ANONYMISED, Category, Provider, isoformat

from .models import Case, GroupMembership, IntervisieGroup, Response

_RETENTION = _("Until the cohort's retention period ends (default 24 months after the course).")


class IntervisieProvider(Provider):
    name = "intervisie"
    label = _("Intervisie")
    order = 30

    def describe(self):
        return [
            Category(
                key="intervisie.groups",
                label=_("Intervisie groups"),
                models=("intervisie.IntervisieGroup", "intervisie.GroupMembership"),
                data=_("Which intervisie groups of your cohort you are in, since when."),
                purpose=_("Learning from each other's cases in a small fixed group."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("The members of the group and the trainers of the cohort."),
                retention=_RETENTION,
            ),
            Category(
                key="intervisie.cases",
                label=_("Intervisie cases and responses"),
                models=("intervisie.Case", "intervisie.Response"),
                data=_(
                    "The cases you brought in (which entry, your question, what you took from "
                    "it) and the responses you wrote on others' cases."
                ),
                purpose=_("Learning from each other's cases in a small fixed group."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_(
                    "The members of the group; the trainers of the cohort only where the case "
                    "holder lets them read along."
                ),
                retention=_RETENTION,
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "intervisie.groups",
            "intervisie-groepen.json",
            [
                {
                    "group": m.group.name,
                    "cohort": str(m.group.cohort),
                    "since": isoformat(m.added_at),
                }
                for m in GroupMembership.objects.filter(user=user).select_related("group__cohort")
            ],
        )
        cases = Case.objects.filter(holder=user).select_related("group", "entry")
        writer.add_json(
            "intervisie.cases",
            "intervisie.json",
            {
                "cases": [
                    {
                        "group": c.group.name,
                        "entry": str(c.entry.public_id),
                        "entry_title": c.entry.title,
                        "question": c.question,
                        "phase": c.phase,
                        "takeaway": c.takeaway,
                        "brought_in_at": isoformat(c.created_at),
                        "closed_at": isoformat(c.closed_at),
                        "responses": c.responses.count(),
                        "answers": [
                            {"question": r.text, "answer": r.answer}
                            for r in c.responses.exclude(answer="")
                        ],
                    }
                    for c in cases
                ],
                "responses": [
                    {
                        "group": r.case.group.name,
                        "phase": r.phase,
                        "text": r.text,
                        "answer": r.answer,
                        "written_at": isoformat(r.created_at),
                    }
                    for r in Response.objects.filter(author=user).select_related("case__group")
                ],
            },
        )

    def erase(self, user, plan):
        plan.delete(Case.objects.filter(holder=user), _("intervisie cases (with their responses)"))
        plan.update(
            Response.objects.filter(author=user).exclude(case__holder=user),
            _("intervisie responses: text replaced"),
            text=ANONYMISED,
            author=None,
        )
        plan.delete(GroupMembership.objects.filter(user=user), _("intervisie group memberships"))

    def retain(self, cohort, plan):
        groups = IntervisieGroup.objects.filter(cohort=cohort)
        plan.delete(Response.objects.filter(case__group__in=groups), _("intervisie responses"))
        plan.delete(Case.objects.filter(group__in=groups), _("intervisie cases"))
        plan.delete(GroupMembership.objects.filter(group__in=groups), _("group memberships"))
        plan.delete(groups, _("intervisie groups"))


@hooks.register("register_privacy_provider")
def provider():
    return IntervisieProvider()
