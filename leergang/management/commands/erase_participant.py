from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portfolio import erasure


class Command(BaseCommand):
    help = (
        "Erase a participant's personal data on request (GDPR/AVG): portfolio content, "
        "attachments, progress; story credit anonymised; assessment kept without content."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The participant's e-mail address.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, email, dry_run=False, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        if user.is_administrator or user.is_trainer:
            raise CommandError(
                f"{email} is a trainer or administrator; only participants are erased this way."
            )
        plan = erasure.plan(user) if dry_run else erasure.erase(user)
        for line in plan.lines():
            self.stdout.write(line)
        self.stdout.write("Dry run: nothing was changed." if dry_run else "Erased.")
