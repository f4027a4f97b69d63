"""Every string a user sees has a Dutch translation: no untranslated or fuzzy entry in any nl catalogue."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    p
    for p in [
        ROOT / "locale/nl/LC_MESSAGES/django.po",
        *ROOT.glob("*/locale/nl/LC_MESSAGES/django.po"),
    ]
    if ".venv" not in p.parts and p.exists()
)


def test_there_are_catalogues():
    assert ROOT / "locale/nl/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nl_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_up_to_date(po_path):
    """The committed .mo must hold every translation of the .po (a fresh machine has no msgfmt)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages"
    mo = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path))}
    po = polib.pofile(str(po_path))
    stale = [
        e.msgid
        for e in po.translated_entries()
        if (e.msgctxt, e.msgid) not in mo
        or (mo[(e.msgctxt, e.msgid)].msgstr or mo[(e.msgctxt, e.msgid)].msgstr_plural)
        != (e.msgstr or e.msgstr_plural)
    ]
    assert not stale, f"{mo_path} is older than its .po for: {stale[:5]}"
