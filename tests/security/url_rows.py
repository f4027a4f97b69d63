"""Which URLs the authorization matrix requests, and how each one is filled from the world.

Every URL pattern of the project is found by walking Django's resolver. Wagtail's own admin is
not enumerated view by view: it is one family of representative rows (``ADMIN_FAMILY``), plus
every admin URL our apps add (``register_admin_urls`` hooks and snippet viewsets of our models),
which are enumerated like the rest. Wagtail's catch-all page view is covered by one row per page
type (``PAGES``).

A pattern with arguments needs a builder in ``ARGS`` (or ``SNIPPET_OBJECTS`` for snippet
viewsets); without one the matrix fails and says so.
"""

import datetime
import functools
import re
import uuid

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agenda.models import CalendarToken, SessionModule
from certificates import keys
from certificates.models import Certificate, CertificateSettings
from leergang.email_change import make_token
from leergang.models import CohortSession
from notifications.models import Notification

OUR_APPS = (
    "leergang",
    "modules",
    "portfolio",
    "portfolio_pdf",
    "assessment",
    "stories",
    "sso",
    "lti",
    "agenda",
    "notifications",
    "certificates",
    "capture",
    "discussions",
    "intervisie",
    "peerfeedback",
)
ADMIN_PREFIX = "admin/"
# Wagtail's catch-all that serves pages; covered by the PAGES rows instead.
WAGTAIL_SERVE = "wagtail_serve"

_OURS_RE = re.compile(r"(^|[_:])(" + "|".join(OUR_APPS) + r")([_:]|$)")


def _is_ours(name, callback):
    view = getattr(callback, "view_class", callback)
    module = getattr(view, "__module__", "") or ""
    return module.split(".")[0] in OUR_APPS or bool(name and _OURS_RE.search(name))


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


@functools.cache
def project_patterns():
    """[(key, route, URLPattern)] for every pattern the matrix must cover.

    The key is the pattern's (namespaced) name, or its route when it has no name."""
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(ADMIN_PREFIX) and not _is_ours(name, pattern.callback):
            continue  # Wagtail's own admin: see ADMIN_FAMILY
        found.append((name or route, route, pattern))
    return tuple(found)


def needs_args(pattern):
    return bool(pattern.pattern.regex.groups)


# --- builders --------------------------------------------------------------------------------


def _reset_kwargs(w):
    user = w.user("participant")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _email_change_kwargs(w):
    return {"token": make_token(w.user("participant"), "nieuw-adres@example.org")}


def _entry(w):
    return {"entry_id": w.entry.public_id}


def _attachment(w):
    return {"attachment_id": w.attachment.public_id}


def _job(w):
    return {"public_id": w.job.public_id}


