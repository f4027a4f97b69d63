"""Peer feedback: comments a reader leaves on a portfolio shared with them, or on an entry in it.

Sharing is of the whole portfolio (``portfolio.sharing.PortfolioShare``), so a comment is on the
portfolio as a whole or on one fieldwork entry shown in it. Who may do what is one rule each:

- ``visible_to`` (read): the owner reads every comment on their work, hidden ones included; a
  current share recipient reads the comments the owner did not hide (and their own, hidden or
  not); the trainers of the owner's cohort (and administrators) read only the comments the owner
  let them see. A reader whose share ended or was revoked reads nothing any more.
- ``owned_by`` (write): the author edits (for a short while) and deletes their comment, while
  they still hold the share.
- ``received_by``: the owner sets, per comment, whether it goes into their PDF, whether trainers
  may see it, and whether it is hidden.
- ``managed_by`` (staff): the comments on work of the cohorts a trainer manages that the owner
  let the trainers see.

The owner decides: both ``in_pdf`` and ``visible_to_trainers`` start off.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.models import Cohort
from leergang.permissions import is_authenticated
from portfolio.models import PortfolioShare

EDIT_MINUTES = 15


def edit_window():
    return datetime.timedelta(minutes=getattr(settings, "PEERFEEDBACK_EDIT_MINUTES", EDIT_MINUTES))


def _shared_with(user):
    """The portfolios shared with ``user`` right now (the share's own rule)."""
    return PortfolioShare.objects.active().filter(user=user).values("portfolio_id")


class PeerCommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_authenticated(user):
            return self.none()
        return self.filter(
            Q(portfolio__enrolment__user=user)
            | (Q(portfolio__in=_shared_with(user)) & (Q(hidden_by_owner=False) | Q(author=user)))
            | self._for_staff(user)
        )

    def _for_staff(self, user):
        return Q(
            visible_to_trainers=True,
            hidden_by_owner=False,
            portfolio__enrolment__cohort__in=Cohort.objects.managed_by(user),
        )

    def owned_by(self, user):
        """The user's own comments on work that is still shared with them."""
        if not is_authenticated(user):
            return self.none()
        return self.filter(author=user, portfolio__in=_shared_with(user))

    def received_by(self, user):
        """Comments on the user's own work: theirs to show, hide or put in the PDF."""
        if not is_authenticated(user):
            return self.none()
        return self.filter(portfolio__enrolment__user=user)

    def managed_by(self, user):
        if not is_authenticated(user):
            return self.none()
        return self.filter(self._for_staff(user))

    def in_pdf(self):
        return self.filter(in_pdf=True, hidden_by_owner=False)


class PeerComment(models.Model):
    """What a cohort member who reads a shared portfolio says about it or about one entry."""

    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        on_delete=models.CASCADE,
        related_name="peer_comments",
        verbose_name=_("portfolio"),
    )
    entry = models.ForeignKey(
        "portfolio.FieldworkEntry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="peer_comments",
        verbose_name=_("fieldwork entry"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="peer_comments",
        verbose_name=_("author"),
    )
    # Sanitised HTML of the small rich-text format, typed HTML kept as text
    # (portfolio.richtext.text_to_html with accept_html=False).
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    in_pdf = models.BooleanField(_("in my PDF"), default=False)
    visible_to_trainers = models.BooleanField(_("my trainers may see it"), default=False)
    hidden_by_owner = models.BooleanField(_("hidden"), default=False)

    objects = PeerCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer comment")
        verbose_name_plural = _("peer comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["portfolio", "entry"], name="peercomment_target")]

    def __str__(self):
        return f"{self.author} → {self.portfolio}"

    def get_absolute_url(self):
        target = self.entry if self.entry_id else self.portfolio
        return f"{target.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"reactie-{self.pk}"

    def editable_until(self):
        return self.created_at + edit_window()

    def may_still_edit(self, now=None):
        return (now or timezone.now()) < self.editable_until()
