"""Privacy provider of the PDF exports: cached PDFs and export ZIPs are copies of portfolio
data, so they follow their sources: erased with the participant, deleted with the cohort's
retention, and expired after ``LEERGANG_EXPORT_EXPIRY_DAYS``."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, Provider, isoformat
from portfolio.models import Portfolio

from .models import ExportJob, RenderedPdf


class PdfProvider(Provider):
    name = "portfolio_pdf"
    label = _("PDF exports")
    order = 10  # first: copies go before their sources

    def describe(self):
        return [
            Category(
                key="portfolio_pdf.copies",
                label=_("PDFs and export files"),
                models=("portfolio_pdf.RenderedPdf", "portfolio_pdf.ExportJob"),
                data=_(
                    "PDFs of your portfolio or of a submission, and ZIPs of a cohort's PDFs "
                    "made by a trainer: copies of the portfolio data above."
                ),
                purpose=_("Downloading, printing and archiving portfolios."),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("Whoever made the export, while they still may read it."),
                retention=_(
                    "%(days)s days after they were made or last used; at once when their "
                    "source changes or is erased."
                )
                % {"days": settings.LEERGANG_EXPORT_EXPIRY_DAYS},
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "portfolio_pdf.copies",
            "pdf-exports.json",
            [
                {
                    "kind": job.get_kind_display(),
                    "status": job.get_status_display(),
                    "file": job.result_name,
                    "created_at": isoformat(job.created_at),
                }
                for job in ExportJob.objects.filter(owner=user)
            ],
        )

    def erase(self, user, plan):
        portfolios = list(Portfolio.objects.filter(enrolment__user=user))
        cohorts = [p.enrolment.cohort_id for p in portfolios]
        self._delete(
            plan,
            RenderedPdf.objects.filter(portfolio_public_id__in=[p.public_id for p in portfolios]),
            ExportJob.objects.filter(
                Q(owner=user) | Q(portfolio__in=portfolios) | Q(cohort__in=cohorts)
            ),
        )

    def retain(self, cohort, plan):
        portfolios = Portfolio.objects.filter(enrolment__cohort=cohort)
        self._delete(
            plan,
            RenderedPdf.objects.filter(
                portfolio_public_id__in=portfolios.values_list("public_id", flat=True)
            ),
            ExportJob.objects.filter(Q(portfolio__in=portfolios) | Q(cohort=cohort)),
        )

    def expire(self, plan, now):
        cutoff = now - datetime.timedelta(days=settings.LEERGANG_EXPORT_EXPIRY_DAYS)
        self._delete(
            plan,
            RenderedPdf.objects.filter(last_used_at__lt=cutoff),
            ExportJob.objects.filter(created_at__lt=cutoff),
        )

    def _delete(self, plan, rendered, jobs):
        storage = RenderedPdf._meta.get_field("file").storage
        rendered, jobs = list(rendered), list(jobs)
        plan.delete_files(storage, [r.file.name for r in rendered], _("cached PDF files"))
        plan.delete_files(storage, [j.result.name for j in jobs if j.result], _("export files"))
        plan.delete(RenderedPdf.objects.filter(pk__in=[r.pk for r in rendered]), _("cached PDFs"))
        plan.delete(ExportJob.objects.filter(pk__in=[j.pk for j in jobs]), _("exports"))


@hooks.register("register_privacy_provider")
def provider():
    return PdfProvider()
