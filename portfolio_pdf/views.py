"""The participant's own PDF, its preview, a submission's PDF, and cohort exports."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views import View

from leergang.files import private_file_response
from leergang.models import Cohort
from portfolio.models import Attachment

from . import jobs, pdf, prerender, sources, tasks
from .forms import CohortExportForm, PdfOptionsForm
from .models import ExportJob, export_expiry

logger = logging.getLogger(__name__)


def _safe_filename(name, fallback="bijlage"):
    try:
        return get_valid_filename(name or fallback)
    except SuspiciousFileOperation:
        return fallback


def _pdf_response(rendered, filename):
    return private_file_response(rendered.file, filename=filename, content_type="application/pdf")


class OwnPortfolioMixin(LoginRequiredMixin):
    def load(self):
        self.portfolio = sources.own_portfolio(self.request.user)
        self.snapshot = sources.live_snapshot(self.portfolio)
        self.assessed = sources.latest_assessed_submission(self.portfolio)

    def options_form(self, data):
        return PdfOptionsForm(data, snapshot=self.snapshot, has_feedback=self.assessed is not None)

    def feedback(self, options):
        return prerender.feedback_for(options, self.assessed)


class PortfolioPdfView(OwnPortfolioMixin, View):
    """/portfolio/pdf/: choose what goes in, preview, download (or go to the background)."""

    template_name = "portfolio_pdf/portfolio_pdf.html"

    def get(self, request):
        self.load()
        form = PdfOptionsForm(
            initial={"scope": PdfOptionsForm.SCOPE_ALL},
            snapshot=self.snapshot,
            has_feedback=self.assessed is not None,
        )
        return self.show(form)

    def show(self, form, status=200, blockers=None):
        jobs_qs = ExportJob.objects.filter(
            owner=self.request.user, portfolio=self.portfolio
        ).order_by("-created_at")[:3]
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "snapshot": self.snapshot,
                "entry_count": len(self.snapshot.get("entries", [])),
                "blockers": blockers if blockers is not None else sources.blockers(self.portfolio),
                "assessed": self.assessed,
                "jobs": jobs_qs,
            },
            status=status,
        )

    def post(self, request):
        fast = self.ready_download(request)
        if fast is not None:
            return fast
        self.load()
        form = self.options_form(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        options = form.render_options()
        blockers = sources.blockers(self.portfolio, entry_ids=options.entry_ids)
        if blockers:
            form.add_error(None, _("The PDF cannot be made yet: resolve the points below first."))
            return self.show(form, status=400, blockers=blockers)
        if pdf.needs_background(self.snapshot, options):
            job = ExportJob.objects.create(
                owner=request.user,
                kind=ExportJob.Kind.PORTFOLIO,
                portfolio=self.portfolio,
                options=options.as_dict(),
            )
            tasks.start(job)
            messages.info(
                request, _("Your portfolio is large; the PDF is being made in the background.")
            )
            return redirect(job)
        prerender.remember_choice(self.portfolio, options)
        try:
            rendered = prerender.render_live(
                self.portfolio,
                request.user,
                options,
                snapshot=self.snapshot,
                assessed=self.assessed,
            )
        except pdf.RenderError as exc:
            form.add_error(None, str(exc))
            return self.show(form, status=503)
        return _pdf_response(rendered, pdf.download_name(self.snapshot))

    def ready_download(self, request):
        """The whole portfolio, already made (prerendered, or downloaded before) and nothing
        changed since: served without building the snapshot again."""
        if request.POST.get("scope") != PdfOptionsForm.SCOPE_ALL or request.POST.get("entries"):
            return None
        portfolio = sources.own_portfolio(request.user)
        assessed = sources.latest_assessed_submission(portfolio)
        wants = forms.BooleanField(required=False).to_python(request.POST.get("feedback"))
        options = pdf.RenderOptions(include_feedback=bool(wants) and assessed is not None)
        rendered = prerender.ready(portfolio, request.user, options, assessed)
        if rendered is None:
            return None
        prerender.remember_choice(portfolio, options)
        owner = {"name": request.user.get_full_name() or request.user.email}
        return _pdf_response(rendered, pdf.download_name({"owner": owner}))


class PreviewView(OwnPortfolioMixin, View):
    """/portfolio/pdf/voorbeeld/: the same print HTML and CSS, in the browser."""

    def get(self, request):
        self.load()
        form = self.options_form(request.GET or {"scope": PdfOptionsForm.SCOPE_ALL})
        options = form.render_options() if form.is_valid() else pdf.RenderOptions()
        allowed = sources.readable_attachment_ids(request.user, self.snapshot)

        def attachment_src(att):
            if att.get("id") not in allowed:
                return ""
            return reverse("portfolio_pdf:preview_attachment", args=[att["id"]])

        html = pdf.build_html(
            self.snapshot,
            options=options,
            feedback=self.feedback(options),
            for_browser=True,
            attachment_src=attachment_src,
            static_prefix=static("portfolio_pdf/"),
        )
        query = request.GET.urlencode()
        bar = render(
            request,
            "portfolio_pdf/preview_bar.html",
            {"back_url": reverse("portfolio_pdf:own") + (f"?{query}" if query else "")},
        ).content.decode()
        html = html.replace('<body class="preview">', f'<body class="preview">{bar}', 1)
        response = HttpResponse(html)
        response["Cache-Control"] = "private, no-store"
        return response


class PreviewAttachmentView(LoginRequiredMixin, View):
    """An image of the participant's own portfolio, for the preview only."""

    def get(self, request, pk):
        portfolio = sources.own_portfolio(request.user)
        attachment = get_object_or_404(
            Attachment.objects.visible_to(request.user).filter(entry__portfolio=portfolio),
            pk=pk,
        )
        if not attachment.is_image:
            raise Http404
        return private_file_response(
            None,
            storage=attachment.file.storage,
            name=attachment.file.name,
            filename=_safe_filename(attachment.original_name),
            content_type=attachment.content_type,
            inline=True,
        )


