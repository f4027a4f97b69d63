"""Who takes part in a module discussion, @handles, and the rules for posting.

Who reads a module's discussion of a cohort (everyone else gets a 404):

- the cohort's participants and trainers, and administrators;
- guild members who joined it as a practitioner (the "Join as practitioner" button on the
  module's discussions page), and guild members mentioned in one of its posts.

A handle is ``@`` + the first name + the first letter of the last word of the last name
(``@FennaV`` for Fenna de Vries), without spaces; when two people share one, the later account
gets a number (``@FennaV2``). Handles are looked up among the cohort's participants and
trainers and the guild's members; a handle of anybody else (a participant of another cohort,
a trainer elsewhere) means nobody.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leergang import roles
from leergang.models import Cohort
from leergang.permissions import is_administrator
from notifications.api import notify
from portfolio.models import RealName
from portfolio.privacy import scan_text
from portfolio.richtext import html_to_plain, text_to_html

from .models import Discussion, Mention, ModerationAction, Post, Practitioner, Report, Thread

User = get_user_model()

MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9]*)")


def posts_per_minute():
    return getattr(settings, "DISCUSSIONS_POSTS_PER_MINUTE", 5)


def edit_minutes():
    return getattr(settings, "DISCUSSIONS_EDIT_MINUTES", 15)


class PostRefused(Exception):
    """A post that is not stored; ``message`` says why (in Dutch), ``findings`` what the
    privacy check found."""

    def __init__(self, message, findings=()):
        super().__init__(message)
        self.message = message
        self.findings = list(findings)


# --- who ----------------------------------------------------------------------------------------


def is_cohort_member(user, cohort):
    """A participant or trainer of the cohort."""
    if not user.is_authenticated:
        return False
    return (
        cohort.trainers.filter(pk=user.pk).exists() or cohort.enrolments.filter(user=user).exists()
    )


def can_moderate(user, cohort):
    """The cohort's trainers and administrators: those who manage the cohort."""
    return Cohort.objects.managed_by(user).filter(pk=cohort.pk).exists()


def can_read(user, module, cohort):
    if not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user) or is_cohort_member(user, cohort):
        return True
    if not roles.has_role(user, roles.GUILD_MEMBERS):
        return False
    return guild_access(user, module, cohort)


def guild_access(user, module, cohort):
    return (
        Practitioner.objects.filter(
            user=user, discussion__module=module, discussion__cohort=cohort
        ).exists()
        or Mention.objects.filter(
            user=user,
            post__thread__discussion__module=module,
            post__thread__discussion__cohort=cohort,
        ).exists()
    )


def cohorts_for(user, module):
    """The cohorts whose discussion of ``module`` the user reads (guild members: joined or
    mentioned ones), newest first."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    cohorts = Cohort.objects.visible_to(user)
    if is_administrator(user) or not roles.has_role(user, roles.GUILD_MEMBERS):
        return cohorts
    joined = Q(discussions__module=module, discussions__practitioners__user=user)
    mentioned = Q(discussions__module=module, discussions__threads__posts__mentions__user=user)
    return Cohort.objects.filter(Q(pk__in=cohorts.values("pk")) | joined | mentioned).distinct()


def joinable_cohorts(user, module):
    """For a guild member: the cohorts whose discussion of ``module`` they may join."""
    if not roles.has_role(user, roles.GUILD_MEMBERS):
        return Cohort.objects.none()
    return Cohort.objects.exclude(pk__in=cohorts_for(user, module).values("pk")).order_by(
        "-start_date"
    )


@transaction.atomic
def join(user, module, cohort):
    discussion, _created = Discussion.objects.get_or_create(module=module, cohort=cohort)
    Practitioner.objects.get_or_create(discussion=discussion, user=user)
    return discussion


def members(module, cohort):
    """Everyone who may be mentioned: the cohort's participants and trainers, and the guild's
    members (each by pk, in account order)."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(enrolments__cohort=cohort)
            | Q(trained_cohorts=cohort)
            | Q(groups__name=roles.GUILD_MEMBERS)
        )
        .distinct()
        .order_by("pk")
    )


def taking_part(module, cohort):
    """The pks of the cohort's participants and trainers and the practitioners who joined."""
    return set(
        User.objects.filter(is_active=True)
        .filter(
            Q(enrolments__cohort=cohort)
            | Q(trained_cohorts=cohort)
            | Q(
                discussion_memberships__discussion__module=module,
                discussion_memberships__discussion__cohort=cohort,
            )
        )
        .values_list("pk", flat=True)
    )


def _ascii(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if c.isascii() and c.isalnum())


def base_handle(user):
    first = _ascii(user.first_name) or _ascii(user.email.split("@")[0]) or "lid"
    last_words = (user.last_name or "").split()
    initial = _ascii(last_words[-1])[:1].upper() if last_words else ""
    return first[:1].upper() + first[1:] + initial


def handles(people):
    """{user pk: handle} for these people (unique, case-insensitive)."""
    taken, result = {}, {}
    for person in sorted(people, key=lambda p: p.pk):
        base = base_handle(person)
        handle, n = base, 1
        while handle.lower() in taken:
            n += 1
            handle = f"{base}{n}"
        taken[handle.lower()] = person
        result[person.pk] = handle
    return result


def mentioned_users(text, module, cohort):
    """The people mentioned in ``text`` who may be mentioned in this discussion."""
    wanted = {m.lower() for m in MENTION_RE.findall(text or "")}
    if not wanted:
        return []
    people = members(module, cohort)
    by_handle = {h.lower(): pk for pk, h in handles(people).items()}
    by_pk = {p.pk: p for p in people}
    return [by_pk[by_handle[w]] for w in sorted(wanted) if w in by_handle]


