"""Privacy provider of the module discussions: posts, threads, mentions, reports, practitioners
and the moderation log.

Erasure works like Moodle's forum provider: it deletes the content but keeps the structure.
A participant's posts are emptied and lose their author (the others' replies keep their
place: "This message was deleted."); the titles of threads they started become
"[geanonimiseerd]" (also in others' notifications about them). Their reports, mentions and memberships are deleted; moderation they did
keeps its reason without their name. When the cohort's retention period ends, its
discussions are deleted as a whole.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import ANONYMISED, Category, NotPersonal, Provider, isoformat
from notifications.models import Notification
from portfolio.richtext import html_to_text

from .models import Discussion, Mention, ModerationAction, Post, Practitioner, Report, Thread


class DiscussionsProvider(Provider):
    name = "discussions"
    label = _("Module discussions")
    order = 30

    def describe(self):
        retention = _(
            "Until the cohort's retention period ends (end date plus the retention months); "
            "then the cohort's discussions are deleted."
        )
        return [
            Category(
                key="discussions.posts",
                label=_("Discussion posts"),
                models=("discussions.Thread", "discussions.Post", "discussions.Mention"),
                data=_(
                    "Threads you started and messages you posted in a module discussion, when, "
                    "and whom you mentioned."
                ),
                purpose=_("Learning together with your cohort, trainers and the guild."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_(
                    "The participants and trainers of your cohort and guild members who joined "
                    "or were mentioned."
                ),
                retention=retention,
            ),
            Category(
                key="discussions.moderation",
                label=_("Reports and moderation"),
                models=(
                    "discussions.Report",
                    "discussions.ModerationAction",
                    "discussions.Practitioner",
                ),
                data=_(
                    "Messages you reported and why; for trainers, what they hid or locked and "
                    "why; for guild members, which discussions they joined."
                ),
                purpose=_("Keeping the discussions safe and respectful."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("The trainers of the cohort and the administrators."),
                retention=retention,
            ),
            NotPersonal(("discussions.Discussion",), "Which module and cohort a discussion is."),
        ]

    def export(self, user, writer):
        posts = (
            Post.objects.filter(author=user, erased=False, deleted_at=None)
            .select_related("thread__discussion__module", "thread__discussion__cohort")
            .order_by("created_at", "pk")
        )
        writer.add_json(
            "discussions.posts",
            "gesprekken.json",
            [
                {
                    "module": p.thread.discussion.module.title,
                    "cohort": p.thread.discussion.cohort.name,
                    "thread": p.thread.title,
                    "text": html_to_text(p.body),
                    "created_at": isoformat(p.created_at),
                    "edited_at": isoformat(p.edited_at),
                    "hidden": p.hidden_at is not None,
                }
                for p in posts
            ],
        )
        writer.add_json(
            "discussions.moderation",
            "gesprekken-meldingen.json",
            [
                {"reason": r.reason, "created_at": isoformat(r.created_at)}
                for r in Report.objects.filter(reporter=user).order_by("created_at")
            ],
        )

    def erase(self, user, plan):
        # Others' notifications about a thread they started carry its title.
        titles = list(Thread.objects.filter(author=user).values_list("title", flat=True))
        plan.update(
            Notification.objects.filter(key__startswith="discussions:", title__in=titles),
            _("notification titles naming threads they started"),
            title=ANONYMISED,
        )
        plan.update(
            Post.objects.filter(author=user),
            _("discussion posts (emptied, their place kept)"),
            body="",
            author=None,
            erased=True,
        )
        plan.update(
            Thread.objects.filter(author=user),
            _("discussion threads started (title anonymised)"),
            title=ANONYMISED,
            author=None,
        )
        plan.delete(Mention.objects.filter(user=user), _("mentions in discussions"))
        plan.delete(Report.objects.filter(reporter=user), _("reports of discussion posts"))
        plan.delete(Practitioner.objects.filter(user=user), _("discussion memberships"))
        plan.update(
            ModerationAction.objects.filter(actor=user),
            _("moderation they did (kept without their name)"),
            actor=None,
        )

    def retain(self, cohort, plan):
        plan.delete(Discussion.objects.filter(cohort=cohort), _("module discussions"))


@hooks.register("register_privacy_provider")
def provider():
    return DiscussionsProvider()
