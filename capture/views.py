"""Quick capture: the phone-first form, its sync endpoint, and what makes the site an app.

Everything that shows a participant's own data answers ``Cache-Control: private, no-store``:
no HTTP cache, shared or the browser's own, keeps it. The service worker keeps the capture page
and the log on the device, in a cache per user that is wiped at logout (capture/static/capture/).
"""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import ensure_csrf_cookie

from leergang.permissions import LoginRequired404Mixin
from modules.assignments import assignments_for_user
from portfolio.models import Portfolio

from . import pwa, rules, services
from .forms import MAX_NOTE, MAX_PHOTOS, NOTE_FIELDS, ROLES, QuickEntryForm
from .services import Draft, SyncError

RECENT = 8
# A sync request carries at most MAX_PHOTOS photos of at most 10 MB and the text.
MAX_REQUEST_BYTES = (MAX_PHOTOS + 1) * 11 * 1024 * 1024


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _fieldwork_assignments(user):
    return [a for a in assignments_for_user(user) if a.kind == "fieldwork"]


class ParticipantMixin(LoginRequired404Mixin):
    """Participants with a portfolio; anyone else a 404 (anonymous: the login page)."""

    def has_access(self, user):
        self.portfolio = Portfolio.objects.get_or_create_for(user)
        return self.portfolio is not None


class CaptureView(ParticipantMixin, View):
    """The quick form. With JavaScript the phone keeps drafts and sends them itself; without,
    the form posts here and the entry is made at once."""

    template_name = "capture/capture.html"

    def get(self, request):
        form = QuickEntryForm(
            initial={"client_id": uuid.uuid4(), "date": timezone.localdate()},
            assignments=_fieldwork_assignments(request.user),
        )
        return self.render(form)

    def post(self, request):
        form = QuickEntryForm(request.POST, assignments=_fieldwork_assignments(request.user))
        files = request.FILES.getlist("photos")
        photo_errors = []
        if len(files) > MAX_PHOTOS:
            photo_errors.append(_too_many_photos())
        photos = []
        no_people = request.POST.get("no_people") == "on"
        for uploaded in files[:MAX_PHOTOS]:
            form_for_photo = services.photo_form(uploaded, no_people=no_people)
            if form_for_photo.is_valid():
                photos.append((uuid.uuid4(), form_for_photo))
            else:
                photo_errors.extend(_photo_messages(uploaded.name, form_for_photo))
        if not form.is_valid() or photo_errors:
            return self.render(form, photo_errors=photo_errors, status=400)
        # One form is one change: posting it again (back button, double tap) is a replay.
        draft = _draft_from_form(form, photos, change_id=form.cleaned_data["client_id"])
        try:
            result = services.receive(request.user, self.portfolio, draft)
        except SyncError as exc:
            return self.render(form, photo_errors=[exc.message], status=exc.http)
        if result.replayed:
            messages.info(request, _("This entry had already been saved."))
        elif result.findings:
            messages.warning(request, _saved_with_findings())
        else:
            messages.success(request, _saved())
        return redirect("capture:home")

    def render(self, form, photo_errors=(), status=200):
        portfolio = self.portfolio
        context = {
            "form": form,
            "photo_errors": photo_errors,
            "portfolio": portfolio,
            "recent": pwa.recent_entries(portfolio, RECENT),
            "roles": [str(r) for r in ROLES],
            "config": {
                "user": str(self.request.user.pk),
                "syncUrl": reverse("capture:sync"),
                "csrfCookie": settings.CSRF_COOKIE_NAME,
                "statusUrl": reverse("capture:status"),
                "loginUrl": f"{reverse('login')}?next={reverse('capture:home')}",
                "logUrl": reverse("portfolio:own_log"),
                "rules": rules.rule_set_for(portfolio),
                "settings": {k: str(v) for k, v in form.fields["setting"].choices},
                "noteFields": {k: str(v) for k, v in NOTE_FIELDS},
                "maxNote": MAX_NOTE,
                "maxPhotos": MAX_PHOTOS,
                "maxSide": 2000,
            },
        }
        response = render(self.request, self.template_name, context, status=status)
        return private(response)


def _saved():
    return _("Saved as a draft in your fieldwork log. Work it out at your desk later.")


def _saved_with_findings():
    return _(
        "Saved as a draft. The privacy check found something that looks like personal data of "
        "residents; have a look before you work it out."
    )


def _too_many_photos():
    return _("Add at most %(count)s photos to one quick entry.") % {"count": MAX_PHOTOS}


def _photo_messages(name, form):
    return [
        _("Photo “%(name)s”: %(error)s") % {"name": name, "error": error}
        for errors in form.errors.values()
        for error in errors
    ]


def _draft_from_form(form, photos, **extra):
    data = form.cleaned_data
    return Draft(
        client_id=data["client_id"],
        fields={name: data[name] for name in ("title", "date", "setting", "involved", "note")},
        note_field=data["note_field"],
        assignment=data["assignment"],
        photos=photos,
        **extra,
    )


# --- the sync endpoint --------------------------------------------------------------------------


def _json(status, http, message, **extra):
    return private(JsonResponse({"status": status, "message": message, **extra}, status=http))


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _parse_time(value):
    try:
        return timezone.datetime.fromisoformat(str(value))
    except ValueError:
        return None


