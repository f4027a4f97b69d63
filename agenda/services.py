"""The calendar address: make, renew, revoke, and who sees which cohorts in the feed."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from leergang.links import absolute_url
from leergang.models import Cohort

from .models import CalendarToken

# A fetch updates ``last_used_at`` at most this often (feed readers poll every few hours).
USE_RESOLUTION = datetime.timedelta(hours=1)


def cohorts_of(user):
    """The cohorts whose sessions and deadlines are in ``user``'s calendar: the ones they
    follow or train (all for an administrator)."""
    return Cohort.objects.visible_to(user)


def active_token(user):
    return CalendarToken.objects.owned_by(user).active().first()


@transaction.atomic
def renew(user):
    """A new address; the old one (if any) stops working at once."""
    CalendarToken.objects.owned_by(user).active().update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user)


def revoke(user):
    return CalendarToken.objects.owned_by(user).active().update(revoked_at=timezone.now())


def token_user(key):
    """The owner of an active address, or None (revoked, unknown, or a deactivated account)."""
    token = (
        CalendarToken.objects.active()
        .filter(key=key, user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    CalendarToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_RESOLUTION)
    ).update(last_used_at=now)
    return token.user


def feed_url(token):
    return absolute_url(reverse("agenda:feed", args=[token.key]))


def webcal_url(token):
    """The same address for calendar apps: webcal:// makes them offer to subscribe."""
    return "webcal://" + feed_url(token).split("://", 1)[1]
