"""Privacy provider of the core: the account, enrolments, login records, sessions, the log of
sent e-mails, and Wagtail's records of who edited what (kept; the account is anonymised)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.models import FormState
from wagtail.models import APIToken, ModelLogEntry
from wagtail.users.models import UserProfile

from .models import Enrolment, SentEmail
from .privacy import FORMER_PARTICIPANT, Category, NotPersonal, Provider, erased_email, isoformat

# Wagtail's own records that point at a user. They are kept as the editorial audit trail; once
# the account is anonymised they point at "Oud-deelnemer".
WAGTAIL_USER_LINKS = (
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.PageSubscription",
    "wagtailcore.UploadedFile",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailadmin.EditingSession",
    "wagtailcore.GroupApprovalTask",
)
# Per-user admin state that holds typed text or access: deleted on erasure.
WAGTAIL_USER_STATE = ("wagtailadmin.FormState", "wagtailcore.APIToken")


class AccountProvider(Provider):
    name = "leergang"
    label = _("Account and enrolment")
    order = 90  # last: a rerun after a crash still finds the participant by e-mail

    def describe(self):
        return [
            _account_category(),
            _enrolment_category(),
            _logins_category(),
            _sessions_category(),
            _sent_email_category(),
            _editorial_category(),
            NotPersonal(
                ("leergang.CohortSession", "leergang.HomePage"),
                "Course schedule and the public home page.",
            ),
        ]

    def export(self, user, writer):
        writer.add_json("leergang.account", "account.json", _account_data(user))
        writer.add_json("leergang.enrolment", "inschrijvingen.json", _enrolment_data(user))
        writer.add_json("leergang.logins", "inlogpogingen.json", _login_data(user))
        writer.add_json(
            "leergang.sent_email",
            "verstuurde-e-mails.json",
            [
                {"address": m.address, "subject": m.subject, "sent_at": isoformat(m.sent_at)}
                for m in _sent_emails(user)
            ],
        )

    def erase(self, user, plan):
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            plan.delete(model.objects.filter(username__iexact=user.email), _("login records"))
        plan.delete(_sessions_of(user), _("sessions"))
        plan.delete(_sent_emails(user), _("records of sent e-mails"))
        profile = UserProfile.objects.filter(user=user).first()
        if profile is not None and profile.avatar:
            plan.delete_files(profile.avatar.storage, [profile.avatar.name], _("avatar"))
        plan.delete(UserProfile.objects.filter(user=user), _("admin profile"))
        plan.delete(FormState.objects.filter(user=user), _("saved admin form state"))
        plan.delete(APIToken.objects.filter(user=user), _("API tokens"))
        user_type = ContentType.objects.get_for_model(type(user))
        plan.update(
            ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk))
            .exclude(label=FORMER_PARTICIPANT, data={})
            # The record of the erasure itself holds counts only, and stays as it is.
            .exclude(action="leergang.erase_participant"),
            _("audit log lines about the account without name"),
            label=FORMER_PARTICIPANT,
            data={},
        )
        needs = not (
            user.email == erased_email(user)
            and user.first_name == FORMER_PARTICIPANT
            and not user.last_name
            and not user.is_active
            and not user.groups.exists()
        )
        if needs:
            plan.change([user], _("anonymise and deactivate the account"), _anonymise_account)

    def expire(self, plan, now):
        logins = now - datetime.timedelta(days=settings.LEERGANG_LOGIN_RECORD_DAYS)
        plan.delete(AccessLog.objects.filter(attempt_time__lt=logins), _("old login records"))
        plan.delete(
            AccessFailureLog.objects.filter(attempt_time__lt=logins), _("old failed logins")
        )
        plan.delete(AccessAttempt.objects.filter(attempt_time__lt=logins), _("old lockouts"))
        mails = now - datetime.timedelta(days=settings.LEERGANG_SENT_EMAIL_DAYS)
        plan.delete(SentEmail.objects.filter(sent_at__lt=mails), _("old records of sent e-mails"))


def _account_category():
    return Category(
        key="leergang.account",
        label=_("Account"),
        models=(
            "leergang.User",
            "wagtailusers.UserProfile",
            "auth.Group",
            *WAGTAIL_USER_STATE,
        ),
        data=_("Name, e-mail address, password hash, last login, role, language, avatar."),
        purpose=_("Logging in and knowing who is who in the course."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_("The participant, their trainers, administrators."),
        retention=_(
            "Until erasure on request; an erased account keeps only a number so that "
            "study results stay linked."
        ),
    )


def _enrolment_category():
    return Category(
        key="leergang.enrolment",
        label=_("Enrolment in a cohort"),
        models=("leergang.Enrolment", "leergang.Cohort"),
        data=_("Which cohort, since when, when the invitation was sent; trainers of a cohort."),
        purpose=_("Giving access to the course and to the right trainers."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_("The participant, the cohort's trainers, administrators."),
        retention=_("As long as the study results are kept (the enrolment holds them)."),
    )


def _logins_category():
    return Category(
        key="leergang.logins",
        label=_("Login records"),
        models=("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"),
        data=_("E-mail address, IP address, browser and time of (failed) logins."),
        purpose=_("Protecting accounts against password guessing."),
        basis=_("Legitimate interest (security)."),
        recipients=_("Administrators."),
        retention=_("%(days)s days.") % {"days": settings.LEERGANG_LOGIN_RECORD_DAYS},
    )


def _sessions_category():
    return Category(
        key="leergang.sessions",
        label=_("Sessions"),
        models=("sessions.Session",),
        data=_("That you are logged in (a random key in a cookie)."),
        purpose=_("Staying logged in."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_("Nobody; only the platform reads it."),
        retention=_("Two weeks, or until you log out."),
        exported=False,
    )


def _sent_email_category():
    return Category(
        key="leergang.sent_email",
        label=_("E-mails sent to you"),
        models=("leergang.SentEmail",),
        data=_("Address, subject and time of every e-mail the platform sent (not the text)."),
        purpose=_("Showing you what you were notified of; finding delivery problems."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_("The participant, administrators."),
        retention=_("%(days)s days.") % {"days": settings.LEERGANG_SENT_EMAIL_DAYS},
    )


def _editorial_category():
    return Category(
        key="leergang.editorial",
        label=_("Editorial records in the admin"),
        models=WAGTAIL_USER_LINKS,
        data=_(
            "Who created, changed, moderated or commented on a page, image or document, and when."
        ),
        purpose=_("The audit trail of what is published."),
        basis=_("Legitimate interest (accountability for published content)."),
        recipients=_("Editors and administrators."),
        retention=_("Kept; after erasure the records point at an anonymous former participant."),
        exported=False,
    )


def _account_data(user):
    return {
        "name": user.get_full_name(),
        "email": user.email,
        "date_joined": isoformat(user.date_joined),
        "last_login": isoformat(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def _enrolment_data(user):
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("cohort")
        .prefetch_related("cohort__trainers")
    )
    return [
        {
            "cohort": e.cohort.name,
            "start_date": isoformat(e.cohort.start_date),
            "end_date": isoformat(e.cohort.end_date),
            "enrolled_at": isoformat(e.enrolled_at),
            "invited_at": isoformat(e.invited_at),
            "trainers": [t.get_full_name() or t.email for t in e.cohort.trainers.all()],
        }
        for e in enrolments
    ]


def _login_data(user):
    logins = [
        {
            "at": isoformat(a.attempt_time),
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
            "logout": isoformat(a.logout_time),
        }
        for a in AccessLog.objects.filter(username__iexact=user.email)
    ]
    failures = [
        {
            "at": isoformat(a.attempt_time),
            "ip_address": a.ip_address,
            "user_agent": a.user_agent,
            "failed": True,
        }
        for a in AccessFailureLog.objects.filter(username__iexact=user.email)
    ]
    return logins + failures


def _sent_emails(user):
    return SentEmail.objects.filter(Q(user=user) | Q(address__iexact=user.email))


def _sessions_of(user):
    keys = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    return Session.objects.filter(session_key__in=keys)


def _anonymise_account(user):
    user.first_name = FORMER_PARTICIPANT
    user.last_name = ""
    user.email = erased_email(user)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()  # also ends every open session (the session hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@hooks.register("register_privacy_provider")
def provider():
    return AccountProvider()