ARGS = {
    "password_reset_confirm": _reset_kwargs,
    "invitation": _reset_kwargs,
    "email_change_confirm": _email_change_kwargs,
    "portfolio_pdf:preview_attachment": lambda w: {"pk": w.attachment.pk},
    "portfolio_pdf:submission": lambda w: {"submission_id": w.submission.pk},
    "portfolio_pdf:cohort": lambda w: {"cohort_id": w.cohort.pk},
    "portfolio_pdf:job": _job,
    "portfolio_pdf:job_status": _job,
    "portfolio_pdf:job_download": _job,
    "portfolio_pdf:job_retry": _job,
    "portfolio:entry": _entry,
    "portfolio:entry_edit": _entry,
    "portfolio:entry_autosave": _entry,
    "portfolio:entry_discard_draft": _entry,
    "portfolio:entry_delete": _entry,
    "portfolio:entry_history": _entry,
    "portfolio:entry_privacy": _entry,
    "portfolio:attachment_add": _entry,
    "portfolio:entry_restore": lambda w: {**_entry(w), "revision_id": w.revision.pk},
    "portfolio:finding_replace": lambda w: {
        "entry_id": w.findings_entry.public_id,
        "finding_id": w.finding.pk,
    },
    "portfolio:finding_dismiss": lambda w: {
        "entry_id": w.findings_entry.public_id,
        "finding_id": w.finding.pk,
    },
    "portfolio:attachment": _attachment,
    "portfolio:attachment_thumbnail": _attachment,
    "portfolio:attachment_edit": _attachment,
    "portfolio:attachment_delete": _attachment,
    "portfolio:values_edit": lambda w: {"stage": "intake"},
    "portfolio:values_autosave": lambda w: {"stage": "intake"},
    "portfolio:values_privacy": lambda w: {"stage": "midway"},
    "portfolio:values_finding_replace": lambda w: {
        "stage": "midway",
        "finding_id": w.values_finding.pk,
    },
    "portfolio:values_finding_dismiss": lambda w: {
        "stage": "midway",
        "finding_id": w.values_finding.pk,
    },
    "portfolio:real_name_delete": lambda w: {"pk": w.real_name.pk},
    "portfolio:share_revoke": lambda w: {"pk": w.share.pk},
    "portfolio:start_assignment": lambda w: {
        "module_id": w.module.pk,
        "block_id": w.assignment_block.id,
    },
    "portfolio:view": lambda w: {"portfolio_id": w.portfolio.public_id},
    "portfolio:log": lambda w: {"portfolio_id": w.portfolio.public_id},
    "portfolio:growth": lambda w: {"portfolio_id": w.portfolio.public_id},
    "assessment:assess": lambda w: {"pk": w.submission.pk},
    "assessment:take_over": lambda w: {"pk": w.submission.pk},
    "assessment:results": lambda w: {"cohort_id": w.cohort.pk},
    "assessment:results_csv": lambda w: {"cohort_id": w.cohort.pk},
    "assessment:results_xlsx": lambda w: {"cohort_id": w.cohort.pk},
    "assessment:submission": lambda w: {"pk": w.submission.pk},
    "assessment:self_assessment": lambda w: {"pk": w.submission.pk},
    "assessment:coverage_cohort": lambda w: {"cohort_id": w.cohort.pk},
    "assessment:coverage_participant": lambda w: {"enrolment_id": w.portfolio.enrolment_id},
    "assessment:snapshot_attachment": lambda w: {
        "pk": w.submission.pk,
        "attachment_id": w.attachment.public_id,
    },
    "modules:cohort_progress": lambda w: {"cohort_id": w.cohort.pk},
    "modules:mark_section": lambda w: {"page_id": w.module.pk, "section": w.module.section_keys[0]},
    "modules:tag": lambda w: {"slug": "bewonersinitiatief"},
    "stories:propose_from_entry": lambda w: {"entry_pk": w.entry.pk},
    "stories:proposal_sent": lambda w: {"page_pk": w.draft_story.pk},
    "leergang_admin_tag_model_autocomplete": lambda w: {"app_name": "taggit", "model_name": "tag"},
    "leergang_admin_bulk_action": lambda w: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "action": "delete",
    },
    "leergang_enrol": lambda w: {"pk": w.cohort.pk},
    "modules:media": lambda w: {"path": w.module_image.file.name},
    # The admin API's images and documents are ours (leergang/admin_views.py).
    "wagtailadmin_api:images:detail": lambda w: {"pk": w.image.pk},
    "wagtailadmin_api:documents:detail": lambda w: {"pk": w.document.pk},
    "sso:invitation": lambda w: {"uidb64": _reset_kwargs(w)["uidb64"]},
    "sso:unlink": lambda w: {"pk": 999_999},
    "lti_roster": lambda w: {"pk": _lti_platform(w).pk},
    # Wagtail views outside the admin.
    "wagtaildocs_serve": lambda w: (w.document.pk, w.document.filename),
    "wagtaildocs_authenticate_with_password": lambda w: {"restriction_id": 999_999},
    "wagtailcore_authenticate_with_password": lambda w: {
        "page_view_restriction_id": 999_999,
        "page_id": w.home.pk,
    },
    # The participant's calendar address, a session of the cohort, a notification of theirs.
    "agenda:feed": lambda w: {"key": _calendar_token(w).key},
    "agenda:session": lambda w: {"pk": _cohort_session(w).pk},
    "discussions:module": lambda w: {"page_id": w.module.pk},
    "discussions:discussion": lambda w: _discussion(w),
    "discussions:moderation": lambda w: _discussion(w),
    # The other cohort: the guild member joining it leaves their access to this one alone.
    "discussions:join": lambda w: {"page_id": w.module.pk, "cohort_id": w.other_cohort.pk},
    "discussions:thread": lambda w: {"pk": w.discussion_thread.pk},
    "discussions:lock": lambda w: {"pk": w.discussion_thread.pk},
    "discussions:edit": lambda w: _fresh_post(w),
    "discussions:delete": lambda w: _fresh_post(w),
    "discussions:report": lambda w: _fresh_post(w),
    "discussions:hide": lambda w: _fresh_post(w),
    "discussions:dismiss": lambda w: _fresh_post(w),
    "notifications:open": lambda w: {"pk": _notification(w).pk},
    "notifications:mark_read": lambda w: {"pk": _notification(w).pk},
    # Intervisie: the participant's group and case (see world._intervisie).
    "intervisie:group": lambda w: {"pk": w.intervisie_group.pk},
    "intervisie:case_create": lambda w: {"pk": w.intervisie_group.pk},
    "intervisie:case": lambda w: {"pk": w.case.pk},
    "intervisie:respond": lambda w: {"pk": w.bystander_case.pk},
    "intervisie:answer": lambda w: {"pk": w.case.pk, "response_id": w.case_question.pk},
    "intervisie:advance": lambda w: {"pk": w.case.pk},
    "intervisie:close": lambda w: {"pk": w.case.pk},
    "intervisie:trainer_access": lambda w: {"pk": w.case.pk},
    "intervisie:trainer_groups": lambda w: {"cohort_id": w.cohort.pk},
    "intervisie:trainer_group": lambda w: {"pk": w.intervisie_group.pk},
    # Peer feedback: the bystander shares with the participant (see world._peerfeedback).
    "peerfeedback:comment_portfolio": lambda w: {"portfolio_id": w.bystander_portfolio.public_id},
    "peerfeedback:comment_entry": lambda w: {
        "entry_id": w.bystander_portfolio.entries.first().public_id
    },
    "peerfeedback:edit": lambda w: _fresh_comment(w),
    "peerfeedback:delete": lambda w: _fresh_comment(w),
    "peerfeedback:choices": lambda w: {"pk": w.received_comment.pk},
    # Certificates: the participant's certificate of the world's cohort (see _certificate).
    "certificates:verify": lambda w: {"number": _certificate(w).number},
    "certificates:issuer": lambda w: {"public_id": _certificate(w).cohort_settings.public_id},
    "certificates:revocations": lambda w: {"public_id": _certificate(w).cohort_settings.public_id},
    "certificates:revocations_v3": lambda w: {
        "public_id": _certificate(w).cohort_settings.public_id
    },
    "certificates:jwks": lambda w: {"public_id": _certificate(w).cohort_settings.public_id},
    "certificates:key": lambda w: _certificate_key(w),
    "certificates:badge_class": lambda w: {"public_id": _certificate(w).cohort_settings.public_id},
    "certificates:badge_image": lambda w: {"public_id": _certificate(w).cohort_settings.public_id},
    "certificates:assertion": lambda w: {"public_id": _certificate(w).public_id},
    "certificates:credential": lambda w: {"public_id": _certificate(w).public_id},
    "certificates:extension_context": lambda w: {"name": "StudyLoadExtension"},
    "certificates:extension_schema": lambda w: {"name": "StudyLoadExtension"},
    "certificates:pdf": lambda w: {"public_id": _certificate(w).public_id},
    "certificates:baked_badge": lambda w: {"public_id": _certificate(w).public_id},
    "certificates_admin_cohort": lambda w: {"cohort_id": _certificate(w).cohort_settings.cohort_id},
    "certificates_admin_edubadges": lambda w: {
        "cohort_id": _certificate(w).cohort_settings.cohort_id
    },
    "certificates_admin_registerplein": lambda w: {
        "cohort_id": _certificate(w).cohort_settings.cohort_id
    },
    "certificates_admin_revoke": lambda w: {"pk": _certificate(w).pk},
}

