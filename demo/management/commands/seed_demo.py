"""Build a complete, believable demo course. Idempotent: a second run changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.content import (
    agenda,
    assessment,
    certificates,
    discussions,
    intervisie,
    leergang,
    modules,
    notifications,
    peerfeedback,
    portfolio,
    portfolio_pdf,
    stories,
)

# Each step returns what later steps need (the home page, the users, ...); order matters.
STEPS = [
    ("leergang", leergang.seed),
    ("modules", modules.seed),
    ("portfolio", portfolio.seed),
    ("assessment", assessment.seed),
    ("certificates", certificates.seed),
    ("portfolio_pdf", portfolio_pdf.seed),
    ("stories", stories.seed),
    ("agenda", agenda.seed),
    ("intervisie", intervisie.seed),
    ("notifications", notifications.seed),
    ("discussions", discussions.seed),
    ("peerfeedback", peerfeedback.seed),
]


class Command(BaseCommand):
    help = "Create demo accounts and content (only with DEBUG on, or with --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even when DEBUG is off (never in production).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with a known password; it runs only with DEBUG on "
                "or with --force."
            )
        context = {}
        for app, seed in STEPS:
            self.stdout.write(f"Seeding {app}…")
            with transaction.atomic():
                result = seed(self.stdout.write, **context)
            if result:
                context.update(result)
        self.stdout.write(self.style.SUCCESS("Demo content ready. Password: leergang-demo"))
