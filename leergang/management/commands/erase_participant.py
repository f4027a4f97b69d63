from django.core.management.base import BaseCommand, CommandError

from leergang import privacy
from leergang.privacy_admin import erasable_participant


class Command(BaseCommand):
    help = (
        "Erase a participant's personal data on request (GDPR/AVG) through every app's privacy "
        "provider: portfolio content, attachments, progress, cached PDFs and exports; story "
        "credits anonymised; assessments kept without content. Idempotent: run it again after "
        "an interruption and it finishes the work."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The participant's e-mail address.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List every row and file that would be erased; change nothing.",
        )

    def handle(self, email, dry_run=False, **options):
        user, problem = erasable_participant(email)
        if problem:
            raise CommandError(f"{email}: {problem}")
        label = f"{user.get_full_name()} <{user.email}>"
        plan = privacy.plan_erasure(user) if dry_run else privacy.erase_user(user)
        self.stdout.write(f"Participant: {label}")
        if plan.is_empty:
            self.stdout.write("  nothing left to erase")
        for line in plan.lines():
            self.stdout.write(line)
        self.stdout.write("Dry run: nothing was changed." if dry_run else "Erased.")
