"""Conversations around a module: one discussion per module page and cohort.

A discussion row is made by the first thing written in it (a thread, or a guild member
joining), never by reading: a module's discussion for a cohort exists for everyone in that
cohort from the start. Threads hold posts in one flat level of replies (Moodle's "standard
forum"). Posts are never removed from the structure: deleting, hiding and erasure empty them
and keep their place.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Discussion(models.Model):
    module = models.ForeignKey(
        "modules.ModulePage",
        on_delete=models.CASCADE,
        related_name="discussions",
        verbose_name=_("module"),
    )
    cohort = models.ForeignKey(
        "leergang.Cohort",
        on_delete=models.CASCADE,
        related_name="discussions",
        verbose_name=_("cohort"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.UniqueConstraint(fields=["module", "cohort"], name="unique_module_discussion")
        ]

    def __str__(self):
        return f"{self.module_id} – {self.cohort}"

    def get_absolute_url(self):
        return discussion_url(self.module_id, self.cohort_id)


def discussion_url(module_id, cohort_id):
    return reverse("discussions:discussion", args=[module_id, cohort_id])


class Practitioner(models.Model):
    """A guild member who joined a cohort's discussion as a practitioner."""

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="practitioners"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        constraints = [
            models.UniqueConstraint(fields=["discussion", "user"], name="unique_practitioner")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.discussion_id}"


class Thread(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_threads",
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    lock_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.pk])

    @property
    def is_locked(self):
        return self.locked_at is not None


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_posts",
    )
    # Sanitised HTML of the small rich-text format (portfolio.richtext.text_to_html).
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    erased = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hide_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.thread_id}#{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    @property
    def is_removed(self):
        return self.deleted_at is not None or self.erased


class Mention(models.Model):
    """Someone named with @handle in a post (a guild member may read the discussion then)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_mentions"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="unique_mention")]

    def __str__(self):
        return f"@{self.user_id} in {self.post_id}"


class Report(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_reports",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.post_id}: {self.reason}"


class ModerationAction(models.Model):
    """The log of moderation in a discussion, shown to its trainers."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Post hidden")
        UNHIDE = "unhide", _("Post shown again")
        LOCK = "lock", _("Thread locked")
        UNLOCK = "unlock", _("Thread unlocked")

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.thread_id}"
