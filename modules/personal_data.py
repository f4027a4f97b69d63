"""Privacy provider of the course modules: which sections a participant marked as done."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, NotPersonal, Provider, isoformat

from .models import SectionCompletion


class ModulesProvider(Provider):
    name = "modules"
    label = _("Course modules")
    order = 40

    def describe(self):
        return [
            Category(
                key="modules.progress",
                label=_("Progress in the modules"),
                models=("modules.SectionCompletion",),
                data=_("Which sections of which module you marked as done, and when."),
                purpose=_("Showing you and your trainers how far you are."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("The participant, their trainers, administrators."),
                retention=_("Until erasure on request."),
            ),
            NotPersonal(
                (
                    "modules.CourseIndexPage",
                    "modules.ModulePage",
                    "modules.ModulePageTag",
                    "modules.LearningOutcome",
                ),
                "Course content written by the editors.",
            ),
        ]

    def _progress(self, user):
        return SectionCompletion.objects.filter(user=user).select_related("page")

    def export(self, user, writer):
        writer.add_json(
            "modules.progress",
            "voortgang.json",
            [
                {
                    "module": c.page.title,
                    "section": c.section,
                    "completed_at": isoformat(c.completed_at),
                }
                for c in self._progress(user).order_by("page__path", "completed_at")
            ],
        )

    def erase(self, user, plan):
        plan.delete(self._progress(user), _("module progress"))


@hooks.register("register_privacy_provider")
def provider():
    return ModulesProvider()