# Snippet viewsets of our models: "<app>_<model>" -> the world's instance.
SNIPPET_OBJECTS = {
    "leergang_cohort": lambda w: w.cohort,
    "portfolio_valuesquestion": lambda w: w.question,
    "assessment_rubric": lambda w: w.rubric,
    "assessment_milestone": lambda w: w.milestone,
    "sso_selfregistrationrule": lambda w: _self_registration_rule(w),
    "lti_platform": lambda w: _lti_platform(w),
    "agenda_sessionmodule": lambda w: _session_module(w),
    "certificates_certificatesettings": lambda w: _certificate(w).cohort_settings,
}


def _self_registration_rule(w):
    from sso.models import SelfRegistrationRule

    rule, _ = SelfRegistrationRule.objects.get_or_create(affiliation="student", cohort=w.cohort)
    return rule


def _lti_platform(w):
    from lti.models import Platform

    platform, _ = Platform.objects.get_or_create(
        issuer="https://lms.example",
        client_id="leergang",
        defaults={
            "name": "LMS",
            "deployment_ids": "1",
            "key_set_url": "https://lms.example/jwks",
            "auth_login_url": "https://lms.example/auth",
            "auth_token_url": "https://lms.example/token",
        },
    )
    return platform


def _calendar_token(w):
    token = CalendarToken.objects.filter(user=w.user("participant"), revoked_at=None).first()
    return token or CalendarToken.objects.create(user=w.user("participant"))


