"""Quick capture as a participant uses it on a phone, in real Chromium: offline, through reloads
and a browser restart, with a lost answer, in conflict with a laptop, on a shared device."""

import io
import re
import time

import pytest
from PIL import Image

from capture import services
from capture.models import CaptureReceipt
from demo.factories.portfolio import PortfolioFactory, RealNameFactory
from portfolio.models import Attachment, FieldworkEntry
from portfolio.privacy import scan_text
from tests.browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.django_db(transaction=True)

CAPTURE = "/portfolio/veldwerk/snel/"
PHONE = {"width": 360, "height": 740}


def _persistent(browser, profile, **options):
    """A browser with its own profile on disk: closing and reopening it keeps its storage,
    service worker and cookies, as a phone does."""
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=FLAGS,
        headless=True,
        locale="nl-NL",
        viewport=PHONE,
        **options,
    )
    context.set_default_timeout(20000)
    return context


def _page(context):
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(20000)
    return page


def _login(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def _open_capture(page, base):
    """The capture page, ready and kept by the service worker for offline use."""
    page.goto(f"{base}{CAPTURE}")
    page.wait_for_selector("form#nieuw[data-ready]")
    for _attempt in range(100):
        if page.evaluate(KEPT):
            return
        time.sleep(0.2)
    raise AssertionError("the service worker did not keep the capture page")


KEPT = """async () => {
    if (!navigator.serviceWorker.controller) return false;
    const user = JSON.parse(document.getElementById('capture-config').textContent).user;
    if (!(await caches.has('capture-u' + user))) return false;
    const cache = await caches.open('capture-u' + user);
    return Boolean(await cache.match('/portfolio/veldwerk/snel/'));
}"""


SLOW_STORE = """() => {
    const put = window.CaptureStore.putDraft;
    window.CaptureStore.putDraft = (draft) =>
        new Promise((resolve) => setTimeout(resolve, 1500)).then(() => put(draft));
}"""


def _photo(tmp_path, name="plein.jpg", size=(3000, 2000)):
    path = tmp_path / name
    Image.new("RGB", size, (170, 90, 40)).save(path, "JPEG", quality=80)
    return path


def _write(page, title, note, photo=None):
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Notitie", exact=True).fill(note)
    if photo is not None:
        before = page.locator("#capture-thumbs li").count()
        page.locator("input[type=file][multiple]").set_input_files(photo)
        page.locator("#capture-thumbs li").nth(before).wait_for()
    page.get_by_role("button", name="Opslaan").click()
    _draft(page, title).wait_for()


def _draft(page, title):
    return page.locator("#capture-drafts li", has_text=title)


def _wait_state(page, title, text, timeout=30000):
    """Until the draft's badge says exactly ``text`` ("Verstuurd", "Nog niet verstuurd")."""
    badge = _draft(page, title).locator(".capture-draft__state .badge")
    badge.get_by_text(text, exact=True).wait_for(timeout=timeout)


def test_an_entry_changed_on_the_phone_and_the_laptop_keeps_both(
    browser, live_server, participant, home_page
):
    PortfolioFactory(enrolment=participant.enrolments.get())
    base = live_server.url
    phone = browser.new_context(locale="nl-NL", viewport=PHONE)
    laptop = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        p = phone.new_page()
        p.set_default_timeout(20000)
        _login(p, base, "deelnemer@example.org")
        _open_capture(p, base)
        _write(p, "Buurtdiner", "Bewoner A wil een buurtdiner.")
        _wait_state(p, "Buurtdiner", "Verstuurd")
        entry = FieldworkEntry.objects.get(title="Buurtdiner")

        phone.set_offline(True)
        # A slow device store (a busy phone): what is typed right after "Aanpassen" must not be
        # replaced by the draft's old text once the store has answered.
        p.evaluate(SLOW_STORE)
        _draft(p, "Buurtdiner").get_by_role("button", name="Aanpassen").click()
        p.get_by_label("Notitie", exact=True).fill(
            "Telefoon: bewoner A wil een buurtdiner in juni."
        )
        p.get_by_role("button", name="Opslaan").click()
        _wait_state(p, "Buurtdiner", "Nog niet verstuurd")
        entry.refresh_from_db()
        assert "Telefoon" not in entry.actions, "the offline phone's change reached the server"

        lp = laptop.new_page()
        _login(lp, base, "deelnemer@example.org")
        lp.goto(f"{base}/portfolio/veldwerk/{entry.public_id}/bewerken/")
        lp.get_by_label("Wat ik deed").fill("Laptop: uitgewerkt met de buurtvereniging.")
        # The desk save has landed (its redirect) and the offline phone's change has not: either
        # the other way round ends this test without any conflict to show.
        with lp.expect_navigation(url=re.compile(rf"/portfolio/veldwerk/{entry.public_id}/$")):
            lp.get_by_role("button", name="Opslaan").click()
        entry.refresh_from_db()
        assert "Laptop: uitgewerkt" in entry.actions
        assert "Telefoon" not in entry.actions, "the offline phone's change reached the server"

        phone.set_offline(False)
        _wait_state(p, "Buurtdiner", "Verstuurd")
        conflict = _draft(p, "Buurtdiner").locator(".capture-draft__conflict")
        assert "ander apparaat gewijzigd" in conflict.inner_text()
        assert "geschiedenis" in conflict.inner_text()
        assert conflict.get_by_role("link", name="Geschiedenis").is_visible()
    finally:
        phone.close()
        laptop.close()

    entry.refresh_from_db()
    assert "Laptop: uitgewerkt" in entry.actions  # edited last, so it stays
    kept = [r.data.get("actions", "") for r in entry.revisions.all()]
    assert any("Telefoon: bewoner A wil een buurtdiner in juni." in text for text in kept)


def test_offline_entries_survive_reload_and_restart_and_arrive_once(
    browser, live_server, participant, home_page, tmp_path, monkeypatch
):
    received = []
    receive = services.receive

    def recording(user, portfolio, draft):
        result = receive(user, portfolio, draft)
        received.append((str(draft.client_id), result.status, result.replayed))
        return result

    monkeypatch.setattr(services, "receive", recording)
    PortfolioFactory(enrolment=participant.enrolments.get())
    profile = tmp_path / "profile"
    base = live_server.url
    context = _persistent(browser, profile)
    page = _page(context)
    _login(page, base, "deelnemer@example.org")
    _open_capture(page, base)

    context.set_offline(True)
    titles = ["Bankje op het plein", "Huisbezoek bij bewoner B"]
    for n, title in enumerate(titles):
        _write(
            page, title, f"Bewoner A vertelde over de buurt ({n}).", _photo(tmp_path, f"{n}.jpg")
        )
        _wait_state(page, title, "Nog niet verstuurd")
    assert "Geen verbinding" in page.locator("#capture-status").inner_text()

    page.reload()  # offline: the service worker's copy
    page.wait_for_selector("form#nieuw[data-ready]")
    for title in titles:
        _wait_state(page, title, "Nog niet verstuurd")
    context.close()

    # The browser is closed and opened again, still without a connection.
    context = _persistent(browser, profile)
    context.set_offline(True)
    page = _page(context)
    page.goto(f"{base}{CAPTURE}")
    page.wait_for_selector("form#nieuw[data-ready]")
    for title in titles:
        _wait_state(page, title, "Nog niet verstuurd")

    # The connection returns; the first answer of the server is lost on the way back.
    calls = []

    def lose_first_answer(route):
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fetch()  # the server receives it and makes the entry ...
            route.abort("connectionreset")  # ... but the phone never hears
        else:
            route.continue_()

    context.route("**/portfolio/veldwerk/snel/sync/", lose_first_answer)
    context.set_offline(False)
    for title in titles:
        _wait_state(page, title, "Verstuurd", timeout=45000)
    context.close()

    # The lost answer: the server had made the entry; the retry found it and made no other.
    assert calls
    first = received[0][0]
    assert [r for r in received if r[0] == first] == [
        (first, "created", False),
        (first, "unchanged", True),
    ]
    assert sorted(r[1] for r in received) == ["created", "created", "unchanged"]
    entries = FieldworkEntry.objects.filter(portfolio__enrolment__user=participant)
    assert sorted(e.title for e in entries) == sorted(titles)
    assert CaptureReceipt.objects.count() == 2
    for entry in entries:
        assert entry.is_draft
        photos = list(Attachment.objects.filter(entry=entry))
        assert len(photos) == 1
        # Downscaled on the phone: longest side 2000 px.
        assert max(photos[0].width, photos[0].height) == 2000


def _device_state(page, user_id):
    return page.evaluate(
        """async (user) => {
            const names = await caches.keys();
            const dbs = await indexedDB.databases();
            let drafts = [];
            if (dbs.some(d => d.name === 'leergang-capture')) {
                const db = await new Promise(r => { const q = indexedDB.open('leergang-capture'); q.onsuccess = () => r(q.result); });
                drafts = await new Promise(r => { const q = db.transaction('drafts').objectStore('drafts').getAll(); q.onsuccess = () => r(q.result); });
                db.close();
            }
            return {caches: names, drafts: drafts.filter(d => d.owner === user && d.state !== 'new').map(d => d.fields.title)};
        }""",
        str(user_id),
    )


def test_logout_wipes_drafts_and_caches_and_the_next_user_sees_nothing(
    browser, live_server, participant, peer, home_page, tmp_path
):
    PortfolioFactory(enrolment=participant.enrolments.get())
    PortfolioFactory(enrolment=peer.enrolments.get())
    base = live_server.url
    context = _persistent(browser, tmp_path / "shared")
    page = _page(context)
    _login(page, base, "deelnemer@example.org")
    _open_capture(page, base)
    _write(page, "Verstuurd verslag", "Dit is verstuurd.")
    _wait_state(page, "Verstuurd verslag", "Verstuurd")
    context.route("**/portfolio/veldwerk/snel/sync/", lambda route: route.abort())
    _write(page, "Onverstuurd verslag", "Dit komt niet aan.")
    _wait_state(page, "Onverstuurd verslag", "Nog niet verstuurd")
    state = _device_state(page, participant.pk)
    assert sorted(state["drafts"]) == ["Onverstuurd verslag", "Verstuurd verslag"]
    assert f"capture-u{participant.pk}" in state["caches"]

    # Logging out asks first; cancelling keeps everything.
    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    dialog = page.locator("dialog.capture-logout")
    dialog.wait_for()
    assert "1 verslag op dit apparaat is nog niet verstuurd" in dialog.inner_text()
    dialog.get_by_role("button", name="Annuleren").click()
    assert len(_device_state(page, participant.pk)["drafts"]) == 2

    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    page.locator("dialog.capture-logout").get_by_role("button", name="Wissen en uitloggen").click()
    page.wait_for_url(f"{base}/")
    state = _device_state(page, participant.pk)
    assert state["drafts"] == []
    assert not [name for name in state["caches"] if name.startswith("capture-u")]
    context.unroute("**/portfolio/veldwerk/snel/sync/")

    # The next user of this browser.
    _login(page, base, "deelnemer2@example.org")
    _open_capture(page, base)
    body = page.locator("main").inner_text()
    assert "Verstuurd verslag" not in body and "Onverstuurd verslag" not in body
    assert page.locator("#capture-device").is_hidden()
    state = _device_state(page, peer.pk)
    assert [n for n in state["caches"] if n.startswith("capture-u")] == [f"capture-u{peer.pk}"]
    # Offline the kept page is theirs, not the previous user's.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("form#nieuw[data-ready]")
    assert "Verstuurd verslag" not in page.locator("main").inner_text()
    context.close()


def test_the_capture_page_is_installable(browser, live_server, participant, home_page, tmp_path):
    PortfolioFactory(enrolment=participant.enrolments.get())
    context = _persistent(browser, tmp_path / "install")
    page = _page(context)
    _login(page, live_server.url, "deelnemer@example.org")
    _open_capture(page, live_server.url)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest["errors"], manifest["errors"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == f"{live_server.url}/portfolio/"
    context.close()


SAMPLES = [
    "Bel bewoner A op 06-12345678 of mail a.b@voorbeeld.nl.",
    "Zij woont op de Dorpsstraat 12a, 1234 AB 5 in het dorp.",
    "BSN 111222333, maar 123456789 is geen BSN.",
    "Rekening NL91 ABNA 0417 1643 00 voor de buurtkas.",
    "Jantje Smit en JANTJE SMIT en Jantjes Smitjes.",
    "+31 (0)6 1234 5678 en 0031-20-1234567",
    "postcode 9999 ZZ zonder nummer, 1234AB, nr. 12 b met.",
    "Zoë@voorbeeld.nl en 𝐀b@c.de",
]


def test_the_phone_finds_what_the_server_finds_while_typing(
    page, login, live_server, participant, home_page
):
    portfolio = PortfolioFactory(enrolment=participant.enrolments.get())
    RealNameFactory(portfolio=portfolio, name="Jantje Smit")
    login("deelnemer@example.org")
    page.goto(f"{live_server.url}{CAPTURE}")
    page.wait_for_selector("form#nieuw[data-ready]")
    found = page.evaluate(
        """(texts) => {
            const config = JSON.parse(document.getElementById('capture-config').textContent);
            const engine = CapturePrivacy.compile(config.rules);
            return texts.map(t => engine.scan(t).map(f => [f.kind, f.text, f.cpStart, f.cpEnd]));
        }""",
        SAMPLES,
    )
    expected = [
        [[m.kind, m.text, m.start, m.end] for m in scan_text(text, ["Jantje Smit"])]
        for text in SAMPLES
    ]
    assert found == expected

    note = page.get_by_label("Notitie", exact=True)
    note.fill("Ik sprak Jantje Smit, bereikbaar op 06-12345678.")
    findings = page.locator("#capture-findings")
    findings.get_by_text("06-12345678").wait_for()
    assert "Jantje Smit" in findings.inner_text()
    findings.get_by_role("button", name="Vervang door [telefoonnummer]").click()
    assert note.input_value() == "Ik sprak Jantje Smit, bereikbaar op [telefoonnummer]."


def test_without_javascript_the_quick_form_still_saves(
    browser, live_server, participant, home_page, tmp_path
):
    PortfolioFactory(enrolment=participant.enrolments.get())
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    _login(page, live_server.url, "deelnemer@example.org")
    page.goto(f"{live_server.url}{CAPTURE}")
    page.get_by_label("Titel").fill("Zonder JavaScript")
    page.get_by_label("Notitie", exact=True).fill("Het formulier werkt ook zo.")
    small = tmp_path / "klein.jpg"
    Image.new("RGB", (800, 600), (20, 90, 40)).save(small, "JPEG")
    page.locator("input[type=file][multiple]").set_input_files(small)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Opgeslagen als concept" in page.locator("main").inner_text()
    context.close()
    entry = FieldworkEntry.objects.get(title="Zonder JavaScript")
    assert entry.attachments.count() == 1 and "werkt ook zo" in entry.actions


def test_an_expired_session_keeps_the_draft_until_the_participant_logs_in_again(
    browser, live_server, participant, home_page
):
    PortfolioFactory(enrolment=participant.enrolments.get())
    base = live_server.url
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, base, "deelnemer@example.org")
    _open_capture(page, base)
    context.set_offline(True)
    _write(page, "Na het verlopen", "De sessie verloopt onderweg.")
    context.clear_cookies(name="sessionid")
    context.set_offline(False)
    status = page.locator("#capture-status")
    status.get_by_text("Je bent niet meer ingelogd").wait_for()
    _wait_state(page, "Na het verlopen", "Nog niet verstuurd")
    status.get_by_role("link", name="Log opnieuw in om ze te versturen").click()
    page.get_by_label("E-mailadres").fill("deelnemer@example.org")
    page.get_by_label("Wachtwoord").fill("leergang-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}{CAPTURE}")
    _wait_state(page, "Na het verlopen", "Verstuurd")
    context.close()
    assert FieldworkEntry.objects.filter(title="Na het verlopen").count() == 1


def _jpeg_bytes(size):
    out = io.BytesIO()
    Image.new("RGB", size).save(out, "JPEG")
    return out.getvalue()


def test_the_capture_page_passes_axe_and_fits_320_px(browser, live_server, participant, home_page):
    from . import a11y_pages

    PortfolioFactory(enrolment=participant.enrolments.get())
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, live_server.url, "deelnemer@example.org")
    _open_capture(page, live_server.url)
    context.set_offline(True)
    _write(page, "Toegankelijk verslag", "Bel 06-12345678.")
    page.get_by_label("Notitie", exact=True).fill("Mail a@b.nl voor het bankje.")
    target = a11y_pages.Target("quick capture", CAPTURE)
    problems = a11y_pages.axe_problems(page, "participant", target)
    overflow = a11y_pages.overflow_problem(page, "participant", target, width=320)
    context.close()
    assert not problems, problems
    assert overflow is None, overflow
