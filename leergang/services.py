"""Multi-step changes around people and cohorts: enrolment and invitations."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import roles, throttle
from .links import absolute_url
from .models import Enrolment, normalize_email
from .permissions import is_staff_account

MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000


class EnrolmentRefused(Exception):
    """The address belongs to an account that is never enrolled as a participant."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def account_role(user):
    """What an existing account is, in the words an administrator reads."""
    if user.is_administrator or user.is_staff:
        return _("administrator")
    if user.is_trainer:
        return _("trainer")
    if user.is_guild_member:
        return _("guild member")
    if user.is_participant:
        return _("participant")
    return _("no role")


def refusal_reason(user):
    """Why this existing account may not be enrolled as a participant, or None.

    Staff accounts (trainer, guild member, administrator) would gain a participant's view of a
    cohort, and a trainer's own address in a participant list is almost always a typing error
    or someone's trick; a deactivated account was closed on purpose.
    """
    if not user.is_active:
        return _("an existing, deactivated account has this address")
    if is_staff_account(user):
        return _(
            "an existing account of a %(role)s has this address; staff accounts are not "
            "enrolled as participants"
        ) % {"role": account_role(user)}
    return None


def existing_account(email):
    User = get_user_model()
    return User.objects.filter(email=normalize_email(email)).first()


def invitation_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("invitation", kwargs={"uidb64": uid, "token": token})


def invitation_url(user):
    return absolute_url(invitation_path(user))


def send_invitation(enrolment):
    """E-mail the new participant; False when the address had too many e-mails this hour.

    Someone without a password gets a link to choose one (it works once and expires with
    PASSWORD_RESET_TIMEOUT); someone who already has a password is told to log in with it.
    """
    user = enrolment.user
    if not throttle.hit("account-mail", user.email):
        return False
    context = {
        "user": user,
        "cohort": enrolment.cohort,
        "url": None if user.has_usable_password() else invitation_url(user),
        "login_url": absolute_url(reverse("login")),
    }
    with translation.override("nl"):
        subject = _("Invitation: course Creative Communities, %(cohort)s") % {
            "cohort": enrolment.cohort.name
        }
        body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    enrolment.invited_at = timezone.now()
    enrolment.save(update_fields=["invited_at"])
    return True


def enrol(cohort, email, first_name="", last_name=""):
    """Enrol one person as a participant, creating their account if needed.

    Returns (enrolment, created); raises EnrolmentRefused for an account that may not be a
    participant (``refusal_reason``), changing nothing.
    """
    User = get_user_model()
    email = normalize_email(email)
    user, user_created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name.strip(), "last_name": last_name.strip()}
    )
    if user_created:
        user.set_unusable_password()
        user.save()
    else:
        reason = refusal_reason(user)
        if reason:
            raise EnrolmentRefused(reason)
    user.groups.add(Group.objects.get(name=roles.PARTICIPANTS))
    enrolment, created = Enrolment.objects.get_or_create(cohort=cohort, user=user)
    return enrolment, created


@dataclass
class CsvRow:
    line: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    errors: list = field(default_factory=list)
    # The role of the account that already had this address; "" for a new account.
    existing_role: str = ""


@dataclass
class CsvReport:
    enrolled: list = field(default_factory=list)  # new accounts
    existing: list = field(default_factory=list)  # existing participant accounts, now enrolled
    already: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    not_invited: list = field(default_factory=list)  # e-mail limit of the address reached
    fatal: str = ""


NAME_HEADERS = {"naam", "name", "volledige naam", "full name"}
FIRST_HEADERS = {"voornaam", "first name", "first_name"}
LAST_HEADERS = {"achternaam", "last name", "last_name"}
EMAIL_HEADERS = {"e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "mail"}


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not a readable text (CSV) file."))


def _read_rows(raw: bytes):
    """The non-empty rows of the file, header first; ValidationError when it is no usable CSV."""
    if len(raw) > MAX_CSV_BYTES:
        raise ValidationError(_("The file is larger than 1 MB."))
    if b"\x00" in raw:
        raise ValidationError(_("The file is not a readable text (CSV) file."))
    text = _decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file could not be read: %(error)s") % {"error": exc}
        ) from exc
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    return rows


