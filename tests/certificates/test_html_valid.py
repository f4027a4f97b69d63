"""The certificates' pages (and the certificate's print HTML) pass the Nu Html Checker."""

import pytest
from django.urls import reverse

from certificates import document, services
from tests.e2e import vnu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_every_page_of_the_certificates_is_valid_html(
    client, certificate, passed, administrator, tmp_path
):
    vnu.require_checker()
    pages = {}
    pages["verify-valid"] = client.get(reverse("certificates:verify", args=[certificate.number]))
    pages["verify-unknown"] = client.get(
        reverse("certificates:verify", args=["CC-2017-00000-00000"])
    )
    pages["verify-search"] = client.get(reverse("certificates:verify_search"))
    client.force_login(passed)
    pages["dashboard"] = client.get(reverse("dashboard"))
    pages["registration-error"] = client.post(reverse("certificates:registration"), {"number": "?"})
    services.revoke(certificate, administrator, "Onterecht uitgereikt.")
    pages["verify-revoked"] = client.get(reverse("certificates:verify", args=[certificate.number]))
    paths = []
    for name, response in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    certificate.refresh_from_db()
    print_html = tmp_path / "certificate-print.html"
    print_html.write_text(document.build_html(certificate), encoding="utf-8")
    paths.append(print_html)
    errors = [
        m
        for m in vnu.check(paths)
        if m.get("type") == "error"
        # WeasyPrint's paged-media properties (bookmarks) are not in the browsers' CSS.
        and not (m["path"].endswith("certificate-print.html") and "bookmark-" in m["message"])
    ]
    assert errors == [], [(m["path"].rsplit("/", 1)[-1], m["message"]) for m in errors]
