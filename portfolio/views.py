"""Views of the portfolio. Reading goes through ``Portfolio.objects.visible_to``; writing only
through ``owned_by`` (the participant themself). Anything else is a 404."""

import contextlib
import datetime
import difflib
import html
import re
import tempfile

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leergang.privacy import export_user

from . import privacy
from .forms import (
    AttachmentForm,
    FieldworkEntryForm,
    LogFilterForm,
    RealNameForm,
    ShareForm,
    ValuesReflectionForm,
    attach_findings,
)
from .models import (
    Attachment,
    EntryRevision,
    FieldworkEntry,
    FieldworkTag,
    Portfolio,
    PortfolioShare,
    PrivacyFinding,
    RealName,
    ValuesAnswer,
    ValuesQuestion,
    ValuesReflection,
)
from .richtext import html_to_plain
from .uploads import StorageUnavailable, make_thumbnail, save_attachment

PAGE_SIZE = 20
STAGES = ValuesReflection.Stage
PRIVACY_WARNING = gettext_lazy(
    "Saved. The privacy check found something that looks like personal data of "
    "residents; please have a look."
)


# --- access -------------------------------------------------------------------------------


def _readable_portfolios(user):
    return Portfolio.objects.visible_to(user).select_related("enrolment__user", "enrolment__cohort")


def _own_portfolio(request):
    """The owner's current portfolio, or None (not a participant with an enrolment)."""
    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_own_portfolio", None)
    if cached is None:
        cached = Portfolio.objects.for_owner(request.user)
        request._own_portfolio = cached
    return cached


def _require_own_portfolio(request):
    portfolio = _own_portfolio(request)
    if portfolio is None:
        raise Http404
    return portfolio


def _readable_entry(request, entry_id):
    return get_object_or_404(
        FieldworkEntry.objects.visible_to(request.user).select_related(
            "portfolio__enrolment__user", "portfolio__enrolment__cohort", "module"
        ),
        public_id=entry_id,
    )


def _owned_entry(request, entry_id):
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        FieldworkEntry.objects.filter(portfolio__enrolment__user=request.user).select_related(
            "portfolio__enrolment__user", "portfolio__enrolment__cohort", "module"
        ),
        public_id=entry_id,
    )


def _owned_attachment(request, attachment_id):
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Attachment.objects.filter(entry__portfolio__enrolment__user=request.user).select_related(
            "entry__portfolio"
        ),
        public_id=attachment_id,
    )