class SyncView(View):
    """POST one draft (multipart: ``draft`` as JSON, photos as ``photo-<id>``); JSON back."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.is_authenticated:
            return _json(
                "login",
                401,
                _(
                    "You are no longer logged in. Your entries stay on this device; log in again "
                    "and they are sent."
                ),
                login_url=f"{reverse('login')}?next={reverse('capture:home')}",
            )
        portfolio = Portfolio.objects.get_or_create_for(request.user)
        if portfolio is None:
            return _json("not_found", 404, _("Only participants can send fieldwork entries."))
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
            return _json("too_large", 413, _too_large())
        try:
            payload = json.loads(request.POST.get("draft") or "")
        except RequestDataTooBig:
            return _json("too_large", 413, _too_large())
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not _uuid(payload.get("client_id")):
            return _json("invalid", 400, _("This request is not a draft the server understands."))
        try:
            draft = _draft_from_payload(request, payload)
            result = services.receive(request.user, portfolio, draft)
        except SyncError as exc:
            return _json(exc.status, exc.http, exc.message, errors=exc.errors)
        return _sync_response(result)


def _too_large():
    return _(
        "This entry is too large to send (a photo of more than 10 MB?). It stays on this "
        "device: remove a photo and send it again."
    )


def _draft_from_payload(request, payload):
    fields = payload.get("fields") if isinstance(payload.get("fields"), dict) else {}
    data = {name: str(fields.get(name, "")) for name in ("title", "date", "setting", "involved")}
    data.update(
        client_id=str(payload["client_id"]),
        note=str(fields.get("note", "")),
        note_field=str(payload.get("note_field") or "actions"),
        assignment=str(payload.get("assignment") or ""),
    )
    form = QuickEntryForm(data, assignments=_fieldwork_assignments(request.user))
    photos, photo_errors = _payload_photos(request, payload.get("photos"))
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    if photo_errors:
        errors["photos"] = photo_errors
    if errors:
        raise SyncError("invalid", 400, _invalid_message(errors), errors)
    return _draft_from_form(
        form,
        photos,
        change_id=_uuid(payload.get("change_id")),
        entry_id=str(payload.get("entry_id") or "")[:36],
        base_version=str(payload.get("base_version") or "")[:40],
        edited_at=_parse_time(payload.get("edited_at") or ""),
    )


def _payload_photos(request, meta):
    meta = meta if isinstance(meta, list) else []
    if len(meta) > MAX_PHOTOS:
        return [], [_too_many_photos()]
    photos, errors = [], []
    for number, item in enumerate(meta, 1):
        pid = _uuid(item.get("id")) if isinstance(item, dict) else None
        uploaded = request.FILES.get(f"photo-{pid}") if pid else None
        if uploaded is None:
            continue  # already on the server (a retry), or nothing was attached
        form = services.photo_form(uploaded, no_people=bool(item.get("no_people")))
        if form.is_valid():
            photos.append((pid, form))
        else:
            errors.extend(_photo_messages(_("photo %(number)s") % {"number": number}, form))
    return photos, errors


def _invalid_message(errors):
    first = next(iter(errors.values()))[0]
    return _("The entry was not sent: %(error)s Your text stays on this device.") % {"error": first}


def _sync_response(result):
    receipt = result.receipt
    messages_by_status = {
        "created": _("Sent: the entry is in your fieldwork log as a draft."),
        "updated": _("Your changes have been sent."),
        "unchanged": _("Sent."),
    }
    return private(
        JsonResponse(
            {
                "status": result.status,
                "replayed": result.replayed,
                "message": messages_by_status[result.status],
                "entry": services.entry_json(result.entry, receipt.note_field),
                "photos": receipt.photos,
                "findings": services.findings_json(result.findings),
                "conflict": result.conflict,
            },
            status=201 if result.status == "created" else 200,
        )
    )


@method_decorator(ensure_csrf_cookie, name="dispatch")
class StatusView(View):
    """Who is logged in here (the phone compares it with the owner of its drafts), and a fresh
    CSRF cookie for the sync requests."""

    http_method_names = ["get", "head"]

    def get(self, request):
        user = request.user
        return private(
            JsonResponse(
                {
                    "user": str(user.pk) if user.is_authenticated else None,
                    "participant": bool(
                        user.is_authenticated
                        and Portfolio.objects.get_or_create_for(user) is not None
                    ),
                }
            )
        )


# --- installing: manifest, service worker, offline page ------------------------------------------


class ManifestView(View):
    http_method_names = ["get", "head"]

    def get(self, request):
        response = HttpResponse(
            json.dumps(pwa.manifest(), ensure_ascii=False, indent=1),
            content_type="application/manifest+json; charset=utf-8",
        )
        patch_cache_control(response, public=True, max_age=3600)
        return response


class ServiceWorkerView(View):
    """/sw.js: at the root so that it may control /portfolio/; no-cache so updates arrive."""

    http_method_names = ["get", "head"]

    def get(self, request):
        response = HttpResponse(pwa.service_worker_script(), content_type="text/javascript")
        response["Service-Worker-Allowed"] = "/"
        patch_cache_control(response, no_cache=True)
        return response


class OfflineView(View):
    """What an unsaved page shows without a connection. It holds nobody's data: the service
    worker keeps it with the static files."""

    http_method_names = ["get", "head"]

    def get(self, request):
        response = render(request, "capture/offline.html", {"capture_url": reverse("capture:home")})
        patch_cache_control(response, no_cache=True)
        return response
