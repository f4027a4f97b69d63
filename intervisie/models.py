"""Intervisie: small peer groups within a cohort, and the cases participants bring into them.

A trainer forms the groups; a participant brings one of their own fieldwork entries in as a case
(inbreng) with a question. The members respond in the phases of intervisie, in order: clarifying
questions, what they recognise, advice; the case holder closes with what they take from it. The
case holder moves the case from one phase to the next; members respond in the current phase.

Access is one rule, ``visible_to``: a current member of the group (enrolled in its cohort) reads
the group, its cases and their responses. The cohort's trainers see the groups, who brought
which case and its phase (``managed_by``), but read a case's content only when its holder allows
it: intervisie is a safe space among peers.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.models import Cohort
from leergang.permissions import is_administrator, is_authenticated

MIN_MEMBERS, MAX_MEMBERS = 3, 6


def _current_memberships(user):
    """The user's memberships in groups of a cohort they are still enrolled in."""
    return GroupMembership.objects.filter(
        user=user, user__enrolments__cohort=F("group__cohort")
    ).values("group_id")


class IntervisieGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Groups the user is a current member of (all for an administrator)."""
        if not is_authenticated(user):
            return self.none()
        if is_administrator(user):
            return self.all()
        return self.filter(pk__in=_current_memberships(user))

    def managed_by(self, user):
        """Groups of the cohorts the user manages (trains)."""
        return self.filter(cohort__in=Cohort.objects.managed_by(user))


class IntervisieGroup(models.Model):
    """A small, fixed group of participants of one cohort who bring cases to each other."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="intervisie_groups", verbose_name=_("cohort")
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        related_name="intervisie_groups",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = IntervisieGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervisie group")
        verbose_name_plural = _("intervisie groups")
        ordering = ["cohort", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="unique_intervisie_group_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intervisie:group", args=[self.pk])

    def current_members(self):
        return self.members.filter(enrolments__cohort=self.cohort_id).order_by(
            "first_name", "last_name", "pk"
        )


class GroupMembership(models.Model):
    """A participant in an intervisie group (a participant may be in more than one)."""

    group = models.ForeignKey(IntervisieGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intervisie_memberships"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="unique_intervisie_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"


class Phase(models.TextChoices):
    QUESTIONS = "questions", _("Clarifying questions")
    RECOGNITION = "recognition", _("What you recognise")
    ADVICE = "advice", _("Advice or another approach")
    CLOSING = "closing", _("What I take from it")
    CLOSED = "closed", _("Closed")


# The phases in which members respond, in order; the case holder closes in CLOSING.
RESPONSE_PHASES = (Phase.QUESTIONS, Phase.RECOGNITION, Phase.ADVICE)
ORDER = (Phase.QUESTIONS, Phase.RECOGNITION, Phase.ADVICE, Phase.CLOSING, Phase.CLOSED)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases of the groups the user is a current member of; for the cohort's trainers only
        the cases whose holder allowed them to read along; all for an administrator."""
        if not is_authenticated(user):
            return self.none()
        if is_administrator(user):
            return self.all()
        return self.filter(
            Q(group__in=IntervisieGroup.objects.visible_to(user))
            | Q(trainers_may_read=True, group__cohort__in=Cohort.objects.managed_by(user))
        )

    def managed_by(self, user):
        """Cases in groups of the cohorts the user trains (their holder and phase, not content)."""
        return self.filter(group__in=IntervisieGroup.objects.managed_by(user))

    def owned_by(self, user):
        """Cases the user brought in, in a group they still belong to."""
        if not is_authenticated(user):
            return self.none()
        return self.filter(holder=user, group__in=IntervisieGroup.objects.visible_to(user))


class Case(models.Model):
    """A fieldwork entry a participant brings into their group (inbreng), with their question."""

    group = models.ForeignKey(
        IntervisieGroup, on_delete=models.CASCADE, related_name="cases", verbose_name=_("group")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intervisie_cases",
        verbose_name=_("case holder"),
    )
    entry = models.ForeignKey(
        "portfolio.FieldworkEntry",
        on_delete=models.CASCADE,
        related_name="intervisie_cases",
        verbose_name=_("fieldwork entry"),
    )
    question = models.TextField(_("your question to the group"))
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.QUESTIONS
    )
    takeaway = models.TextField(_("what I take from it"), blank=True)
    trainers_may_read = models.BooleanField(_("the trainers may read along"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervisie case")
        verbose_name_plural = _("intervisie cases")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.group}: {self.entry}"

    def get_absolute_url(self):
        return reverse("intervisie:case", args=[self.pk])

    @property
    def is_closed(self):
        return self.phase == Phase.CLOSED

    @property
    def accepts_responses(self):
        return self.phase in RESPONSE_PHASES

    @property
    def next_phase(self):
        index = ORDER.index(self.phase)
        return ORDER[index + 1] if self.phase not in (Phase.CLOSING, Phase.CLOSED) else None


class Response(models.Model):
    """What a member says in one phase of a case; in the first phase the holder may answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="intervisie_responses",
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    text = models.TextField(_("your response"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("intervisie response")
        verbose_name_plural = _("intervisie responses")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case} · {self.get_phase_display()}"