def _cohort_session(w):
    session, _ = CohortSession.objects.get_or_create(
        cohort=w.cohort,
        date=datetime.date(2017, 3, 2),
        defaults={"start_time": datetime.time(13, 30), "place": "Leeuwarden", "topic": "Matrix"},
    )
    return session


def _session_module(w):
    module, _ = SessionModule.objects.get_or_create(
        session=_cohort_session(w), defaults={"module": w.module}
    )
    return module


def _notification(w):
    notification, _ = Notification.objects.get_or_create(
        user=w.user("participant"),
        key="matrix",
        defaults={"kind": "verdict", "target_url": "/inleveren/", "channel": "site"},
    )
    return notification


def _discussion(w):
    return {"page_id": w.module.pk, "cohort_id": w.cohort.pk}


def _fresh_post(w):
    """A post of the participant made just now (within the edit window; the delete row needs a
    new one per cell, as the participant's delete removes it)."""
    from discussions.models import Post

    post = Post.objects.create(
        thread=w.discussion_thread, author=w.user("participant"), body="<p>Matrix</p>"
    )
    return {"pk": post.pk}


def _fresh_comment(w):
    """A comment of the participant on the bystander's portfolio, made just now (within the
    edit window; a new one per cell, as the participant's delete removes it)."""
    from peerfeedback.models import PeerComment

    comment = PeerComment.objects.create(
        portfolio=w.bystander_portfolio, author=w.user("participant"), body="<p>Matrix</p>"
    )
    return {"pk": comment.pk}


def _certificate(w):
    """The participant's certificate, made the same way in every cell (fixed number and ids,
    so its PDF is rendered once and then found by its content hash)."""
    cohort_settings, _ = CertificateSettings.objects.get_or_create(
        cohort=w.cohort,
        defaults={
            "public_id": uuid.UUID("00000000-0000-4000-8000-00000000c0c0"),
            "final_milestone": w.milestone,
            "issuer_name": "Leergang Creative Communities",
            "issuer_url": "https://leergang.example.org/",
            "issuer_email": "certificaten@example.org",
            "programme_lead_name": "Anna Zijlstra",
        },
    )
    certificate, _ = Certificate.objects.get_or_create(
        number="CC-2017-MATRX-W0RKD",
        defaults={
            "public_id": uuid.UUID("00000000-0000-4000-8000-0000000ce271"),
            "enrolment": w.portfolio.enrolment,
            "cohort_settings": cohort_settings,
            "holder_name": "Fenna de Vries",
            "course_title": "Leergang Creative Communities",
            "cohort_name": w.cohort.name,
            "cohort_start": w.cohort.start_date,
            "cohort_end": w.cohort.end_date,
            "study_load_hours": 8,
            "modules": [{"title": "Laagdrempelig contact", "url": "", "hours": 8, "outcomes": []}],
            "eqf_level": 6,
            "issuer_name": "Leergang Creative Communities",
            "programme_lead_name": "Anna Zijlstra",
            "passed_on": datetime.date(2017, 6, 20),
            "issued_at": datetime.datetime(2017, 6, 23, 10, tzinfo=datetime.UTC),
            "recipient_salt": "zout",
            "recipient_hash": "sha256$" + "0" * 64,
        },
    )
    return certificate


def _certificate_key(w):
    _private, jwk = keys.signing_key()
    return {"public_id": _certificate(w).cohort_settings.public_id, "kid": jwk["kid"]}


_SNIPPET_RE = re.compile(r"^wagtailsnippet(?:s|choosers)_([a-z_]+?_[a-z]+):")


def _snippet_args(key):
    match = _SNIPPET_RE.match(key)
    if not match or match.group(1) not in SNIPPET_OBJECTS:
        return None
    instance_of = SNIPPET_OBJECTS[match.group(1)]
    return lambda w: {"pk": instance_of(w).pk}


