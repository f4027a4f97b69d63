from django.core.management.base import BaseCommand

from leergang import privacy


class Command(BaseCommand):
    help = (
        "Apply each cohort's retention period through every app's privacy provider: after it, "
        "fieldwork attachments, cached PDFs and exports are deleted and entries anonymised. "
        "Also removes what has a fixed lifetime (exports after LEERGANG_EXPORT_EXPIRY_DAYS, "
        "login records, the sent-mail log). Run daily (cron or a systemd timer). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List every row and file that would be deleted or anonymised; change nothing.",
        )

    def handle(self, dry_run=False, **options):
        cohorts, expiry = privacy.run_retention(dry_run=dry_run)
        if not cohorts:
            self.stdout.write("No cohort has reached the end of its retention period.")
        for cohort, plan in cohorts:
            self.stdout.write(
                f"{cohort.name}: retention ended {cohort.retention_ends():%d-%m-%Y} "
                f"({cohort.retention_months} months after {cohort.end_date:%d-%m-%Y})"
            )
            if plan.is_empty:
                self.stdout.write("  nothing left to do")
            for line in plan.lines():
                self.stdout.write(line)
        if not expiry.is_empty:
            self.stdout.write("Expired (fixed lifetime):")
            for line in expiry.lines():
                self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            changed = sum(not plan.is_empty for _cohort, plan in cohorts)
            self.stdout.write(f"Retention applied to {changed} cohort(s).")
