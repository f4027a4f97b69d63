"""Changes to a portfolio that make its cached PDFs and exports wrong (connected in apps.py).

- an attachment deleted, or its consent changed: every copy that shows it;
- an entry, a values reflection or an answer saved or deleted: the copies of the live
  portfolio (a pseudonymised name must not stay on disk in an old PDF); submitted snapshots
  are frozen and stay;
- a submission's snapshot changed (erasure, retention) or the submission deleted: its copies
  (the app that keeps submissions announces that; see ``wagtail_hooks``);
- a portfolio deleted: all its copies.
Autosave writes with ``QuerySet.update`` and so changes nothing here.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from portfolio.models import (
    Attachment,
    FieldworkEntry,
    Portfolio,
    ValuesAnswer,
    ValuesReflection,
)

from . import derived, prerender

CONSENT_FIELDS = ("consent", "consent_given_by", "consent_use")
# Saves that only touch these fields do not change what a PDF shows.
QUIET_FIELDS = {"autosave_data", "autosaved_at", "updated_at"}


def _quiet(update_fields):
    return update_fields is not None and set(update_fields) <= QUIET_FIELDS


def _live_copies_of(portfolio_id):
    public_id = (
        Portfolio.objects.filter(pk=portfolio_id).values_list("public_id", flat=True).first()
    )
    if public_id is not None:  # a portfolio being deleted goes with portfolio_deleted
        derived.invalidate_portfolio(public_id, live_only=True)


def attachment_before_save(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or _quiet(update_fields):
        return
    before = Attachment.objects.filter(pk=instance.pk).values_list(*CONSENT_FIELDS).first() or None
    now = tuple(getattr(instance, f) for f in CONSENT_FIELDS)
    instance._pdf_consent_changed = before is not None and tuple(before) != now


def attachment_saved(sender, instance, created=False, **kwargs):
    _forget_entry_ready(instance.entry_id)
    if not created and getattr(instance, "_pdf_consent_changed", False):
        instance._pdf_consent_changed = False
        derived.invalidate_attachment(instance.pk)


def _forget_entry_ready(entry_id):
    portfolio_id = (
        FieldworkEntry.objects.filter(pk=entry_id).values_list("portfolio_id", flat=True).first()
    )
    if portfolio_id is not None:
        prerender.forget_ready(portfolio_id)


def entry_relations_changed(sender, instance, **kwargs):
    if isinstance(instance, FieldworkEntry):
        prerender.forget_ready(instance.portfolio_id)


def attachment_deleted(sender, instance, **kwargs):
    _forget_entry_ready(instance.entry_id)
    derived.invalidate_attachment(instance.pk)


def entry_changed(sender, instance, update_fields=None, **kwargs):
    if not _quiet(update_fields):
        _live_copies_of(instance.portfolio_id)
        prerender.schedule(instance.portfolio_id)


def reflection_changed(sender, instance, update_fields=None, **kwargs):
    if not _quiet(update_fields):
        _live_copies_of(instance.portfolio_id)
        prerender.schedule(instance.portfolio_id)


def answer_changed(sender, instance, update_fields=None, **kwargs):
    portfolio_id = (
        ValuesReflection.objects.filter(pk=instance.reflection_id)
        .values_list("portfolio_id", flat=True)
        .first()
    )
    if portfolio_id is not None and not _quiet(update_fields):
        _live_copies_of(portfolio_id)
        prerender.schedule(portfolio_id)


def portfolio_deleted(sender, instance, **kwargs):
    derived.invalidate_portfolio(instance)


def connect():
    uid = "portfolio_pdf.derived"
    pre_save.connect(attachment_before_save, sender=Attachment, dispatch_uid=f"{uid}.att.pre")
    post_save.connect(attachment_saved, sender=Attachment, dispatch_uid=f"{uid}.att.save")
    post_delete.connect(attachment_deleted, sender=Attachment, dispatch_uid=f"{uid}.att.del")
    for model, handler in (
        (FieldworkEntry, entry_changed),
        (ValuesReflection, reflection_changed),
        (ValuesAnswer, answer_changed),
    ):
        name = model._meta.model_name
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}.{name}.del")
    for through in (FieldworkEntry.learning_outcomes.through, FieldworkEntry.tags.through):
        m2m_changed.connect(entry_relations_changed, sender=through, dispatch_uid=f"{uid}.m2m")
    post_save.connect(prerender.forget_all_ready, dispatch_uid=f"{uid}.shared.save")
    post_delete.connect(prerender.forget_all_ready, dispatch_uid=f"{uid}.shared.del")
    pre_delete.connect(portfolio_deleted, sender=Portfolio, dispatch_uid=f"{uid}.portfolio")
