from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leergang.backup import restore_backup


class Command(BaseCommand):
    help = "Restore an archive made by backup_site into a freshly migrated, empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, archive, **options):
        if not archive.exists():
            raise CommandError(f"{archive} does not exist.")
        meta = restore_backup(archive)
        self.stdout.write(f"Restored {meta['objects']} objects and media from {archive}.")
