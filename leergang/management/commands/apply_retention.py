from django.core.management.base import BaseCommand

from portfolio import retention


class Command(BaseCommand):
    help = (
        "Apply each cohort's retention period: after it, fieldwork attachments are deleted and "
        "entries anonymised. Run daily (cron or a systemd timer). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be deleted or anonymised, per cohort, and change nothing.",
        )

    def handle(self, dry_run=False, **options):
        plans = retention.run(dry_run=dry_run)
        if not plans:
            self.stdout.write("No cohort has reached the end of its retention period.")
            return
        for plan in plans:
            for line in plan.lines():
                self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            changed = sum(not p.is_empty for p in plans)
            self.stdout.write(f"Retention applied to {changed} cohort(s).")
