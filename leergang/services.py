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

from . import roles
from .models import Enrolment

MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000


def invitation_url(user, base_url):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("invitation", kwargs={"uidb64": uid, "token": token})


def send_invitation(enrolment, base_url):
    """E-mail a link to set a password. The link works once and expires (PASSWORD_RESET_TIMEOUT)."""
    user = enrolment.user
    context = {
        "user": user,
        "cohort": enrolment.cohort,
        "url": invitation_url(user, base_url),
    }
    with translation.override("nl"):
        subject = _("Invitation: course Creative Communities, %(cohort)s") % {
            "cohort": enrolment.cohort.name
        }
        body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    enrolment.invited_at = timezone.now()
    enrolment.save(update_fields=["invited_at"])


def enrol(cohort, email, first_name="", last_name=""):
    """Enrol one person, creating their account if needed. Returns (enrolment, created)."""
    User = get_user_model()
    email = email.strip().lower()
    user, user_created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name.strip(), "last_name": last_name.strip()}
    )
    if user_created:
        user.set_unusable_password()
        user.save()
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


@dataclass
class CsvReport:
    enrolled: list = field(default_factory=list)
    already: list = field(default_factory=list)
    failed: list = field(default_factory=list)
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


def parse_csv(raw: bytes):
    """Parse a CSV of names and e-mail addresses into rows; raises ValidationError when unusable."""
    if len(raw) > MAX_CSV_BYTES:
        raise ValidationError(_("The file is larger than 1 MB."))
    if b"\x00" in raw:
        raise ValidationError(_("The file is not a readable text (CSV) file."))
    text = _decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [r for r in reader]
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file could not be read: %(error)s") % {"error": exc}
        ) from exc
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [c.strip().lower() for c in rows[0]]
    if not any(h in EMAIL_HEADERS for h in header):
        raise ValidationError(
            _("The first line must name the columns, with at least 'naam' and 'e-mail'.")
        )
    if len(rows) - 1 > MAX_CSV_ROWS:
        raise ValidationError(_("At most %(n)d rows per file.") % {"n": MAX_CSV_ROWS})

    def col(names):
        for i, h in enumerate(header):
            if h in names:
                return i
        return None

    i_email, i_name, i_first, i_last = (
        col(EMAIL_HEADERS),
        col(NAME_HEADERS),
        col(FIRST_HEADERS),
        col(LAST_HEADERS),
    )
    parsed, seen = [], {}
    for number, cells in enumerate(rows[1:], start=2):

        def cell(i, cells=cells):
            return cells[i].strip() if i is not None and i < len(cells) else ""

        row = CsvRow(line=number, email=cell(i_email).lower())
        if i_name is not None:
            first, _sep, last = cell(i_name).partition(" ")
            row.first_name, row.last_name = first, last
        row.first_name = cell(i_first) or row.first_name
        row.last_name = cell(i_last) or row.last_name
        if not row.email:
            row.errors.append(_("e-mail address missing"))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(
                    _("'%(email)s' is not a valid e-mail address") % {"email": row.email}
                )
        if not (row.first_name or row.last_name):
            row.errors.append(_("name missing"))
        if len(row.first_name) > 150 or len(row.last_name) > 150:
            row.errors.append(_("name longer than 150 characters"))
        if row.email and row.email in seen:
            row.errors.append(
                _("e-mail address appears twice in the file (also on line %(line)d)")
                % {"line": seen[row.email]}
            )
        elif row.email:
            seen[row.email] = number
        parsed.append(row)
    return parsed


def enrol_from_csv(cohort, raw: bytes, base_url: str) -> CsvReport:
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
    good = [r for r in rows if not r.errors]
    report.failed = [r for r in rows if r.errors]
    new_enrolments = []
    with transaction.atomic():
        for row in good:
            enrolment, created = enrol(cohort, row.email, row.first_name, row.last_name)
            if created:
                new_enrolments.append(enrolment)
                report.enrolled.append(row)
            else:
                report.already.append(row)
    for enrolment in new_enrolments:
        send_invitation(enrolment, base_url)
    return report