@dataclass(frozen=True)
class _Columns:
    """Where each kind of value is in a row (None: the file has no such column)."""

    email: int | None
    name: int | None
    first: int | None
    last: int | None

    @classmethod
    def from_header(cls, cells):
        header = [c.strip().lower() for c in cells]

        def find(names):
            return next((i for i, h in enumerate(header) if h in names), None)

        return cls(
            email=find(EMAIL_HEADERS),
            name=find(NAME_HEADERS),
            first=find(FIRST_HEADERS),
            last=find(LAST_HEADERS),
        )


def _row_from_cells(number, cells, columns):
    def cell(i):
        return cells[i].strip() if i is not None and i < len(cells) else ""

    row = CsvRow(line=number, email=normalize_email(cell(columns.email)))
    if columns.name is not None:
        first, _sep, last = cell(columns.name).partition(" ")
        row.first_name, row.last_name = first, last
    row.first_name = cell(columns.first) or row.first_name
    row.last_name = cell(columns.last) or row.last_name
    return row


def _check_row(row):
    """Add the row's own problems (address, name) to its errors."""
    if not row.email:
        row.errors.append(_("e-mail address missing"))
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("'%(email)s' is not a valid e-mail address") % {"email": row.email})
    if not (row.first_name or row.last_name):
        row.errors.append(_("name missing"))
    if len(row.first_name) > 150 or len(row.last_name) > 150:
        row.errors.append(_("name longer than 150 characters"))


def parse_csv(raw: bytes):
    """Parse a CSV of names and e-mail addresses into rows; raises ValidationError when unusable."""
    rows = _read_rows(raw)
    columns = _Columns.from_header(rows[0])
    if columns.email is None:
        raise ValidationError(
            _("The first line must name the columns, with at least 'naam' and 'e-mail'.")
        )
    if len(rows) - 1 > MAX_CSV_ROWS:
        raise ValidationError(_("At most %(n)d rows per file.") % {"n": MAX_CSV_ROWS})
    parsed, seen = [], {}
    for number, cells in enumerate(rows[1:], start=2):
        row = _row_from_cells(number, cells, columns)
        _check_row(row)
        if row.email and row.email in seen:
            row.errors.append(
                _("e-mail address appears twice in the file (also on line %(line)d)")
                % {"line": seen[row.email]}
            )
        elif row.email:
            seen[row.email] = number
        parsed.append(row)
    return parsed


def _check_existing_accounts(rows):
    """Mark rows whose address already has an account: its role, or why it is refused."""
    User = get_user_model()
    by_email = {r.email: r for r in rows if not r.errors}
    for user in User.objects.filter(email__in=by_email).prefetch_related("groups"):
        row = by_email[user.email]
        reason = refusal_reason(user)
        if reason:
            row.errors.append(reason)
        else:
            row.existing_role = account_role(user)


def enrol_from_csv(cohort, raw: bytes) -> CsvReport:
    """Enrol every valid row; report bad rows with their line and reason.

    The good rows are written in one transaction, so a crash halfway leaves nothing half-done;
    invitations are sent only after it commits.
    """
    report = CsvReport()
    try:
        rows = parse_csv(raw)
    except ValidationError as exc:
        report.fatal = " ".join(exc.messages)
        return report
    _check_existing_accounts(rows)
    good = [r for r in rows if not r.errors]
    report.failed = [r for r in rows if r.errors]
    new_enrolments = []
    with transaction.atomic():
        for row in good:
            try:
                enrolment, created = enrol(cohort, row.email, row.first_name, row.last_name)
            except EnrolmentRefused as exc:  # the account changed since the check above
                row.errors.append(exc.reason)
                report.failed.append(row)
                continue
            if not created:
                report.already.append(row)
                continue
            new_enrolments.append((row, enrolment))
            (report.existing if row.existing_role else report.enrolled).append(row)
    for row, enrolment in new_enrolments:
        if not send_invitation(enrolment):
            report.not_invited.append(row)
    return report
