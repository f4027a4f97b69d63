"""Build a complete, believable demo course. Idempotent: a second run changes nothing."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app contributes demo content through <app>.demo.seed(stdout, context); order matters.
DEMO_APPS = ["leergang", "modules", "portfolio", "assessment", "portfolio_pdf", "stories"]


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
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            self.stdout.write(f"Seeding {app}…")
            with transaction.atomic():
                result = module.seed(self.stdout.write, **context)
            if result:
                context.update(result)
        self.stdout.write(self.style.SUCCESS("Demo content ready. Password: leergang-demo"))