# Rows that are not one resolver pattern each. key -> world -> path (with query string).
PAGES = {
    "page:home": lambda w: w.home.url,
    "page:course_index": lambda w: w.course.url,
    "page:module": lambda w: w.module.url,
    "page:story_index": lambda w: w.story_index.url,
    "page:story_index?q&tag&place": lambda w: (
        f"{w.story_index.url}?q=bankje&tag=bewonersinitiatief&place=Heechterp&page=2"
    ),
    "page:story_published": lambda w: w.story.url,
    "page:story_in_moderation": lambda w: w.draft_story.url,
    "page:story_draft": lambda w: w.own_story.url,
    "page:unknown": lambda w: "/bestaat-niet/",
}
QUERIES = {
    "modules:search?q": lambda w: reverse("modules:search") + "?q=bewoners",
    "modules:search?q=<script>": lambda w: reverse("modules:search") + "?q=%3Cscript%3E",
}
ADMIN_FAMILY = {
    "admin:home": lambda w: reverse("wagtailadmin_home"),
    "admin:page_edit_module": lambda w: reverse("wagtailadmin_pages:edit", args=[w.module.pk]),
    "admin:page_edit_own_story": lambda w: reverse(
        "wagtailadmin_pages:edit", args=[w.own_story.pk]
    ),
    "admin:page_edit_others_story": lambda w: reverse("wagtailadmin_pages:edit", args=[w.story.pk]),
    "admin:explore_stories": lambda w: reverse("wagtailadmin_explore", args=[w.story_index.pk]),
    "admin:images": lambda w: reverse("wagtailimages:index"),
    "admin:documents": lambda w: reverse("wagtaildocs:index"),
}


def _page_view(name, obj):
    return lambda w: reverse(f"wagtailadmin_pages:{name}", args=[getattr(w, obj).pk])