class SubmissionPdfView(LoginRequiredMixin, View):
    """/portfolio/pdf/inzending/<id>/: the frozen snapshot of a submission, for those who may
    see the submission (404 otherwise). ``?feedback=0`` leaves the feedback out."""

    def get(self, request, submission_id):
        submission = sources.visible_submission(request.user, submission_id)
        include = request.GET.get("feedback", "1") != "0"
        feedback = sources.submission_feedback(submission) if include else None
        options = pdf.RenderOptions(include_feedback=feedback is not None)
        snapshot = submission.snapshot
        name = pdf.download_name(snapshot, f"-{submission.milestone.name}-ronde-{submission.round}")
        if pdf.needs_background(snapshot, options):
            job = ExportJob.objects.create(
                owner=request.user,
                kind=ExportJob.Kind.PORTFOLIO,
                portfolio=submission.portfolio,
                options={**options.as_dict(), "submission_id": submission.pk},
            )
            tasks.start(job)
            return redirect(job)
        try:
            rendered = pdf.get_or_render(
                snapshot,
                options=options,
                feedback=feedback,
                submission_label=sources.submission_label(submission),
                submission_id=submission.pk,
                portfolio_public_id=submission.portfolio.public_id,
            )
        except pdf.RenderError as exc:
            return render(
                request, "portfolio_pdf/render_failed.html", {"message": str(exc)}, status=503
            )
        return _pdf_response(rendered, name)


