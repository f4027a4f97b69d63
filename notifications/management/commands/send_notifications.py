"""Reminders and digests, for cron or a systemd timer (hourly, or at least daily at 7:00)."""

from django.core.management.base import BaseCommand

from notifications import scheduled, tasks


class Command(BaseCommand):
    help = (
        "Send deadline and session reminders, unsent e-mails and the daily digests. "
        "Safe to run as often as you like: nobody gets an e-mail twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start",
            action="store_true",
            help="Also queue the worker's hourly periodic task (if none is waiting).",
        )

    def handle(self, *args, start=False, **options):
        report = scheduled.run()
        self.stdout.write(str(report))
        if start:
            queued = tasks.ensure_scheduled()
            self.stdout.write("periodic task queued" if queued else "periodic task: already queued")
