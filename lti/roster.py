"""Names and Role Provisioning: an administrator imports an LMS course's learners into the
mapped cohort. New people are enrolled and invited as usual (leergang.services); because their
account is made from the LMS's own data, it is linked to their LMS login at once. An account
that already existed is enrolled but never linked (no linking by e-mail), and a staff or guild
account is left alone."""

import dataclasses
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from pylti1p3.service_connector import ServiceConnector

from leergang import services
from leergang.permissions import is_staff_account
from sso.models import ExternalIdentity

from .tool_conf import PlatformToolConf


@dataclasses.dataclass
class RosterReport:
    invited: list = dataclasses.field(default_factory=list)
    enrolled: list = dataclasses.field(default_factory=list)
    unchanged: list = dataclasses.field(default_factory=list)
    skipped: list = dataclasses.field(default_factory=list)  # (name, reason)


def _is_learner(member):
    return any(str(r).rsplit("#", 1)[-1] == "Learner" for r in member.get("roles", []))


NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
NRPS_ACCEPT = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
# A course of thousands at the LMS's usual page size (Canvas 10-50, Moodle 100) stays far below.
MAX_PAGES = 500
LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def links(header):
    """{rel: url} from an HTTP Link header (RFC 8288), the URLs exactly as given."""
    found = {}
    for url, params in LINK.findall(header or ""):
        for param in params.split(";"):
            name, _sep, value = param.strip().partition("=")
            if name.strip().lower() == "rel":
                for rel in value.strip().strip('"').split():
                    found.setdefault(rel.lower(), url.strip())
    return found


def members(context):
    """Every member of the course, following the service's rel="next" pages.

    pylti1p3 pages too, but lower-cases the Link header and so the next page's URL: an LMS
    whose page cursor has capitals (an opaque token) would be sent a wrong URL. A page that
    points back at one already read ends the walk, as does MAX_PAGES."""
    platform = context.platform
    registration = PlatformToolConf().find_registration_by_params(
        platform.issuer, platform.client_id
    )
    connector = ServiceConnector(registration)
    found, seen, url = [], set(), context.memberships_url
    while url and url not in seen and len(seen) < MAX_PAGES:
        seen.add(url)
        page = connector.make_service_request(
            [NRPS_SCOPE], url, accept=NRPS_ACCEPT, case_insensitive_headers=True
        )
        found.extend((page.get("body") or {}).get("members", []))
        url = links(page["headers"].get("Link", "")).get("next")
    return found


def import_roster(context):
    cohort = context.platform.cohort
    report = RosterReport()
    User = get_user_model()
    for member in members(context):
        name = str(member.get("name") or member.get("user_id", ""))
        email = str(member.get("email") or "").strip().lower()
        if member.get("status", "Active") != "Active" or not _is_learner(member):
            continue
        if not email:
            report.skipped.append((name, _("no e-mail address")))
            continue
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and is_staff_account(existing):
            report.skipped.append((name, _("staff or guild account: not changed")))
            continue
        try:
            with transaction.atomic():
                enrolment, created = services.enrol(
                    cohort,
                    email,
                    str(member.get("given_name", "")),
                    str(member.get("family_name", "")),
                )
                if existing is None:
                    ExternalIdentity.objects.get_or_create(
                        issuer=context.platform.issuer,
                        subject=str(member["user_id"]),
                        defaults={
                            "user": enrolment.user,
                            "source": ExternalIdentity.LTI,
                            "name": name,
                        },
                    )
        except services.EnrolmentRefused as refused:
            # A deactivated account, say: listed with the reason, nothing changed.
            report.skipped.append((name, str(refused)))
            continue
        if created:
            services.send_invitation(enrolment)
            (report.invited if existing is None else report.enrolled).append(name)
        else:
            report.unchanged.append(name)
    return report
