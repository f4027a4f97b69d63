"""The authorization matrix: every URL of the project x GET/POST x every role, against the
expected table in ``expected_access.py``.

One cell = one request by one role with one method. GET cells also send HEAD, which must
answer like GET. POST cells send an empty form; for a role that is refused (login, 403, 404,
405) or whose form is rejected (400), the database must be exactly as before: a refused POST
changes nothing.

A URL pattern that is added to the project without a row in the table (and, when it has
arguments, a builder in ``url_rows.ARGS``) makes this test fail, saying what to add.

To see what the site answers now (for instance to write the row of a new URL), run with
``SECURITY_MATRIX_RECORD=/tmp/matrix.txt``: every cell then appends its observed answer to
that file instead of asserting. Review each value by hand before putting it in the table.
"""

import hashlib
import os
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from .expected_access import EXPECTED, LOGIN, ROLES, UPSTREAM_SERVER_ERRORS
from .url_rows import builder, needs_args, project_patterns, row_keys

METHODS = ("GET", "POST")
REFUSED = {LOGIN, 400, 403, 404, 405}
RECORD = os.environ.get("SECURITY_MATRIX_RECORD")

ROWS = row_keys()
CELLS = [(key, method, role) for key in ROWS for method in METHODS for role in ROLES]

# Tables whose content a refused POST must leave alone: our apps, pages and their revisions,
# workflows, logs, tags, images and documents.
_FINGERPRINT_APPS = {
    "leergang",
    "peerfeedback",
    "modules",
    "portfolio",
    "portfolio_pdf",
    "assessment",
    "stories",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
    "certificates",
    "discussions",
}


# Wagtail subscribes an editor to a page's comment notifications when they open its edit
# view: a preference of that (authorised) user, not a change of content.
_NOT_FINGERPRINTED = {"wagtailcore_pagesubscription"}


def _fingerprint_tables():
    tables = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in _FINGERPRINT_APPS and model._meta.managed:
            tables.append(model._meta.db_table)
    return sorted(set(tables) - _NOT_FINGERPRINTED)


def fingerprint():
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in _fingerprint_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def _login_paths():
    names = ("login", "wagtailadmin_login", "wagtailcore_login")
    return {urlsplit(reverse(name)).path for name in names} | {resolve_url(settings.LOGIN_URL)}


def status_class(response):
    """The answer as the table writes it: an HTTP status, or LOGIN for a redirect to a login
    page (the site's or Wagtail's)."""
    code = response.status_code
    redirect = code in (301, 302, 303, 307, 308)
    if redirect and urlsplit(response["Location"]).path in _login_paths():
        return LOGIN
    return code


def _request(client, method, path):
    if method == "POST":
        return client.post(path, {})
    return client.get(path)


def _cell_id(cell):
    key, method, role = cell
    return f"{key}|{method}|{role}"


def _param(cell):
    reason = UPSTREAM_SERVER_ERRORS.get(cell)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason and not RECORD else []
    return pytest.param(cell, id=_cell_id(cell), marks=marks)


@pytest.mark.parametrize("cell", [_param(c) for c in CELLS])
def test_access(cell, world, db):
    try:
        _check_cell(cell, world)
    finally:
        world.restore_files()


def _check_cell(cell, world):
    key, method, role = cell
    build = builder(key)
    if build is None:
        pytest.fail(
            f"The URL {key!r} has arguments but no builder: add one to ARGS in "
            "tests/security/url_rows.py (fill it from the world in tests/security/world.py)."
        )
    path = build(world)
    client = Client(raise_request_exception=not RECORD)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    row = EXPECTED.get((key, method))
    expected = dict(zip(ROLES, row, strict=True)).get(role) if row else None
    check_state = method == "POST" and (RECORD or expected in REFUSED)
    before = fingerprint() if check_state else None

    response = _request(client, method, path)
    observed = status_class(response)
    changed = check_state and fingerprint() != before
    if method == "GET":
        head = status_class(client.head(path))
    if RECORD:
        with open(RECORD, "a", encoding="utf-8") as out:
            out.write(f"{key}\t{method}\t{role}\t{observed}\t{'CHANGED' if changed else ''}\n")
        return

    assert row is not None, (
        f"No row for ({key!r}, {method!r}) in tests/security/expected_access.py. Add what each "
        f"role should get, in the order {ROLES} (run with SECURITY_MATRIX_RECORD=/tmp/m.txt "
        "to see what the site answers now, and check every value)."
    )
    assert observed != 500
    assert observed == expected, f"{role} {method} {path}: expected {expected}, got {observed}"
    if method == "GET":
        assert head == observed, f"HEAD {path} as {role}: {head}, GET gave {observed}"
    if check_state:
        assert not changed, f"{role} was refused {method} {path} ({observed}) but data changed"


def test_every_url_has_a_builder():
    missing = [
        key
        for key, _route, pattern in project_patterns()
        if key != "wagtail_serve" and needs_args(pattern) and builder(key) is None
    ]
    assert not missing, (
        "These URL patterns have arguments but no builder in tests/security/url_rows.py "
        f"(ARGS or SNIPPET_OBJECTS): {missing}"
    )


def test_the_table_has_a_row_for_every_url_and_no_stale_rows():
    wanted = {(key, method) for key in ROWS for method in METHODS}
    missing = sorted(wanted - set(EXPECTED))
    stale = sorted(set(EXPECTED) - wanted)
    assert not missing, f"Add these rows to tests/security/expected_access.py: {missing}"
    assert not stale, f"These rows of expected_access.py match no URL any more: {stale}"
    wrong_width = [k for k, v in EXPECTED.items() if len(v) != len(ROLES)]
    assert not wrong_width, f"Rows without one value per role {ROLES}: {wrong_width}"


def test_private_files_are_not_under_media_root():
    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    media = settings.MEDIA_ROOT
    assert not str(private).startswith(str(media))


def test_matrix_size(capsys):
    """How many cells the matrix checks (quoted in the README)."""
    with capsys.disabled():
        print(
            f"\nAuthorization matrix: {len(ROWS)} URLs x {len(METHODS)} methods x "
            f"{len(ROLES)} roles = {len(CELLS)} cells"
        )
    assert len(CELLS) == len(ROWS) * len(METHODS) * len(ROLES)
