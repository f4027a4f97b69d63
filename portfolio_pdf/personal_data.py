"""Privacy provider of the PDF exports: cached PDFs and export ZIPs are copies of portfolio
data, so they follow their sources (``derived``): erased with the participant (a trainer's
cohort ZIP that contains them too), deleted with the cohort's retention, and expired after
``LEERGANG_EXPORT_EXPIRY_DAYS``."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, NotPersonal, Provider, isoformat
from portfolio.models import Portfolio

from . import derived
from .models import ExportJob, RenderedPdf, private_storage


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
            NotPersonal(
                (
                    "portfolio_pdf.RenderedPdfAttachment",
                    "portfolio_pdf.ExportJobItem",
                    "portfolio_pdf.ExportJobAttachment",
                ),
                "Ids recording what a copy was made from; deleted with the copy.",
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
        rendered, jobs = derived.portfolio_copies([p.public_id for p in portfolios])
        self._delete(plan, rendered, jobs | ExportJob.objects.filter(owner=user))

    def retain(self, cohort, plan):
        public_ids = Portfolio.objects.filter(enrolment__cohort=cohort).values_list(
            "public_id", flat=True
        )
        rendered, jobs = derived.portfolio_copies(list(public_ids))
        self._delete(plan, rendered, jobs | ExportJob.objects.filter(cohort=cohort))

    def expire(self, plan, now):
        self._delete(plan, derived.unused_renders(now), derived.expired_exports(now))

    def _delete(self, plan, rendered, jobs):
        """Files first, then the rows (which take their source records with them)."""
        rendered = RenderedPdf.objects.filter(pk__in=rendered.values("pk"))
        jobs = ExportJob.objects.filter(Q(pk__in=jobs.values("pk")))
        names = [r.file.name for r in rendered if r.file]
        names += [j.result.name for j in jobs if j.result]
        plan.delete_files(private_storage(), sorted(set(names)), _("PDF and export files"))
        plan.delete(rendered, _("cached PDFs"))
        plan.delete(jobs, _("exports"))


@hooks.register("register_privacy_provider")
def provider():
    return PdfProvider()