# What a guild member and a trainer can reach in Wagtail's own admin, with the world's things
# of other people: the participant's story proposal (``draft_story``, in moderation), the
# unpublished module, another guild member's photo (``image``), the module's document.
ADMIN_REACH = {
    # Reports
    "admin:report_workflow": lambda w: reverse("wagtailadmin_reports:workflow"),
    "admin:report_workflow_tasks": lambda w: reverse("wagtailadmin_reports:workflow_tasks"),
    "admin:report_aging_pages": lambda w: reverse("wagtailadmin_reports:aging_pages"),
    "admin:report_locked_pages": lambda w: reverse("wagtailadmin_reports:locked_pages"),
    # Page search and choosers
    "admin:page_search?q": lambda w: reverse("wagtailadmin_pages:search") + "?q=grofvuil",
    "admin:choose_page": lambda w: reverse("wagtailadmin_choose_page"),
    "admin:choose_page_in_stories": lambda w: reverse(
        "wagtailadmin_choose_page_child", args=[w.story_index.pk]
    ),
    "admin:choose_page_in_proposal": lambda w: reverse(
        "wagtailadmin_choose_page_child", args=[w.draft_story.pk]
    ),
    "admin:choose_page_in_draft_module": lambda w: reverse(
        "wagtailadmin_choose_page_child", args=[w.draft_module.pk]
    ),
    "admin:choose_page_search?q": lambda w: (
        reverse("wagtailadmin_choose_page_search") + "?q=grofvuil"
    ),
    "admin:choose_page_chosen?id=proposal": lambda w: (
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={w.draft_story.pk}"
    ),
    # The proposal by id
    "admin:explore_proposal": lambda w: reverse("wagtailadmin_explore", args=[w.draft_story.pk]),
    "admin:page_edit_proposal": _page_view("edit", "draft_story"),
    "admin:page_view_draft_proposal": _page_view("view_draft", "draft_story"),
    "admin:page_history_proposal": _page_view("history", "draft_story"),
    "admin:page_revisions_proposal": _page_view("revisions_index", "draft_story"),
    "admin:page_workflow_history_proposal": _page_view("workflow_history", "draft_story"),
    "admin:page_usage_proposal": _page_view("usage", "draft_story"),
    "admin:page_edit_draft_module": _page_view("edit", "draft_module"),
    # Admin API
    "admin:api_pages": lambda w: reverse("wagtailadmin_api:pages:listing"),
    "admin:api_pages?child_of=stories": lambda w: (
        reverse("wagtailadmin_api:pages:listing") + f"?child_of={w.story_index.pk}"
    ),
    "admin:api_page_proposal": lambda w: reverse(
        "wagtailadmin_api:pages:detail", args=[w.draft_story.pk]
    ),
    "admin:api_page_draft_module": lambda w: reverse(
        "wagtailadmin_api:pages:detail", args=[w.draft_module.pk]
    ),
    "admin:api_image_own": lambda w: reverse(
        "wagtailadmin_api:images:detail", args=[w.own_image.pk]
    ),
    "admin:image_chooser": lambda w: reverse("wagtailimages_chooser:choose"),
    "admin:image_chosen_others": lambda w: reverse(
        "wagtailimages_chooser:chosen", args=[w.image.pk]
    ),
    "admin:image_chosen_own": lambda w: reverse(
        "wagtailimages_chooser:chosen", args=[w.own_image.pk]
    ),
    "admin:image_edit_others": lambda w: reverse("wagtailimages:edit", args=[w.image.pk]),
    "admin:image_edit_own": lambda w: reverse("wagtailimages:edit", args=[w.own_image.pk]),
    "admin:image_usage_others": lambda w: reverse("wagtailimages:image_usage", args=[w.image.pk]),
    "admin:image_preview_others": lambda w: reverse(
        "wagtailimages:preview", args=[w.image.pk, "original"]
    ),
    "admin:image_url_generator_others": lambda w: reverse(
        "wagtailimages:url_generator", args=[w.image.pk]
    ),
    # Documents
    "admin:document_chooser": lambda w: reverse("wagtaildocs_chooser:choose"),
    "admin:document_chosen": lambda w: reverse("wagtaildocs_chooser:chosen", args=[w.document.pk]),
    "admin:document_edit": lambda w: reverse("wagtaildocs:edit", args=[w.document.pk]),
    "admin:document_usage": lambda w: reverse("wagtaildocs:document_usage", args=[w.document.pk]),
    # Bulk actions on other people's things
    "admin:bulk_page_delete_proposal": lambda w: (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={w.draft_story.pk}"
    ),
    "admin:bulk_image_delete_others": lambda w: (
        reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
        + f"?id={w.image.pk}"
    ),
    "admin:bulk_document_delete": lambda w: (
        reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
        + f"?id={w.document.pk}"
    ),
    "admin:tag_autocomplete?term": lambda w: (
        reverse("wagtailadmin_tag_autocomplete") + "?term=bewoners"
    ),
}
EXTRA = {
    # Wagtail's files by who may see them (modules/media.py).
    "media:story_image": lambda w: w.story_image.file.url,
    "media:story_image_rendition": lambda w: w.story_image.get_rendition("width-640").url,
    "media:others_unused_image": lambda w: w.image.file.url,
    "media:own_image": lambda w: w.own_image.file.url,
    "media:proposal_photo": lambda w: w.proposal_photo.file.url,
    "media:draft_module_image": lambda w: w.draft_module_image.file.url,
    "media:document_file": lambda w: w.document.file.url,
    "documents:draft_module_document": lambda w: w.draft_document.url,
    # Portfolio files live in the private storage: never reachable under /media/.
    "media:private_attachment": lambda w: f"/media/{w.attachment.file.name}",
    "media:private_export": lambda w: f"/media/{w.job.result.name}",
}
EXTRA_ROWS = {**PAGES, **QUERIES, **ADMIN_FAMILY, **ADMIN_REACH, **EXTRA}


def row_keys():
    """Every row of the matrix, in a stable order."""
    keys = [key for key, _route, _p in project_patterns() if key != WAGTAIL_SERVE]
    return list(dict.fromkeys(keys + list(EXTRA_ROWS)))


def builder(key):
    """key -> (world -> path), or None when the developer still has to add one."""
    if key in EXTRA_ROWS:
        return EXTRA_ROWS[key]
    for pattern_key, _route, pattern in project_patterns():
        if pattern_key != key:
            continue
        if not needs_args(pattern):
            return lambda w, key=key: reverse(key)
        args = ARGS.get(key) or _snippet_args(key)
        if args is None:
            return None

        def build(w, key=key, args=args):
            value = args(w)
            if isinstance(value, dict):
                return reverse(key, kwargs=value)
            return reverse(key, args=value)

        return build
    return None
