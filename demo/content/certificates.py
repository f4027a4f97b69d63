"""Demo content: Fenna (deelnemer@example.org) completed the 2017 cohort.

Her final milestone ("Eindbeoordeling") has a passed submission, the cohort has certificate
settings with a signature and a Registerplein accreditation, and her certificate (and so her
open badge) is issued. Idempotent: a second run changes nothing. Call ``seed(stdout, **context)``
from seed_demo after the assessment demo (it needs the cohort and its milestones).
"""

import datetime
import io
import math

from django.core.files.base import ContentFile
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.log_actions import log

from assessment import services as assessment
from assessment.models import Milestone, Submission
from certificates import keys, services
from certificates.models import Certificate, CertificateSettings, RegisterpleinNumber
from leergang.links import site_url
from leergang.models import Cohort, User
from portfolio.models import Portfolio
from portfolio.snapshot import build_snapshot

COHORT = "Voorjaar 2017"
FINAL = "Eindbeoordeling"
PARTICIPANT = "deelnemer@example.org"
TRAINER = "trainer@example.org"
ADMINISTRATOR = "beheerder@example.org"
SIGNATURE_TITLE = "Handtekening programmaleider"


def signature_png(width=900, height=260):
    """A pen stroke that reads as a signature: transparent PNG, ink blue."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for i in range(400):
        t = i / 399
        x = 40 + t * (width - 120)
        y = height * 0.55 - 60 * math.sin(t * 9.5) * (1 - t * 0.6) - 25 * math.sin(t * 31) * t
        points.append((x, y))
    draw.line(points, fill=(22, 40, 110, 255), width=7, joint="curve")
    draw.line(
        [(width * 0.18, height * 0.78), (width * 0.86, height * 0.70)],
        fill=(22, 40, 110, 255),
        width=5,
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_image(title=SIGNATURE_TITLE, width=900, height=260):
    """The programme lead's (invented) signature as a Wagtail image, made once."""
    model = get_image_model()
    image = model.objects.filter(title=title).first()
    if image is None:
        image = model.objects.create(
            title=title,
            file=ContentFile(signature_png(width, height), name="handtekening-programmaleider.png"),
            width=width,
            height=height,
        )
    return image


def _passed_final(cohort, fenna, trainer, stdout):
    final = Milestone.objects.filter(cohort=cohort, name=FINAL).first()
    if final is None:
        stdout("  no final milestone in the demo cohort; run the assessment demo first")
        return None
    portfolio = Portfolio.objects.get_or_create(enrolment=cohort.enrolments.get(user=fenna))[0]
    rounds = Submission.objects.filter(portfolio=portfolio, milestone=final)
    if rounds.filter(state=Submission.State.PASSED).exists():
        return final
    submission = rounds.order_by("-round").first() or assessment.start(portfolio, final, fenna)
    if submission.state == Submission.State.CONCEPT:
        _submit(submission, fenna)
        submission.refresh_from_db()
    if submission.state in Submission.WAITING_STATES:
        version = submission.rubric_version
        levels = {
            c["key"]: (next(lv["key"] for lv in c["levels"] if lv["label"] == "goed"), "")
            for c in version.criteria
        }
        assessment.save_scores(submission, trainer, levels)
        assessment.give_verdict(
            submission,
            trainer,
            True,
            "Gefeliciteerd, Fenna: je hebt de leergang afgerond. Je portfolio laat zien hoe "
            "bewoners bij jou aan zet blijven.",
        )
        tz = timezone.get_current_timezone()
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=datetime.datetime(2017, 6, 14, 21, 3, tzinfo=tz),
            decided_at=datetime.datetime(2017, 6, 20, 14, 30, tzinfo=tz),
        )
        stdout("  final milestone of deelnemer@example.org passed")
    return final


def _submit(submission, user):
    """Submit even with open privacy findings in the demo portfolio (the form would refuse)."""
    try:
        assessment.submit(submission, user)
    except assessment.TransitionError:
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.SUBMITTED,
            snapshot=build_snapshot(submission.portfolio),
            rubric_version=submission.milestone.rubric.current_version(),
            submitted_at=timezone.now(),
            version=submission.version + 1,
        )
        log(submission, "assessment.submit", user=user, data={"round": submission.round})


def _settings(cohort, final):
    cohort_settings, created = CertificateSettings.objects.get_or_create(
        cohort=cohort,
        defaults={
            "final_milestone": final,
            "issuer_name": "Leergang Creative Communities",
            "issuer_url": site_url() + "/",
            "issuer_email": "certificaten@example.org",
            "place": "Leeuwarden",
            "accreditation_body": "Registerplein",
            "accreditation_activity": "2017-04126",
            "accreditation_points": 24,
            "programme_lead_name": "Anna Zijlstra",
            "programme_lead_role": "Programmaleider",
            "signature": signature_image(),
            "trainers_may_issue": True,
        },
    )
    return cohort_settings, created


def seed(stdout, **context):
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _seed(stdout, **context)


def _seed(stdout, **context):
    cohort = context.get("cohort") or Cohort.objects.filter(name=COHORT).first()
    users = {
        u.email: u for u in User.objects.filter(email__in=[PARTICIPANT, TRAINER, ADMINISTRATOR])
    }
    if cohort is None or len(users) < 3:
        stdout("  the demo cohort or accounts are missing; run the leergang demo first")
        return {}
    fenna = users[PARTICIPANT]
    final = _passed_final(cohort, fenna, users[TRAINER], stdout)
    if final is None:
        return {}
    cohort_settings, created = _settings(cohort, final)
    if created:
        stdout("  certificate settings for Voorjaar 2017 (Registerplein 2017-04126, 24 points)")
    keys.signing_key()
    enrolment = cohort.enrolments.get(user=fenna)
    if not Certificate.objects.filter(enrolment=enrolment).exists():
        tz = timezone.get_current_timezone()
        certificate, _created = services.issue(
            enrolment, users[ADMINISTRATOR], at=datetime.datetime(2017, 6, 23, 10, 0, tzinfo=tz)
        )
        stdout(f"  certificate {certificate.number} issued to deelnemer@example.org")
    RegisterpleinNumber.objects.get_or_create(user=fenna, defaults={"number": "104233"})
    return {"certificate_settings": cohort_settings}