def _login_or_404(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


# --- the portfolio overview and the log -------------------------------------------------------


def _entries_for_listing(portfolio):
    open_status = PrivacyFinding.Status.OPEN
    return (
        FieldworkEntry.objects.filter(portfolio=portfolio)
        .select_related("module")
        .prefetch_related(
            "tags",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        # A correlated subquery, not a JOIN + GROUP BY: it is only evaluated for the rows of
        # the page, so a long log stays quick.
        .annotate(
            open_findings=Coalesce(
                Subquery(
                    # In the entry's text and captions, and in the tags it carries.
                    PrivacyFinding.objects.filter(
                        Q(entry=OuterRef("pk"))
                        | Q(tag__tagged_items__content_object=OuterRef("pk")),
                        status=open_status,
                    )
                    .values("portfolio")
                    .annotate(n=Count("pk", distinct=True))
                    .values("n")[:1]
                ),
                0,
            )
        )
        .defer("autosave_data")
    )


def _reflections(portfolio):
    by_stage = {
        r.stage: r
        for r in portfolio.reflections.prefetch_related(
            Prefetch("answers", queryset=ValuesAnswer.objects.select_related("question"))
        ).annotate(
            open_findings=Count(
                "answers__findings",
                filter=Q(answers__findings__status=PrivacyFinding.Status.OPEN),
            )
        )
        # A version with only an autosaved draft has no answers yet: it is not written.
        if r.answers.all()
    }
    return [(stage, by_stage.get(stage.value)) for stage in STAGES]


def _overview(request, portfolio):
    is_owner = portfolio.is_owner(request.user)
    entries = list(_entries_for_listing(portfolio).order_by("-date", "-created_at")[:5])
    counts = portfolio.entries.aggregate(
        total=Count("pk"),
        drafts=Count("pk", filter=Q(is_draft=True)),
    )
    # The fieldwork's findings; those in the values reflections are shown with each version.
    open_findings = (
        PrivacyFinding.objects.filter(portfolio=portfolio, answer=None)
        .filter(status=PrivacyFinding.Status.OPEN)
        .count()
    )
    context = {
        "portfolio": portfolio,
        "owner": portfolio.enrolment.user,
        "is_owner": is_owner,
        "entries": entries,
        "counts": counts,
        "open_findings": open_findings,
        "reflections": _reflections(portfolio),
    }
    if is_owner:
        context["shares"] = list(portfolio.shares.active().select_related("user"))
        context["shared_with_me"] = list(_shared_with_me(request.user).exclude(pk=portfolio.pk))
        context["blockers"] = privacy.export_blockers(portfolio)
    return render(request, "portfolio/portfolio_detail.html", context)


def _shared_with_me(user):
    return Portfolio.objects.shared_with(user).select_related(
        "enrolment__user", "enrolment__cohort"
    )


def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    portfolio = _own_portfolio(request)
    if portfolio is None:
        shared = list(_shared_with_me(request.user))
        return render(request, "portfolio/no_portfolio.html", {"shared_with_me": shared})
    return _overview(request, portfolio)


def portfolio_view(request, portfolio_id):
    portfolio = get_object_or_404(_readable_portfolios(request.user), public_id=portfolio_id)
    if portfolio.is_owner(request.user) and portfolio == _own_portfolio(request):
        return redirect("portfolio:home")
    return _overview(request, portfolio)


def _log(request, portfolio):
    entries = _entries_for_listing(portfolio)
    modules_used = _modules_used(portfolio)
    tags = list(portfolio.fieldwork_tags.in_use().order_by("name").values_list("name", flat=True))
    form = LogFilterForm(request.GET or None, modules=modules_used, tags=tags)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["module"]:
            entries = entries.filter(module=data["module"])
        if data["tag"]:
            entries = entries.filter(tags__name__iexact=data["tag"])
        if data["start"]:
            entries = entries.filter(date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(date__lte=data["end"])
    paginator = Paginator(entries.order_by("-date", "-created_at", "-pk"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "portfolio/fieldwork_log.html",
        {
            "portfolio": portfolio,
            "owner": portfolio.enrolment.user,
            "is_owner": portfolio.is_owner(request.user),
            "page_obj": page,
            "entries": page.object_list,
            "filter_form": form,
            "tags": tags,
            "query": query.urlencode(),
            "filtered": bool(form.is_bound and any(form.cleaned_data.values()))
            if form.is_bound and form.is_valid()
            else False,
        },
    )


def _modules_used(portfolio):
    from modules.models import ModulePage

    return ModulePage.objects.filter(
        pk__in=portfolio.entries.exclude(module=None).values("module_id")
    ).order_by("path")


def own_log(request):
    portfolio = _own_portfolio(request)
    if portfolio is None:
        return _login_or_404(request)
    return _log(request, portfolio)


def portfolio_log(request, portfolio_id):
    portfolio = get_object_or_404(_readable_portfolios(request.user), public_id=portfolio_id)
    return _log(request, portfolio)


# --- fieldwork entries ------------------------------------------------------------------------


def entry_detail(request, entry_id):
    entry = _readable_entry(request, entry_id)
    return _render_entry(request, entry)


def _render_entry(request, entry, attachment_form=None, status=200):
    is_owner = entry.portfolio.is_owner(request.user)
    findings = list(privacy.entry_findings(entry)) if is_owner else []
    context = {
        "entry": entry,
        "portfolio": entry.portfolio,
        "owner": entry.portfolio.enrolment.user,
        "is_owner": is_owner,
        "attachments": list(entry.attachments.all()),
        "outcomes": list(entry.learning_outcomes.all()),
        "tags": list(entry.tags.all()),
        "open_findings": [f for f in findings if f.status == PrivacyFinding.Status.OPEN],
        "attachment_form": attachment_form or (AttachmentForm() if is_owner else None),
    }
    return render(request, "portfolio/entry_detail.html", context, status=status)


def _revision_data(entry):
    return {
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None,
        "place": entry.place,
        "setting": entry.setting,
        "involved": entry.involved,
        "residents_idea": entry.residents_idea,
        "actions": entry.actions,
        "outcome": entry.outcome,
        "reflection": entry.reflection,
        "module_id": entry.module_id,
        "learning_outcome_ids": sorted(o.pk for o in entry.learning_outcomes.all()),
        "tags": sorted(t.name for t in entry.tags.all()),
        "assignment_id": entry.assignment_id,
    }


def _save_revision(entry, user):
    return EntryRevision.objects.create(entry=entry, data=_revision_data(entry), created_by=user)


def _assignment_from_query(request):
    """The assignment named in ?opdracht=<module_id>/<block_id>, readable by the user."""
    raw = request.GET.get("opdracht") or request.POST.get("assignment_id") or ""
    match = re.fullmatch(r"(\d{1,18})[:/]([\w-]{1,64})", raw)
    if not match:
        return None
    try:
        from modules.assignments import get_assignment
    except ImportError:
        return None
    return get_assignment(int(match.group(1)), match.group(2), request.user)


def assignment_key(assignment):
    return f"{assignment.module.pk}:{assignment.block_id}"


def _finish_save(request, entry, form, created):
    entry.is_draft = False
    entry.autosave_data = {}
    entry.autosaved_at = None
    entry.save()
    form.save_m2m()
    entry.tags.set(form.cleaned_data["tags"])
    _save_revision(entry, request.user)
    findings = privacy.check_entry(entry)
    if findings:
        messages.warning(request, PRIVACY_WARNING)
        return redirect("portfolio:entry_privacy", entry_id=entry.public_id)
    messages.success(request, _("Your entry has been saved."))
    return redirect("portfolio:entry", entry_id=entry.public_id)


def entry_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    portfolio = _require_own_portfolio(request)
    assignment = _assignment_from_query(request)
    if request.method == "POST":
        form = FieldworkEntryForm(request.POST, instance=FieldworkEntry(portfolio=portfolio))
        if form.is_valid():
            with transaction.atomic():
                entry = form.save(commit=False)
                entry.portfolio = portfolio
                return _finish_save(request, entry, form, created=True)
    else:
        initial = {"date": timezone.localdate()}
        if assignment is not None and assignment.kind == "fieldwork":
            initial.update(
                title=assignment.title[:200],
                module=assignment.module.pk,
                learning_outcomes=[o.pk for o in assignment.outcomes],
                assignment_id=assignment_key(assignment),
            )
        form = FieldworkEntryForm(initial=initial, instance=FieldworkEntry(portfolio=portfolio))
    return render(
        request,
        "portfolio/entry_form.html",
        {
            "form": form,
            "portfolio": portfolio,
            "assignment": assignment,
            "autosave_url": reverse("portfolio:entry_autosave_new"),
        },
        status=400 if request.method == "POST" else 200,
    )


def entry_edit(request, entry_id):
    entry = _owned_entry(request, entry_id)
    restored_at = None
    if request.method == "POST":
        form = FieldworkEntryForm(request.POST, instance=entry)
        if form.is_valid():
            with transaction.atomic():
                entry = form.save(commit=False)
                return _finish_save(request, entry, form, created=False)
    elif (
        entry.autosave_data
        and entry.autosaved_at
        and (entry.is_draft or entry.autosaved_at > entry.updated_at)
    ):
        form = FieldworkEntryForm(
            instance=entry, initial=_form_initial_from_autosave(entry.autosave_data)
        )
        restored_at = entry.autosaved_at
    else:
        form = FieldworkEntryForm(instance=entry)
    attach_findings(form, "tags", [f for f in privacy.entry_findings(entry) if f.subject == "tag"])
    return render(
        request,
        "portfolio/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "portfolio": entry.portfolio,
            "restored_at": restored_at,
            "assignment": _assignment_from_query(request) if not entry.assignment_id else None,
            "autosave_url": reverse("portfolio:entry_autosave", args=[entry.public_id]),
        },
        status=400 if request.method == "POST" else 200,
    )


AUTOSAVE_FIELDS = (
    "title",
    "date",
    "place",
    "setting",
    "involved",
    "residents_idea",
    "actions",
    "outcome",
    "reflection",
    "module",
    "tags",
    "assignment_id",
)


def _clean_text(value):
    """Autosave keeps raw input; PostgreSQL cannot store a NUL character in text or JSON."""
    return str(value).replace("\x00", "")[:20_000]


def _autosave_payload(post):
    data = {name: _clean_text(post.get(name, "")) for name in AUTOSAVE_FIELDS if name in post}
    data["learning_outcomes"] = [v for v in post.getlist("learning_outcomes") if v.isdigit()][:50]
    return data


def _form_initial_from_autosave(data):
    initial = {k: v for k, v in data.items() if k in AUTOSAVE_FIELDS}
    initial["learning_outcomes"] = data.get("learning_outcomes", [])
    return {"_raw": True, **initial}


def _autosave_response(when, **extra):
    local = timezone.localtime(when)
    return JsonResponse(
        {
            "status": "saved",
            "saved_at": local.strftime("%H:%M"),
            "message": _("Draft saved at %(time)s") % {"time": local.strftime("%H:%M")},
            **extra,
        }
    )


@require_POST
def entry_autosave_new(request):
    portfolio = _require_own_portfolio(request)
    data = _autosave_payload(request.POST)
    now = timezone.now()
    try:
        date = datetime.date.fromisoformat(data.get("date", ""))
    except ValueError:
        date = timezone.localdate()
    entry = FieldworkEntry.objects.create(
        portfolio=portfolio,
        title=data.get("title", "")[:200],
        date=date,
        is_draft=True,
        assignment_id=data.get("assignment_id", "")[:120],
        autosave_data=data,
        autosaved_at=now,
    )
    return _autosave_response(
        now,
        edit_url=reverse("portfolio:entry_edit", args=[entry.public_id]),
        autosave_url=reverse("portfolio:entry_autosave", args=[entry.public_id]),
    )


@require_POST
def entry_autosave(request, entry_id):
    entry = _owned_entry(request, entry_id)
    data = _autosave_payload(request.POST)
    now = timezone.now()
    update = {"autosave_data": data, "autosaved_at": now}
    if entry.is_draft and data.get("title"):
        update["title"] = data["title"][:200]
    FieldworkEntry.objects.filter(pk=entry.pk).update(**update)
    return _autosave_response(now)


@require_POST
def entry_discard_draft(request, entry_id):
    entry = _owned_entry(request, entry_id)
    if entry.is_draft and not entry.revisions.exists():
        entry.delete()
        messages.info(request, _("The draft has been thrown away."))
        return redirect("portfolio:home")
    FieldworkEntry.objects.filter(pk=entry.pk).update(autosave_data={}, autosaved_at=None)
    messages.info(request, _("The unsaved changes have been thrown away."))
    return redirect("portfolio:entry_edit", entry_id=entry.public_id)


def entry_delete(request, entry_id):
    entry = _owned_entry(request, entry_id)
    if request.method == "POST":
        for attachment in entry.attachments.all():
            _delete_files(attachment)
        entry.delete()
        FieldworkTag.objects.filter(portfolio=entry.portfolio).unused().delete()
        messages.success(request, _("The entry has been deleted."))
        return redirect("portfolio:own_log")
    return render(
        request, "portfolio/entry_delete.html", {"entry": entry, "portfolio": entry.portfolio}
    )


def entry_history(request, entry_id):
    entry = _owned_entry(request, entry_id)
    revisions = list(entry.revisions.all()[:50])
    rows = []
    for revision in revisions:
        data = revision.data
        rows.append(
            {
                "revision": revision,
                "title": data.get("title", ""),
                "excerpt": html_to_plain(data.get("actions", ""))[:160],
            }
        )
    return render(
        request,
        "portfolio/entry_history.html",
        {"entry": entry, "portfolio": entry.portfolio, "rows": rows},
    )


@require_POST
def entry_restore(request, entry_id, revision_id):
    entry = _owned_entry(request, entry_id)
    revision = get_object_or_404(entry.revisions, pk=revision_id)
    data = revision.data
    from modules.models import LearningOutcome, ModulePage

    with transaction.atomic():
        for name in ("title", "place", "setting", "involved", "assignment_id"):
            setattr(entry, name, data.get(name, "") or "")
        for name in FieldworkEntry.RICH_TEXT_FIELDS:
            setattr(entry, name, data.get(name, "") or "")
        if data.get("date"):
            entry.date = datetime.date.fromisoformat(data["date"])
        entry.module = ModulePage.objects.filter(pk=data.get("module_id")).first()
        entry.is_draft = False
        entry.autosave_data = {}
        entry.autosaved_at = None
        entry.save()
        entry.learning_outcomes.set(
            LearningOutcome.objects.filter(pk__in=data.get("learning_outcome_ids", []))
        )
        entry.tags.set(data.get("tags", []))
        _save_revision(entry, request.user)
        privacy.check_entry(entry)
    messages.success(
        request,
        _("The version of %(when)s has been restored.")
        % {"when": date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")},
    )
    return redirect("portfolio:entry", entry_id=entry.public_id)


# --- attachments ----------------------------------------------------------------------------


@require_POST
def attachment_add(request, entry_id):
    entry = _owned_entry(request, entry_id)
    if entry.attachments.count() >= 20:
        messages.error(request, _("An entry can have at most 20 attachments."))
        return redirect("portfolio:entry", entry_id=entry.public_id)
    form = AttachmentForm(request.POST, request.FILES, instance=Attachment(entry=entry))
    if not form.is_valid():
        return _render_entry(request, entry, attachment_form=form, status=400)
    try:
        attachment = save_attachment(form)
    except StorageUnavailable:
        form.add_error(
            None,
            _(
                "The server's storage is full or not writable, so the file could not be saved. "
                "Nothing was stored. Please try again later or tell the course administration."
            ),
        )
        return _render_entry(request, entry, attachment_form=form, status=503)
    if attachment.is_image:
        # A failed thumbnail is tried again on first view.
        with contextlib.suppress(Exception):
            make_thumbnail(attachment)
    return _attachment_saved(request, attachment, _("The attachment has been added."))


def _attachment_saved(request, attachment, message):
    if privacy.check_attachment(attachment):
        messages.warning(request, PRIVACY_WARNING)
        return redirect("portfolio:entry_privacy", entry_id=attachment.entry.public_id)
    messages.success(request, message)
    return redirect(f"{reverse('portfolio:entry', args=[attachment.entry.public_id])}#bijlagen")


def attachment_edit(request, attachment_id):
    attachment = _owned_attachment(request, attachment_id)
    form = AttachmentForm(request.POST or None, instance=attachment)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _attachment_saved(request, attachment, _("The attachment has been updated."))
    attach_findings(form, "caption", attachment.findings.all())
    return render(
        request,
        "portfolio/attachment_form.html",
        {"form": form, "attachment": attachment, "entry": attachment.entry},
        status=400 if request.method == "POST" else 200,
    )


def _delete_files(attachment):
    storage = attachment.file.storage
    for name in (attachment.file.name, attachment.thumbnail):
        if name and storage.exists(name):
            storage.delete(name)


@require_POST
def attachment_delete(request, attachment_id):
    attachment = _owned_attachment(request, attachment_id)
    entry = attachment.entry
    _delete_files(attachment)
    attachment.delete()
    messages.success(request, _("The attachment has been deleted."))
    return redirect(f"{reverse('portfolio:entry', args=[entry.public_id])}#bijlagen")


def _private_file_response(storage, name, content_type, filename, inline):
    try:
        fh = storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValidationError) as exc:
        raise Http404 from exc
    response = FileResponse(
        fh, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def attachment_file(request, attachment_id):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user), public_id=attachment_id
    )
    return _private_file_response(
        attachment.file.storage,
        attachment.file.name,
        attachment.content_type or "application/octet-stream",
        get_valid_filename(attachment.original_name) or "bijlage",
        inline=attachment.is_image,
    )


def attachment_thumbnail(request, attachment_id):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user), public_id=attachment_id
    )
    if not attachment.is_image:
        raise Http404
    try:
        name = make_thumbnail(attachment)
    except Exception as exc:  # noqa: BLE001 - a broken file has no thumbnail
        raise Http404 from exc
    return _private_file_response(
        attachment.file.storage, name, "image/jpeg", "miniatuur.jpg", inline=True
    )


