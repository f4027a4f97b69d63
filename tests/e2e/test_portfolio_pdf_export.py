"""A trainer exports the cohort: a real database-backed worker, a progress bar, a ZIP."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from demo.factories.portfolio import AttachmentFactory, FieldworkEntryFactory, PortfolioFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_trainer_exports_cohort_as_zip(
    live_server, page, login, trainer, participant, peer, cohort, home_page, worker
):
    for user in (participant, peer):
        portfolio = PortfolioFactory(enrolment=user.enrolments.get())
        for n in range(2):
            entry = FieldworkEntryFactory(portfolio=portfolio, title=f"Buurtgesprek {n + 1}")
        AttachmentFactory(entry=entry)

    login("trainer@example.org")
    page.goto(f"{live_server.url}/portfolio/pdf/cohort/{cohort.pk}/")
    page.get_by_label("Alle portfolio's (zoals ze nu zijn)").check()
    page.get_by_role("button", name="Export starten").click()

    bar = page.get_by_role("progressbar")
    bar.wait_for()
    seen = {bar.get_attribute("aria-valuenow")}
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=120_000)
    seen.add(bar.get_attribute("aria-valuenow"))
    assert "100" in seen
    assert "100" in page.locator("[data-job-percent]").inner_text()
    link = page.get_by_role("link", name="Downloaden")
    link.wait_for(state="visible")
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = sorted(archive.namelist())
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)
