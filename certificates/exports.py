"""Lists for other systems: edubadges' direct award and Registerplein's participants.

edubadges reads a bulk direct award file line by line and splits each line on commas,
semicolons and tabs, without quoting; a line whose first cell says "Recipient" is a header. So
every cell here is stripped of those characters (and of line breaks). In the variant "award on
e-mail address" the columns are: e-mail, first name, surname, narrative, evidence URL, evidence
name, evidence description, grade.

Registerplein gets one line per participant with a registration number: number, name, e-mail,
activity number, points, date completed, certificate number (a semicolon CSV, as Dutch
spreadsheet programs open it).
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from . import openbadges
from .models import RegisterpleinNumber

EDUBADGES_HEADER = [
    "Recipient e-mail",
    "First name",
    "Surname",
    "Narrative",
    "Evidence URL",
    "Evidence name",
    "Evidence description",
    "Grade",
]
REGISTERPLEIN_HEADER = [
    "Registratienummer",
    "Naam",
    "E-mailadres",
    "Activiteitnummer",
    "Punten",
    "Datum afgerond",
    "Certificaatnummer",
]
_EDUBADGES_UNSAFE = re.compile(r"[,;\t\r\n]+")
_FORMULA = ("=", "+", "-", "@")


def edubadges_cell(value):
    return " ".join(_EDUBADGES_UNSAFE.sub(" ", str(value or "")).split())


def spreadsheet_cell(value):
    """Spreadsheet programs run cells that start with = + - @ as formulas; defuse them."""
    value = " ".join(str(value if value is not None else "").split())
    return "'" + value if value.startswith(_FORMULA) else value


def _valid_certificates(cohort_settings):
    return (
        cohort_settings.certificates.valid()
        .filter(enrolment__isnull=False)
        .select_related("enrolment__user")
        .order_by("holder_name", "pk")
    )


def edubadges_rows(cohort_settings):
    rows = []
    for certificate in _valid_certificates(cohort_settings):
        user = certificate.enrolment.user
        row = [
            user.email,
            user.first_name,
            user.last_name,
            f"{certificate.course_title}, {certificate.cohort_name}: voldaan",
            openbadges.verify_url(certificate),
            f"Certificaat {certificate.number}",
            f"{certificate.study_load_hours} uur studiebelasting, EQF-niveau {certificate.eqf_level}",
            "voldaan",
        ]
        rows.append([edubadges_cell(v) for v in row])
    return rows


def registerplein_rows(cohort_settings):
    numbers = {
        r.user_id: r.number
        for r in RegisterpleinNumber.objects.filter(user__enrolments__cohort=cohort_settings.cohort)
    }
    rows = []
    for certificate in _valid_certificates(cohort_settings):
        user = certificate.enrolment.user
        if user.pk not in numbers:
            continue
        row = [
            numbers[user.pk],
            certificate.holder_name,
            user.email,
            certificate.accreditation_activity,
            certificate.accreditation_points,
            certificate.passed_on.isoformat(),
            certificate.number,
        ]
        rows.append([spreadsheet_cell(v) for v in row])
    return rows


def _filename(cohort_settings, kind):
    stamp = timezone.localdate().isoformat()
    return f"{kind}-{slugify(cohort_settings.cohort.name) or 'groep'}-{stamp}.csv"


def _response(text, filename):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def edubadges_response(cohort_settings):
    lines = [";".join(EDUBADGES_HEADER)]
    lines += [";".join(row) for row in edubadges_rows(cohort_settings)]
    return _response("\n".join(lines) + "\n", _filename(cohort_settings, "edubadges"))


def registerplein_response(cohort_settings):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTERPLEIN_HEADER)
    writer.writerows(registerplein_rows(cohort_settings))
    # A byte order mark, so that Excel reads the file as UTF-8.
    return _response("\ufeff" + buffer.getvalue(), _filename(cohort_settings, "registerplein"))