# --- posting ------------------------------------------------------------------------------------


def _check(user, text):
    """Refuse a flood or residents' personal data; the caller keeps what was typed."""
    since = timezone.now() - datetime.timedelta(minutes=1)
    if Post.objects.filter(author=user, created_at__gte=since).count() >= posts_per_minute():
        raise PostRefused(
            _(
                "You are posting very quickly: at most %(count)s messages a minute. Wait a "
                "moment and post again; your text is kept."
            )
            % {"count": posts_per_minute()}
        )
    names = RealName.objects.filter(portfolio__enrolment__user=user).values_list("name", flat=True)
    findings = scan_text(text, names=list(names))
    if findings:
        raise PostRefused(
            _(
                "The privacy check found something that looks like personal data of residents. "
                "Replace it with a pseudonym (for example “bewoner A”) and post again."
            ),
            findings,
        )


def _refuse_locked(thread):
    if thread.is_locked:
        message = _("This thread is locked: no new messages can be posted.")
        if thread.lock_reason:
            message += " " + _("Reason: %(reason)s") % {"reason": thread.lock_reason}
        raise PostRefused(message)


def _notify_mentions(post, module, cohort, skip=()):
    notified = set()
    for person in mentioned_users(_plain(post.body), module, cohort):
        if person.pk in skip or (post.author and person.pk == post.author.pk):
            continue
        Mention.objects.get_or_create(post=post, user=person)
        if not can_read(person, module, cohort):
            continue
        notify(
            person,
            "mention",
            post.get_absolute_url(),
            title=post.thread.title,
            actor=post.author,
            key=f"discussions:mention:{post.pk}:{person.pk}",
        )
        notified.add(person.pk)
    return notified


def to_html(text):
    """The small rich-text format; HTML typed into a post is shown as text."""
    return text_to_html(text, accept_html=False)


def _plain(body):
    return html_to_plain(body)


@transaction.atomic
def start_thread(user, module, cohort, title, text):
    title = (title or "").strip()
    _check(user, f"{title}\n{text}")
    discussion, _created = Discussion.objects.get_or_create(module=module, cohort=cohort)
    now = timezone.now()
    thread = Thread.objects.create(
        discussion=discussion,
        author=user,
        title=title,
        created_at=now,
        last_post_at=now,
        post_count=1,
    )
    post = Post.objects.create(thread=thread, author=user, body=to_html(text), created_at=now)
    post.thread = thread
    _notify_mentions(post, module, cohort)
    return thread


@transaction.atomic
def reply(user, thread, text):
    thread = Thread.objects.select_for_update().select_related("discussion").get(pk=thread.pk)
    _refuse_locked(thread)
    _check(user, text)
    discussion = thread.discussion
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=user, body=to_html(text), created_at=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=F("post_count") + 1)
    post.thread = thread
    notified = _notify_mentions(post, discussion.module, discussion.cohort)
    author = thread.author
    if (
        author is not None
        and author.pk != user.pk
        and author.pk not in notified
        and can_read(author, discussion.module, discussion.cohort)
    ):
        notify(
            author,
            "mention",
            post.get_absolute_url(),
            title=thread.title,
            actor=user,
            key=f"discussions:reply:{post.pk}",
        )
    return post


def can_edit(user, post):
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_removed
        and post.hidden_at is None
        and timezone.now() - post.created_at < datetime.timedelta(minutes=edit_minutes())
    )


def can_delete(user, post):
    return user.is_authenticated and post.author_id == user.pk and not post.is_removed


@transaction.atomic
def edit(user, post, text):
    if not can_edit(user, post):
        raise PostRefused(_("The time to edit this message has passed."))
    _refuse_locked(post.thread)
    names = RealName.objects.filter(portfolio__enrolment__user=user).values_list("name", flat=True)
    findings = scan_text(text, names=list(names))
    if findings:
        raise PostRefused(
            _(
                "The privacy check found something that looks like personal data of residents. "
                "Replace it with a pseudonym (for example “bewoner A”) and post again."
            ),
            findings,
        )
    post.body = to_html(text)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    discussion = post.thread.discussion
    _notify_mentions(post, discussion.module, discussion.cohort)
    return post


def delete(user, post):
    if not can_delete(user, post):
        raise PostRefused(_("You can only delete your own messages."))
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])
    post.mentions.all().delete()


# --- moderation ---------------------------------------------------------------------------------


def report(user, post, reason):
    return Report.objects.create(post=post, reporter=user, reason=reason.strip()[:500])


@transaction.atomic
def set_hidden(user, post, hidden, reason):
    thread = post.thread
    post.hidden_at = timezone.now() if hidden else None
    post.hide_reason = reason if hidden else ""
    post.save(update_fields=["hidden_at", "hide_reason"])
    if hidden:
        post.reports.filter(handled_at=None).update(handled_at=timezone.now())
    return ModerationAction.objects.create(
        discussion=thread.discussion,
        thread=thread,
        post=post,
        actor=user,
        action=ModerationAction.Action.HIDE if hidden else ModerationAction.Action.UNHIDE,
        reason=reason,
    )


@transaction.atomic
def set_locked(user, thread, locked, reason):
    thread.locked_at = timezone.now() if locked else None
    thread.lock_reason = reason if locked else ""
    thread.save(update_fields=["locked_at", "lock_reason"])
    return ModerationAction.objects.create(
        discussion=thread.discussion,
        thread=thread,
        actor=user,
        action=ModerationAction.Action.LOCK if locked else ModerationAction.Action.UNLOCK,
        reason=reason,
    )


def dismiss_reports(post):
    post.reports.filter(handled_at=None).update(handled_at=timezone.now())