class CohortExportView(LoginRequiredMixin, View):
    """/portfolio/pdf/cohort/<id>/: a trainer exports a whole cohort as one ZIP of PDFs."""

    template_name = "portfolio_pdf/cohort_export.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = get_object_or_404(Cohort, pk=kwargs["cohort_id"])
        if not jobs.may_export_cohort(request.user, self.cohort):
            raise Http404
        self.milestones = sources.cohort_milestones(self.cohort)
        return super().dispatch(request, *args, **kwargs)

    def show(self, form, status=200):
        recent = ExportJob.objects.filter(owner=self.request.user, cohort=self.cohort).order_by(
            "-created_at"
        )[:5]
        return render(
            self.request,
            self.template_name,
            {
                "cohort": self.cohort,
                "form": form,
                "jobs": recent,
                "participant_count": self.cohort.enrolments.count(),
            },
            status=status,
        )

    def get(self, request, cohort_id):
        return self.show(CohortExportForm(milestones=self.milestones))

    def post(self, request, cohort_id):
        form = CohortExportForm(request.POST, milestones=self.milestones)
        if not form.is_valid():
            return self.show(form, status=400)
        submissions = form.cleaned_data["kind"] == CohortExportForm.KIND_SUBMISSIONS
        job = ExportJob.objects.create(
            owner=request.user,
            kind=(
                ExportJob.Kind.COHORT_SUBMISSIONS
                if submissions
                else ExportJob.Kind.COHORT_PORTFOLIOS
            ),
            cohort=self.cohort,
            milestone=str(form.cleaned_data.get("milestone") or "") if submissions else "",
        )
        tasks.start(job)
        return redirect(job)


class JobMixin(LoginRequiredMixin):
    def get_job(self, public_id):
        return get_object_or_404(
            ExportJob.objects.visible_to(self.request.user).select_related(
                "owner", "cohort", "portfolio"
            ),
            public_id=public_id,
        )


def job_status(job):
    status = job.effective_status
    available = jobs.still_available(job)
    expired = job.is_expired
    message = job.message
    if not available:
        message = _("This export is no longer available to you.")
    elif expired:
        message = _(
            "This export expired on %(date)s (exports are kept for %(days)d days). Make a new one."
        ) % {
            "date": date_format(timezone.localtime(job.expires_at), "j F Y"),
            "days": export_expiry().days,
        }
    elif job.is_stale and not message:
        message = _("The export stopped without finishing (the worker stopped). Start it again.")
    data = {
        "status": status,
        "status_label": str(ExportJob.Status(status).label),
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "finished": job.is_finished or expired or not available,
        "available": available,
        "expired": expired,
        "expires_at": job.expires_at.isoformat(),
        "message": message,
        "download_url": (
            reverse("portfolio_pdf:job_download", args=[job.public_id])
            if status == ExportJob.Status.DONE and job.result and available and not expired
            else None
        ),
    }
    return data


class JobView(JobMixin, View):
    """The progress page: a progress bar that JavaScript refreshes, a meta refresh without it."""

    def get(self, request, public_id):
        job = self.get_job(public_id)
        return render(
            request, "portfolio_pdf/export_job.html", {"job": job, "state": job_status(job)}
        )


class JobStatusView(JobMixin, View):
    def get(self, request, public_id):
        response = JsonResponse(job_status(self.get_job(public_id)))
        response["Cache-Control"] = "no-store"
        return response


class JobDownloadView(JobMixin, View):
    def get(self, request, public_id):
        job = self.get_job(public_id)
        if job.effective_status != ExportJob.Status.DONE or not job.result:
            raise Http404
        if job.is_expired or not jobs.still_available(job):
            raise Http404
        if not job.result.storage.exists(job.result.name):
            raise Http404
        content_type = "application/zip" if job.result.name.endswith(".zip") else "application/pdf"
        return private_file_response(
            job.result, filename=job.result_name, content_type=content_type
        )


class JobRetryView(JobMixin, View):
    def post(self, request, public_id):
        job = self.get_job(public_id)
        if not jobs.still_available(job):
            raise Http404
        if job.effective_status != ExportJob.Status.FAILED and not job.is_expired:
            return redirect(job)
        if job.is_stale:
            job.heartbeat(
                status=ExportJob.Status.FAILED,
                message=_("The export stopped without finishing (the worker stopped)."),
            )
        fresh = tasks.retry(job)
        messages.info(request, _("The export has been started again."))
        return redirect(fresh)
