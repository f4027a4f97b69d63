"""Print a new Ed25519 private key (PEM) for LEERGANG_BADGE_SIGNING_KEY, and the published keys."""

from django.core.management.base import BaseCommand

from certificates import keys


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 private key in PEM for the LEERGANG_BADGE_SIGNING_KEY setting "
        "(--new), or list the public keys the issuer profiles publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new", action="store_true", help="Print a new private key.")

    def handle(self, *args, new=False, **options):
        if new:
            self.stdout.write(keys.new_private_pem())
            return
        for jwk in keys.published_jwks():
            self.stdout.write(f"{jwk['kid']}  {jwk['x']}")
