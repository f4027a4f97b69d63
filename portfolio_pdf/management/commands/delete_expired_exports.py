from django.core.management.base import BaseCommand

from portfolio_pdf import derived
from portfolio_pdf.models import export_expiry


class Command(BaseCommand):
    help = (
        "Delete PDF exports older than LEERGANG_EXPORT_EXPIRY_DAYS and cached PDFs nobody "
        "downloaded for as long, with their files. Run daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; change nothing."
        )

    def handle(self, dry_run=False, **options):
        days = export_expiry().days
        if dry_run:
            jobs = derived.expired_exports().order_by("created_at")
            renders = derived.unused_renders().order_by("last_used_at")
            for job in jobs:
                self.stdout.write(
                    f"export {job.public_id} of {job.created_at:%Y-%m-%d}: {job.result.name}"
                )
            for rendered in renders:
                self.stdout.write(
                    f"cached PDF {rendered.key[:12]}, last used {rendered.last_used_at:%Y-%m-%d}: "
                    f"{rendered.file.name}"
                )
            self.stdout.write(
                f"Dry run: {jobs.count()} export(s) and {renders.count()} cached PDF(s) are older "
                f"than {days} days; nothing was deleted."
            )
            return
        removed = derived.delete_expired_exports()
        self.stdout.write(f"Deleted {removed} export(s) and cached PDF(s) older than {days} days.")
