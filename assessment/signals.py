"""Telling other apps that a submission's frozen snapshot changed or is gone.

Copies made from a snapshot (the portfolio_pdf app's cached PDFs and exports) must follow it:
when erasure or retention rewrites a snapshot, or a submission is deleted, every function
registered for the Wagtail hook ``after_submission_snapshot_change`` is called with the
submission's id. This app imports none of them. Connected in ``apps.py``.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail import hooks

SNAPSHOT_CHANGE_HOOK = "after_submission_snapshot_change"


def _listeners():
    return hooks.get_hooks(SNAPSHOT_CHANGE_HOOK)


def _announce(submission_id):
    for listener in _listeners():
        listener(submission_id)


def submission_before_save(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "snapshot" not in update_fields):
        return
    if not _listeners():
        return
    before = sender.objects.filter(pk=instance.pk).values_list("snapshot", flat=True).first()
    instance._snapshot_changed = before is not None and before != instance.snapshot


def submission_saved(sender, instance, created=False, **kwargs):
    if not created and getattr(instance, "_snapshot_changed", False):
        instance._snapshot_changed = False
        _announce(instance.pk)


def submission_deleted(sender, instance, **kwargs):
    _announce(instance.pk)


def connect(submission_model):
    uid = "assessment.snapshot_change"
    pre_save.connect(submission_before_save, sender=submission_model, dispatch_uid=f"{uid}.pre")
    post_save.connect(submission_saved, sender=submission_model, dispatch_uid=f"{uid}.save")
    post_delete.connect(submission_deleted, sender=submission_model, dispatch_uid=f"{uid}.del")
