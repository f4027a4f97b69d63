"""The login lock-out policy, on top of django-axes.

Failed logins within ``AXES_COOLOFF_TIME`` (15 minutes) are counted under several rules at
once, each with its own limit (``LEERGANG_LOCKOUT_RULES`` in the settings):

- one account from one client address: 5. Someone guessing one password is stopped, without
  locking the account's owner out at home: their address has its own count.
- one client address over all accounts: 20. Password spraying (one guess for many accounts)
  is stopped, and so is trying many spellings of one address.
- one account from every address together: 50. A guess spread over many machines is stopped
  too; to lock an owner out this way takes ten different addresses (an IPv6 /64 counts as one)
  within 15 minutes, and choosing a new password through "Forgot your password?" lifts it.

A refused attempt during a lock-out is not counted again (``AXES_RESET_COOL_OFF_ON_FAILURE_
DURING_LOCKOUT = False``): otherwise one address could push an account's total to its limit
alone. A successful login clears only that account's failures from that address, so logging in
to one's own account does not reset the count of a spraying address.

The e-mail address is normalised (``normalize_email``) before anything is counted, on every
path that authenticates, so "A@x.nl" and "a@x.nl" share one count.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from .models import normalize_email


def username_from_request(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the normalised e-mail address of the attempt, or None."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    return normalize_email(value) or None


class TieredLockoutHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler with one limit per lock-out rule instead of one limit for all.

    Axes compares a single failure count with a single limit (AXES_FAILURE_LIMIT, the first
    rule's). Each rule's count is scaled to that limit, so it reaches it exactly when the rule
    reaches its own: ``floor(failures * base / limit) >= base  <=>  failures >= limit``.
    """

    def get_failures(self, request, credentials=None):
        base = get_failure_limit(request, credentials)
        rules = settings.LEERGANG_LOCKOUT_RULES
        attempts_per_rule = self.get_user_attempts(request, credentials)
        scaled = 0
        for attempts, (_parameters, limit) in zip(attempts_per_rule, rules, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            scaled = max(scaled, failures * base // limit)
        return scaled

    def reset_user_attempts(self, request, credentials=None):
        """After a successful login: forget this account's failures from this address only."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def forget_failures_of(user):
    """A new password was chosen: the guesses at the old one no longer matter."""
    count, _ = AccessAttempt.objects.filter(username=normalize_email(user.email)).delete()
    return count
