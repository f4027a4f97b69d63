"""The site core: people, cohorts and the home page."""

import calendar
import datetime

from django import forms
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from . import roles


def normalize_email(value):
    """The one form of an e-mail address we store, look up and count lock-outs by.

    Surrounding spaces go and the whole address is lower-cased. Not ``casefold()``: that turns
    ``ß`` into ``ss`` and so names a different mailbox.
    """
    return (value or "").strip().lower()


# Name of the case-insensitive unique index on User.email (see User.get_constraints).
EMAIL_CI_UNIQUE = "leergang_user_email_ci_unique"


class UserManager(BaseUserManager):
    """Users are known by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = normalize_email(email)
        user = self.model(email=email, **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": normalize_email(username)})


class User(AbstractUser):
    """Anyone who logs in: participant, trainer, guild member or administrator (by group)."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            # The database's own guard against "a@x.nl" next to "A@x.nl", whatever wrote them.
            models.UniqueConstraint(Lower("email"), name=EMAIL_CI_UNIQUE),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        # Normalised before the unique check, so a case variant of a taken address is a form
        # error on the e-mail field ("already exists"), not a database error.
        self.email = normalize_email(self.email)

    def get_constraints(self):
        # Form validation of the case-insensitive index would repeat the e-mail field's own
        # unique error as a second, non-field error; clean() already makes that check exact.
        return [
            (model, [c for c in constraints if c.name != EMAIL_CI_UNIQUE])
            for model, constraints in super().get_constraints()
        ]

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.get_full_name() or self.email.split("@")[0]

    @property
    def is_participant(self):
        return roles.has_role(self, roles.PARTICIPANTS)

    @property
    def is_trainer(self):
        return roles.has_role(self, roles.TRAINERS)

    @property
    def is_guild_member(self):
        return roles.has_role(self, roles.GUILD_MEMBERS)

    @property
    def is_administrator(self):
        return self.is_superuser or roles.has_role(self, roles.ADMINISTRATORS)


class CohortQuerySet(models.QuerySet):
    def trained_by(self, user):
        """Cohorts in which ``user`` is a trainer."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(trainers=user)

    def followed_by(self, user):
        """Cohorts in which ``user`` is enrolled as a participant."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrolments__user=user)

    def managed_by(self, user):
        """Cohorts a user manages: all for an administrator, else the ones they train."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        return self.filter(trainers=user)

    def visible_to(self, user):
        """Cohorts a user takes part in as participant or trainer; all for administrators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        return self.filter(Q(trainers=user) | Q(enrolments__user=user)).distinct()

    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate()).order_by("start_date")


class Cohort(ClusterableModel):
    """One run of the course (groep): its dates, trainers, sessions and participants."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("Where the sessions usually are.")
    )
    trainers = ParentalManyToManyField(
        "leergang.User",
        verbose_name=_("trainers"),
        related_name="trained_cohorts",
        blank=True,
        limit_choices_to={"groups__name": roles.TRAINERS},
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        default=24,
        help_text=_(
            "Months after the end date after which fieldwork attachments are deleted and "
            "entries are anonymised (manage.py apply_retention)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("location"),
        FieldPanel("retention_months"),
        FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [InlinePanel("sessions", label=_("Session"))], heading=_("Sessions (bijeenkomsten)")
        ),
        HelpPanel(
            content=_(
                "Enrol participants one by one or from a CSV file with the "
                "'Enrol participants' button in the cohort list."
            )
        ),
    ]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cohort_end_after_start"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def retention_ends(self):
        """The day after which the cohort's fieldwork is anonymised (end date + retention)."""
        months = self.end_date.month - 1 + self.retention_months
        year, month = self.end_date.year + months // 12, months % 12 + 1
        day = min(self.end_date.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)

    def upcoming_sessions(self):
        now = timezone.localdate()
        return self.sessions.filter(date__gte=now).order_by("date", "start_time")


class CohortSession(models.Model):
    """A meeting of the cohort (bijeenkomst): when, where and about what."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("place"),
        FieldPanel("topic"),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.topic}"


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own enrolments; those of trained cohorts; all for administrators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        return self.filter(Q(user=user) | Q(cohort__trainers=user)).distinct()


class Enrolment(models.Model):
    """A participant taking part in one cohort; their portfolio hangs off this."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("participant")
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["user__first_name", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="unique_enrolment")]

    def __str__(self):
        return f"{self.user} – {self.cohort}"


class HomePage(Page):
    """The public front door: what the course is, for whom, its modules and stories."""

    lead = models.CharField(_("lead"), max_length=300)
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link", "ol", "ul"])
    audience = RichTextField(
        _("for whom"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    call_to_action = models.CharField(_("call to action"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("intro"),
        FieldPanel("audience"),
        FieldPanel("call_to_action"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["next_cohort"] = Cohort.objects.upcoming().first()
        # Apps add their own sections (modules, stories) through this hook, so the home page
        # does not import them.
        sections = []
        for fn in hooks.get_hooks("construct_home_sections"):
            fn(request, sections)
        context["sections"] = sections
        return context


class SentEmail(models.Model):
    """A record that the platform sent someone an e-mail: to whom, what about, when. Never the
    body (our e-mails carry links, not content). Part of the participant's own export; deleted
    on erasure and after ``SENT_EMAIL_DAYS``."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sent_emails",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.subject} ({self.sent_at:%Y-%m-%d})"
