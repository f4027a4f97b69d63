"""The participant's portfolio: values reflection, fieldwork with residents and evidence.

``PortfolioShare`` (sharing.py), the fieldwork tags (tagging.py) and ``PrivacyFinding``
(findings.py) live beside this module and are re-exported here.

Everything here is private data about the participant and about residents who never signed up
for this platform. Who may read what is decided in one place, ``PortfolioQuerySet.visible_to``;
every other queryset (entries, attachments) derives from it.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from leergang.models import Enrolment
from leergang.permissions import is_administrator, is_authenticated

from .findings import PrivacyFinding  # noqa: F401 - re-exported
from .sharing import PortfolioShare
from .tagging import (  # noqa: F401 - FieldworkTag re-exported
    FieldworkTag,
    FieldworkTagManager,
    TaggedFieldworkEntry,
)


def private_storage():
    """Attachments live in the private storage, never under MEDIA_ROOT (see settings.STORAGES)."""
    return storages["private"]


def attachment_upload_to(instance, filename):
    # The original name is kept in a field; the stored name carries no personal data and
    # cannot be guessed.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"portfolio/{instance.entry.portfolio.public_id}/{uuid.uuid4().hex}.{ext}"


class PortfolioQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The single read rule: owner, trainers of the owner's cohort, users it is shared
        with (read only) and administrators. Everyone else sees nothing."""
        if not is_authenticated(user):
            return self.none()
        if is_administrator(user):
            return self.all()
        # Owner and trainers: the enrolment rule, kept in one place on Enrolment.
        enrolments = Enrolment.objects.visible_to(user).values("pk")
        shared = PortfolioShare.objects.active().filter(user=user).values("portfolio_id")
        return self.filter(Q(enrolment__in=enrolments) | Q(pk__in=shared))

    def shared_with(self, user):
        """Portfolios others share with this user right now (for the user's own lists)."""
        shared = PortfolioShare.objects.active().filter(user=user).values("portfolio_id")
        return self.visible_to(user).filter(pk__in=shared)

    def owned_by(self, user):
        """The write rule: only the participant whose portfolio it is may change it."""
        if not is_authenticated(user):
            return self.none()
        return self.filter(enrolment__user=user)

    def get_or_create_for(self, user):
        """The user's current portfolio, that of their latest enrolment, created on first use;
        None for a user without an enrolment. Not a filter: it may write a row."""
        if not is_authenticated(user):
            return None
        # The portfolio comes with its enrolment (one query when it exists, as it mostly does).
        enrolment = (
            Enrolment.objects.filter(user=user)
            .select_related("portfolio")
            .order_by("-enrolled_at", "-pk")
            .first()
        )
        if enrolment is None:
            return None
        try:
            return enrolment.portfolio
        except Portfolio.DoesNotExist:
            pass
        portfolio, _created = Portfolio.objects.get_or_create(enrolment=enrolment)
        return portfolio


def portfolio_for_request(request):
    """``Portfolio.objects.get_or_create_for(request.user)``, looked up once per request (the
    dashboard's panels all ask)."""
    if not hasattr(request, "_current_portfolio"):
        request._current_portfolio = Portfolio.objects.get_or_create_for(request.user)
    return request._current_portfolio


