from pathlib import Path

from django.core.management.base import BaseCommand

from leergang.backup import create_backup


class Command(BaseCommand):
    help = "Write the database and all media (public and private) into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="Where to write, e.g. backup-2026-11-29.tar.gz"
        )

    def handle(self, archive, **options):
        meta = create_backup(archive)
        self.stdout.write(f"Backup written to {archive}: {meta['objects']} objects plus media.")
