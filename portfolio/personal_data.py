"""Privacy provider of the portfolio: values reflections, the fieldwork log (with its history,
tags and attachments), the list of real names, privacy findings and shares.

Fieldwork holds residents' data (by role and pseudonym, but still about real people), so after
a cohort's retention period its free text is replaced by ``[geanonimiseerd]`` and its files,
history, findings, tags and real names go. Values reflections are the participant's writing
about themselves and stay until the participant asks for erasure."""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from leergang.privacy import ANONYMISED, Category, NotPersonal, Provider, isoformat

from .models import (
    Attachment,
    EntryRevision,
    FieldworkEntry,
    FieldworkTag,
    Portfolio,
    PortfolioShare,
    PrivacyFinding,
    RealName,
    TaggedFieldworkEntry,
    ValuesAnswer,
    ValuesReflection,
)
from .snapshot import build_snapshot

_UNTIL_RETENTION = _(
    "Until the cohort's retention period ends (default 24 months after the course)."
)


_OWN = _("The participant, their trainers, fellow participants they share it with.")

# The register of processing for the portfolio (AVG art. 30), one entry per kind of data.
CATEGORIES = (
    Category(
        key="portfolio.values",
        label=_("Values reflections"),
        models=(
            "portfolio.Portfolio",
            "portfolio.ValuesReflection",
            "portfolio.ValuesAnswer",
        ),
        data=_("Your answers to the values questions at intake, midway and the end."),
        purpose=_("Your reflection on what drives you; assessed by your trainers."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_OWN,
        retention=_("Until erasure on request."),
    ),
    Category(
        key="portfolio.fieldwork",
        label=_("Fieldwork log"),
        models=(
            "portfolio.FieldworkEntry",
            "portfolio.EntryRevision",
            "portfolio.TaggedFieldworkEntry",
            "portfolio.FieldworkTag",
        ),
        data=_(
            "Date, place, setting, people by role and pseudonym, the residents' idea, "
            "what you did, what happened, your reflection, tags, earlier versions."
        ),
        purpose=_("Evidence of your work with residents for the assessment."),
        basis=_("Agreement (taking part in the course)."),
        recipients=_OWN,
        retention=_UNTIL_RETENTION,
    ),
    Category(
        key="portfolio.attachments",
        label=_("Attachments"),
        models=("portfolio.Attachment",),
        data=_("Photos and documents with caption and consent (photos without EXIF or GPS)."),
        purpose=_("Evidence of your fieldwork."),
        basis=_("Agreement; for identifiable residents their recorded consent."),
        recipients=_OWN,
        retention=_UNTIL_RETENTION,
    ),
    Category(
        key="portfolio.real_names",
        label=_("Real names for the privacy check"),
        models=("portfolio.RealName", "portfolio.PrivacyFinding"),
        data=_(
            "Residents' real names you listed so the check can find them, and the check's findings."
        ),
        purpose=_("Keeping residents' names and addresses out of your portfolio."),
        basis=_("Legitimate interest (protecting residents)."),
        recipients=_("Only the participant."),
        retention=_UNTIL_RETENTION,
    ),
    Category(
        key="portfolio.shares",
        label=_("Shares"),
        models=("portfolio.PortfolioShare",),
        data=_("With which fellow participants you share your portfolio, since when."),
        purpose=_("Intervisie: reading each other's work."),
        basis=_("Consent (you share and revoke)."),
        recipients=_("The participant and the one it is shared with."),
        retention=_("Until revoked, or the reader leaves the cohort."),
    ),
    NotPersonal(("portfolio.ValuesQuestion",), "Questions written by the editors."),
)


class PortfolioProvider(Provider):
    name = "portfolio"
    label = _("Portfolio")
    order = 30

    def describe(self):
        return list(CATEGORIES)

    # --- export --------------------------------------------------------------------------------

    def export(self, user, writer):
        for portfolio in _portfolios_of(user):
            self._export_portfolio(portfolio, writer)
        writer.add_json(
            "portfolio.shares",
            "gedeeld-met-mij.json",
            [
                {
                    "owner": str(s.portfolio.owner),
                    "since": isoformat(s.created_at),
                    "ended_at": isoformat(getattr(s, "ended_at", None)),
                }
                for s in PortfolioShare.objects.filter(user=user).select_related(
                    "portfolio__enrolment__user"
                )
            ],
        )

    def _export_portfolio(self, portfolio, writer):
        folder = f"portfolio-{portfolio.enrolment.cohort_id}"
        snapshot = build_snapshot(
            portfolio, entry_ids=portfolio.entries.values_list("pk", flat=True)
        )
        _export_attachment_files(snapshot, folder, writer)
        history = _revision_history(portfolio)
        for entry in snapshot["entries"]:
            entry["history"] = history.get(entry["public_id"], [])
        values = snapshot.pop("values_reflections", [])
        writer.add_json("portfolio.values", f"{folder}/waardenreflecties.json", values)
        writer.add_json("portfolio.fieldwork", f"{folder}/veldwerk.json", snapshot)
        writer.add_json(
            "portfolio.attachments",
            f"{folder}/bijlagen.json",
            [{"entry": e["public_id"], **a} for e in snapshot["entries"] for a in e["attachments"]],
        )
        writer.add_json(
            "portfolio.real_names", f"{folder}/privacycheck.json", _privacy_check_data(portfolio)
        )
        writer.add_json("portfolio.shares", f"{folder}/gedeeld.json", _shares_data(portfolio))

    # --- erasure -------------------------------------------------------------------------------

    def erase(self, user, plan):
        portfolios = _portfolios_of(user)
        entries = FieldworkEntry.objects.filter(portfolio__in=portfolios)
        _delete_attachments(plan, Attachment.objects.filter(entry__in=entries))
        plan.delete(_findings(portfolios), _("privacy findings"))
        plan.delete(EntryRevision.objects.filter(entry__in=entries), _("earlier versions"))
        plan.delete(TaggedFieldworkEntry.objects.filter(content_object__in=entries), _("tags"))
        plan.delete(FieldworkTag.objects.filter(portfolio__in=portfolios), _("tag names"))
        plan.delete(entries, _("fieldwork entries"))
        plan.delete(
            ValuesAnswer.objects.filter(reflection__portfolio__in=portfolios), _("values answers")
        )
        plan.delete(
            ValuesReflection.objects.filter(portfolio__in=portfolios), _("values reflections")
        )
        plan.delete(RealName.objects.filter(portfolio__in=portfolios), _("real names"))
        plan.delete(PortfolioShare.objects.filter(portfolio__in=portfolios), _("shares"))
        # Shares others gave this participant end; their owners see "the account was erased".
        plan.update(
            PortfolioShare.objects.filter(user=user, ended_at=None),
            _("shares with this participant ended"),
            ended_at=timezone.now(),
            end_reason=PortfolioShare.EndReason.ACCOUNT_ERASED,
        )

    # --- retention -----------------------------------------------------------------------------

    def retain(self, cohort, plan):
        portfolios = Portfolio.objects.filter(enrolment__cohort=cohort)
        entries = FieldworkEntry.objects.filter(portfolio__in=portfolios)
        _delete_attachments(plan, Attachment.objects.filter(entry__in=entries))
        plan.change(
            entries.filter(_needs_anonymising()).order_by("date", "pk"),
            _("anonymise fieldwork entries"),
            _anonymise_entry,
        )
        plan.delete(EntryRevision.objects.filter(entry__in=entries), _("earlier versions"))
        plan.delete(_findings(portfolios), _("privacy findings"))
        plan.delete(TaggedFieldworkEntry.objects.filter(content_object__in=entries), _("tags"))
        plan.delete(FieldworkTag.objects.filter(portfolio__in=portfolios), _("tag names"))
        plan.delete(RealName.objects.filter(portfolio__in=portfolios), _("real names"))


def _export_attachment_files(snapshot, folder, writer):
    """Copy each attachment into the ZIP; the snapshot's item says where (not where it is stored)."""
    storage = Attachment._meta.get_field("file").storage
    for entry in snapshot["entries"]:
        for item in entry["attachments"]:
            base = get_valid_filename(item["filename"]) or "bijlage"
            path = f"{folder}/bijlagen/{entry['date']}-{entry['public_id'][:8]}/{base}"
            item["zip_path"] = writer.add_file(
                "portfolio.attachments", path, storage, item["storage_name"]
            )
            item.pop("storage_name", None)
            item.pop("storage", None)


def _revision_history(portfolio):
    """The saved versions of each entry, by the entry's public id."""
    history = {}
    revisions = EntryRevision.objects.filter(entry__portfolio=portfolio).select_related("entry")
    for revision in revisions:
        history.setdefault(str(revision.entry.public_id), []).append(
            {"saved_at": isoformat(revision.created_at), "data": revision.data}
        )
    return history


def _privacy_check_data(portfolio):
    findings = _findings(portfolio).select_related("entry", "tag", "answer", "attachment")
    return {
        "real_names": list(portfolio.real_names.values_list("name", flat=True)),
        "findings": [
            {
                "entry": str(f.entry.public_id) if f.entry_id else None,
                "about": _finding_subject(f),
                "field": f.field,
                "kind": f.kind,
                "text": f.text,
                "status": f.status,
            }
            for f in findings
        ],
    }


def _shares_data(portfolio):
    return [
        {
            "name": str(s.user),
            "email": s.user.email,
            "since": isoformat(s.created_at),
            "ended_at": isoformat(getattr(s, "ended_at", None)),
        }
        for s in portfolio.shares.select_related("user")
    ]


def _portfolios_of(user):
    return Portfolio.objects.filter(enrolment__user=user).select_related("enrolment")


def _findings(portfolios):
    if isinstance(portfolios, Portfolio):
        portfolios = [portfolios]
    return PrivacyFinding.objects.filter(portfolio__in=portfolios)


def _finding_subject(finding):
    if finding.tag_id:
        return {"tag": finding.tag.name}
    if finding.answer_id:
        return {"values_answer": finding.answer.question_text}
    if finding.attachment_id:
        return {"attachment": finding.attachment.original_name}
    return {"entry_field": finding.field}


def _delete_attachments(plan, attachments):
    attachments = list(attachments)
    if not attachments:
        return
    storage = Attachment._meta.get_field("file").storage
    names = [n for a in attachments for n in (a.file.name, a.thumbnail)]
    plan.delete_files(storage, names, _("attachment files and thumbnails"))
    plan.delete(Attachment.objects.filter(pk__in=[a.pk for a in attachments]), _("attachments"))


def _needs_anonymising():
    text_left = Q()
    for name in FieldworkEntry.FREE_TEXT_FIELDS:
        text_left |= ~Q(**{name: ""}) & ~Q(**{name: ANONYMISED})
    return text_left | ~Q(autosave_data={})


def _anonymise_entry(entry):
    for name in FieldworkEntry.FREE_TEXT_FIELDS:
        if getattr(entry, name):
            setattr(entry, name, ANONYMISED)
    entry.autosave_data = {}
    entry.autosaved_at = None
    entry.save()


@hooks.register("register_privacy_provider")
def provider():
    return PortfolioProvider()