# --- values reflection ----------------------------------------------------------------------


def _stage_or_404(stage):
    if stage not in STAGES.values:
        raise Http404
    return STAGES(stage)


def _questions_for(reflection):
    """Active questions, plus inactive ones this version already answered."""
    answered = set()
    if reflection is not None and reflection.pk:
        answered = {a.question_id for a in reflection.answers.all() if a.question_id}
    return ValuesQuestion.objects.filter(Q(is_active=True) | Q(pk__in=answered)).order_by(
        "sort_order", "pk"
    )


def values_edit(request, stage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    stage = _stage_or_404(stage)
    portfolio = _require_own_portfolio(request)
    reflection = portfolio.reflections.filter(stage=stage).prefetch_related(
        "answers"
    ).first() or ValuesReflection(portfolio=portfolio, stage=stage)
    questions = list(_questions_for(reflection))
    assignment = _assignment_from_query(request)
    restored_at = None
    if request.method == "POST":
        form = ValuesReflectionForm(request.POST, questions=questions, reflection=reflection)
        if form.is_valid():
            with transaction.atomic():
                if assignment is not None and assignment.kind == "values":
                    reflection.assignment_id = assignment_key(assignment)
                reflection.autosave_data = {}
                reflection.autosaved_at = None
                reflection.save()
                for question, answer_html in form.answers():
                    ValuesAnswer.objects.update_or_create(
                        reflection=reflection,
                        question=question,
                        defaults={"text": answer_html, "question_text": question.text},
                    )
                findings = privacy.check_reflection(reflection)
            if findings:
                messages.warning(request, PRIVACY_WARNING)
                return redirect("portfolio:values_privacy", stage=stage.value)
            messages.success(request, _("Your values reflection has been saved."))
            return redirect("portfolio:home")
    else:
        initial = None
        if (
            reflection.pk
            and reflection.autosave_data
            and reflection.autosaved_at
            and (reflection.autosaved_at > reflection.updated_at)
        ):
            initial = {k: v for k, v in reflection.autosave_data.items() if k.startswith("q_")}
            restored_at = reflection.autosaved_at
        form = ValuesReflectionForm(initial=initial, questions=questions, reflection=reflection)
        if reflection.pk:
            found = list(privacy.reflection_findings(reflection))
            for answer in reflection.answers.all():
                if f"q_{answer.question_id}" in form.fields:
                    attach_findings(
                        form,
                        f"q_{answer.question_id}",
                        [f for f in found if f.answer_id == answer.pk],
                    )
    previous = (
        portfolio.reflections.exclude(stage=stage).order_by("-created_at").first()
        if not reflection.pk
        else None
    )
    return render(
        request,
        "portfolio/values_form.html",
        {
            "form": form,
            "portfolio": portfolio,
            "stage": stage,
            "reflection": reflection,
            "previous": previous,
            "assignment": assignment,
            "restored_at": restored_at,
            "autosave_url": reverse("portfolio:values_autosave", args=[stage.value]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def values_autosave(request, stage):
    stage = _stage_or_404(stage)
    portfolio = _require_own_portfolio(request)
    data = {k: _clean_text(v) for k, v in request.POST.items() if re.fullmatch(r"q_\d+", k)}
    reflection, _created = ValuesReflection.objects.get_or_create(portfolio=portfolio, stage=stage)
    now = timezone.now()
    ValuesReflection.objects.filter(pk=reflection.pk).update(autosave_data=data, autosaved_at=now)
    return _autosave_response(now)


def _word_diff(old, new):
    """Two HTML strings: old with removed words in <del>, new with added words in <ins>."""
    old_tokens = re.findall(r"\n|[^\s]+", old or "")
    new_tokens = re.findall(r"\n|[^\s]+", new or "")

    def render_tokens(tokens, tag=None):
        text = (
            " ".join(html.escape(t) for t in tokens).replace(" \n ", "<br>").replace("\n", "<br>")
        )
        return f"<{tag}>{text}</{tag}>" if tag and text else text

    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(render_tokens(old_tokens[a1:a2]))
            right.append(render_tokens(new_tokens[b1:b2]))
        else:
            if a2 > a1:
                left.append(render_tokens(old_tokens[a1:a2], "del"))
            if b2 > b1:
                right.append(render_tokens(new_tokens[b1:b2], "ins"))
    return (
        mark_safe(" ".join(p for p in left if p)),  # noqa: S308 - built from escaped tokens
        mark_safe(" ".join(p for p in right if p)),  # noqa: S308
        matcher.ratio() < 1,
    )


def _growth(request, portfolio):
    reflections = dict(_reflections(portfolio))
    written = [(stage, r) for stage, r in reflections.items() if r is not None and r.answers.all()]
    stages = [stage for stage, _r in written]
    left_stage = request.GET.get("van")
    right_stage = request.GET.get("naar")
    if left_stage not in [s.value for s in stages]:
        left_stage = stages[0].value if stages else None
    if right_stage not in [s.value for s in stages]:
        right_stage = stages[-1].value if stages else None
    rows = []
    left = reflections.get(STAGES(left_stage)) if left_stage else None
    right = reflections.get(STAGES(right_stage)) if right_stage else None
    if left is not None and right is not None:
        left_answers = {(a.question_id or a.question_text): a for a in left.answers.all()}
        right_answers = {(a.question_id or a.question_text): a for a in right.answers.all()}
        keys = list(dict.fromkeys([*left_answers, *right_answers]))
        for key in keys:
            la, ra = left_answers.get(key), right_answers.get(key)
            old, new, changed = _word_diff(
                html_to_plain(la.text) if la else "", html_to_plain(ra.text) if ra else ""
            )
            rows.append(
                {
                    "question": (ra or la).question_text,
                    "left": old,
                    "right": new,
                    "changed": changed,
                }
            )
    return render(
        request,
        "portfolio/growth.html",
        {
            "portfolio": portfolio,
            "owner": portfolio.enrolment.user,
            "is_owner": portfolio.is_owner(request.user),
            "stages": stages,
            "left": left,
            "right": right,
            "left_stage": left_stage,
            "right_stage": right_stage,
            "rows": rows,
        },
    )


def own_growth(request):
    portfolio = _own_portfolio(request)
    if portfolio is None:
        return _login_or_404(request)
    return _growth(request, portfolio)


def portfolio_growth(request, portfolio_id):
    portfolio = get_object_or_404(_readable_portfolios(request.user), public_id=portfolio_id)
    return _growth(request, portfolio)


# --- real names, sharing, export ------------------------------------------------------------


def real_names(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    portfolio = _require_own_portfolio(request)
    form = RealNameForm(request.POST or None, portfolio=portfolio)
    if request.method == "POST" and form.is_valid():
        name = form.save(commit=False)
        name.portfolio = portfolio
        name.save()
        privacy.check_portfolio(portfolio)
        messages.success(request, _("The name has been added to your list."))
        return redirect("portfolio:real_names")
    return render(
        request,
        "portfolio/real_names.html",
        {"form": form, "portfolio": portfolio, "names": list(portfolio.real_names.all())},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def real_name_delete(request, pk):
    portfolio = _require_own_portfolio(request)
    get_object_or_404(RealName, pk=pk, portfolio=portfolio).delete()
    privacy.check_portfolio(portfolio)
    messages.success(request, _("The name has been removed from your list."))
    return redirect("portfolio:real_names")


def shares(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    portfolio = _require_own_portfolio(request)
    form = ShareForm(request.POST or None, portfolio=portfolio)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        with transaction.atomic():
            # A share that lost its enrolment without being marked ended gives no access; it
            # is ended now so that sharing again is possible.
            portfolio.shares.filter(user=user).ended().end(PortfolioShare.EndReason.LEFT_COHORT)
            PortfolioShare.objects.get_or_create(portfolio=portfolio, user=user, ended_at=None)
        messages.success(
            request,
            _("Your portfolio is now shared with %(name)s (read only).") % {"name": user},
        )
        return redirect("portfolio:shares")
    return render(
        request,
        "portfolio/shares.html",
        {
            "form": form,
            "portfolio": portfolio,
            "shares": list(portfolio.shares.active().select_related("user")),
            "ended_shares": list(
                portfolio.shares.ended().select_related("user").order_by("-ended_at", "-pk")
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def share_revoke(request, pk):
    portfolio = _require_own_portfolio(request)
    share = get_object_or_404(
        PortfolioShare.objects.select_related("user"), pk=pk, portfolio=portfolio
    )
    share.delete()
    if share.ended_at is None:
        messages.success(
            request, _("%(name)s can no longer read your portfolio.") % {"name": share.user}
        )
    return redirect("portfolio:shares")


def export_zip(request):
    """GDPR access and portability (art. 15 and 20): everything every app holds about the
    participant, as JSON files plus their attachments, in one ZIP (see leergang.privacy).

    This is the participant's own copy, so it is not held back by open privacy findings
    (those block submission and the PDF export, which others read). The ZIP is written to a
    temporary file and streamed from there, attachments copied in chunks."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    portfolio = _require_own_portfolio(request)
    if request.method != "POST":
        if request.method in ("GET", "HEAD"):
            return render(request, "portfolio/export.html", {"portfolio": portfolio})
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    export_user(request.user, spool)
    spool.seek(0)
    filename = f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- assignments --------------------------------------------------------------------------


def start_assignment(request, module_id, block_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require_own_portfolio(request)
    try:
        from modules.assignments import get_assignment
    except ImportError as exc:
        raise Http404 from exc
    assignment = get_assignment(module_id, block_id, request.user)
    if assignment is None or assignment.kind not in ("values", "fieldwork"):
        raise Http404
    query = f"?opdracht={assignment.module.pk}/{assignment.block_id}"
    if assignment.kind == "fieldwork":
        return redirect(reverse("portfolio:entry_create") + query)
    portfolio = _own_portfolio(request)
    written = set(portfolio.reflections.values_list("stage", flat=True))
    stage = next((s for s in STAGES.values if s not in written), STAGES.FINAL.value)
    return redirect(reverse("portfolio:values_edit", args=[stage]) + query)
