"""Privacy provider of quick capture: which drafts from a phone became which entries.

A receipt holds no text (the versions are the portfolio's entry revisions): the draft's id on
the device, the entry, which version the phone last saw and which of its photos arrived. It is
needed while the participant may still send from a phone, so it goes with the entry (retention)
or the account (erasure); receipts whose entry was deleted go after 30 days."""

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import Category, Provider, isoformat

from .models import CaptureReceipt

ORPHAN_DAYS = 30


class CaptureProvider(Provider):
    name = "capture"
    label = _("Quick capture")
    # Before the portfolio: the receipts point at its entries and revisions.
    order = 25

    def describe(self):
        return [
            Category(
                key="capture.receipts",
                label=_("Entries sent from a phone"),
                models=("capture.CaptureReceipt",),
                data=_(
                    "For each entry written on a phone: the draft's id on the device, the entry it "
                    "became, the version the phone last saw and which photos arrived (no text)."
                ),
                purpose=_(
                    "Sending from a phone without loss or duplicates, and keeping both versions "
                    "when an entry was changed on two devices."
                ),
                basis=_("Agreement (taking part in the course)."),
                recipients=_("Only the participant."),
                retention=_(
                    "As long as the entry; 30 days after the entry was deleted. Drafts on the "
                    "device itself are deleted when you log out."
                ),
            ),
        ]

    def export(self, user, writer):
        writer.add_json(
            "capture.receipts",
            "snel-vastgelegd.json",
            [
                {
                    "draft_id": str(r.client_id),
                    "entry": str(r.entry.public_id) if r.entry_id else None,
                    "created_at": isoformat(r.created_at),
                    "updated_at": isoformat(r.updated_at),
                    "photos": len(r.photos),
                }
                for r in CaptureReceipt.objects.filter(user=user).select_related("entry")
            ],
        )

    def erase(self, user, plan):
        plan.delete(CaptureReceipt.objects.filter(user=user), _("quick capture receipts"))

    def retain(self, cohort, plan):
        plan.delete(
            CaptureReceipt.objects.filter(entry__portfolio__enrolment__cohort=cohort),
            _("quick capture receipts"),
        )

    def expire(self, plan, now):
        plan.delete(
            CaptureReceipt.objects.filter(
                entry=None, updated_at__lt=now - datetime.timedelta(days=ORPHAN_DAYS)
            ),
            _("quick capture receipts of deleted entries"),
        )


@hooks.register("register_privacy_provider")
def provider():
    return CaptureProvider()