class Portfolio(models.Model):
    """One per enrolment: the participant's values reflections, fieldwork log and evidence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.OneToOneField(
        "leergang.Enrolment",
        on_delete=models.CASCADE,
        related_name="portfolio",
        verbose_name=_("enrolment"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PortfolioQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def __str__(self):
        return str(self.enrolment)

    def get_absolute_url(self):
        return reverse("portfolio:view", args=[self.public_id])

    @property
    def owner(self):
        return self.enrolment.user

    def is_owner(self, user):
        return is_authenticated(user) and self.enrolment.user_id == user.pk


class ValuesQuestion(Orderable):
    """A guided question of the values reflection; administrators edit them in the admin."""

    text = models.CharField(_("question"), max_length=300)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("A short hint shown below the question.")
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Questions that are not in use are no longer asked; old answers stay."),
    )

    panels = [FieldPanel("text"), FieldPanel("guidance"), FieldPanel("is_active")]
    search_fields = [index.SearchField("text"), index.AutocompleteField("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("values question")
        verbose_name_plural = _("values questions")

    def __str__(self):
        return self.text


class ValuesReflection(models.Model):
    """One version of the values reflection, written at intake, midway or at the end."""

    class Stage(models.TextChoices):
        INTAKE = "intake", _("Intake")
        MIDWAY = "midway", _("Midway")
        FINAL = "final", _("End")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("portfolio")
    )
    stage = models.CharField(_("moment"), max_length=10, choices=Stage.choices)
    assignment_id = models.CharField(_("assignment"), max_length=120, blank=True)
    # What the autosave kept of the form while typing; cleared on a real save.
    autosave_data = models.JSONField(default=dict, blank=True, editable=False)
    autosaved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("values reflection")
        verbose_name_plural = _("values reflections")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "stage"], name="one_reflection_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()} – {self.portfolio}"


class ValuesAnswer(models.Model):
    """The answer to one question in one version; the question text is kept as it was asked."""

    reflection = models.ForeignKey(
        ValuesReflection, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ValuesQuestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    question_text = models.CharField(_("question"), max_length=300)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return self.question_text


class FieldworkEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(portfolio__in=Portfolio.objects.visible_to(user))

    def owned_by(self, user):
        return self.filter(portfolio__in=Portfolio.objects.owned_by(user))


class FieldworkEntry(models.Model):
    """One piece of work with residents (veldwerk): what they wanted, what I did, what came of it."""

    class Setting(models.TextChoices):
        STREET = "street", _("Street conversation")
        HOME = "home", _("Home visit")
        MEETING = "meeting", _("Residents' meeting")
        EVENT = "event", _("Neighbourhood activity")
        PARTNERS = "partners", _("Meeting with partners")
        OTHER = "other", _("Other")

    # What the participant writes in an entry, in the order of the form: the form edits these,
    # the autosave keeps them as typed, a revision stores them and restoring puts them back.
    CONTENT_FIELDS = (
        "title",
        "date",
        "place",
        "setting",
        "involved",
        "residents_idea",
        "actions",
        "outcome",
        "reflection",
        "module",
        "learning_outcomes",
        "assignment_id",
        "tags",
    )
    # Those kept as sanitised HTML (typed in the small plain-text format of portfolio.richtext).
    RICH_TEXT_FIELDS = ("residents_idea", "actions", "outcome", "reflection")
    # The free text among them: what the privacy check reads and retention anonymises.
    FREE_TEXT_FIELDS = ("title", "place", "involved", *RICH_TEXT_FIELDS)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="entries", verbose_name=_("portfolio")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Neighbourhood, village or street.")
    )
    setting = models.CharField(
        _("setting"), max_length=20, choices=Setting.choices, default=Setting.STREET
    )
    involved = models.CharField(
        _("who was involved"),
        max_length=500,
        blank=True,
        help_text=_("By role and pseudonym only, e.g. resident A, shopkeeper B."),
    )
    residents_idea = models.TextField(_("the residents' idea or ambition"), blank=True)
    actions = models.TextField(_("what I did"), blank=True)
    outcome = models.TextField(_("what happened"), blank=True)
    reflection = models.TextField(_("my reflection"), blank=True)
    module = models.ForeignKey(
        "modules.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    learning_outcomes = models.ManyToManyField(
        "modules.LearningOutcome", blank=True, related_name="+", verbose_name=_("learning outcomes")
    )
    assignment_id = models.CharField(_("assignment"), max_length=120, blank=True)
    tags = TaggableManager(
        through=TaggedFieldworkEntry,
        blank=True,
        verbose_name=_("tags"),
        manager=FieldworkTagManager,
    )
    is_draft = models.BooleanField(_("draft"), default=True)
    autosave_data = models.JSONField(default=dict, blank=True, editable=False)
    autosaved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FieldworkEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("fieldwork entry")
        verbose_name_plural = _("fieldwork entries")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["portfolio", "-date"], name="entry_portfolio_date")]

    def __str__(self):
        return self.title or str(_("Untitled entry"))

    def get_absolute_url(self):
        return reverse("portfolio:entry", args=[self.public_id])


class EntryRevision(models.Model):
    """A saved state of an entry, so that an earlier version can be restored."""

    entry = models.ForeignKey(FieldworkEntry, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("entry revision")
        verbose_name_plural = _("entry revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.entry} @ {self.created_at:%Y-%m-%d %H:%M}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(entry__portfolio__in=Portfolio.objects.visible_to(user))

    def owned_by(self, user):
        return self.filter(entry__portfolio__in=Portfolio.objects.owned_by(user))


class Attachment(models.Model):
    """Evidence attached to a fieldwork entry: a photo or document, with the residents' consent."""

    class Consent(models.TextChoices):
        NONE = "", _("Not filled in")
        NOT_IDENTIFIABLE = "not_identifiable", _("No identifiable residents")
        RECORDED = "recorded", _("Consent recorded")

    class ConsentUse(models.TextChoices):
        PORTFOLIO = "portfolio", _("Portfolio only")
        PUBLIC_STORY = "public_story", _("Portfolio and a public story")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(FieldworkEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_upload_to, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.CharField(max_length=300, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    consent = models.CharField(
        _("consent"), max_length=20, choices=Consent.choices, blank=True, default=""
    )
    consent_given_by = models.CharField(
        _("consent given by"),
        max_length=200,
        blank=True,
        help_text=_("Role or pseudonym, e.g. resident A (the form is kept on paper)."),
    )
    consent_use = models.CharField(
        _("consent for"), max_length=20, choices=ConsentUse.choices, blank=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type in ("image/jpeg", "image/png", "image/webp")

    @property
    def has_consent(self):
        if self.consent == self.Consent.NOT_IDENTIFIABLE:
            return True
        return bool(
            self.consent == self.Consent.RECORDED and self.consent_given_by and self.consent_use
        )


class RealName(models.Model):
    """A real name the participant wants the privacy check to look for (kept private)."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="real_names")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("real name")
        verbose_name_plural = _("real names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "name"], name="unique_real_name")
        ]

    def __str__(self):
        return self.name
