"""Every page type, for every role, passes the Nu Html Checker (vnu.jar) with 0 errors.

The pages are those of the accessibility test (``a11y_pages.demo_targets``, from the demo world of
``seed_demo``), more pages and states that list leaves out (``_extra_targets``), and every page of
our own that they link to: one per page type (URL name and query parameter names) and role, and
every live Wagtail page. Django's test client fetches them; no browser is needed. All pages go to
the checker in one JVM run.

Left out on purpose: the Wagtail admin (/admin/, Wagtail's own markup, not ours), downloads
(CSV, Excel, ZIP, PDF, attachments: not HTML) and the language switch (a POST). Warnings and
info messages are allowed; errors are not, and none is filtered.
"""

import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from . import a11y_pages, vnu

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/i18n/", "/accounts/logout/")
# Views that answer with a file rather than a page (or start a PDF render): not for the checker.
DOWNLOADS = {
    "assessment:results_csv",
    "assessment:results_xlsx",
    "assessment:snapshot_attachment",
    "portfolio:attachment",
    "portfolio:attachment_thumbnail",
    "portfolio:export",
    "portfolio_pdf:submission",
    "portfolio_pdf:preview_attachment",
    "portfolio_pdf:job_download",
    "portfolio_pdf:job_status",
    "stories:feed",
    "stories:feed_atom",
}
MAX_PAGES_PER_ROLE = 80
ROLES = {**a11y_pages.ROLES, "second participant": "deelnemer2@example.org"}
EMAILS = ("deelnemer@example.org", "deelnemer2@example.org")
T = a11y_pages.Target


class _Page(HTMLParser):
    """Links, and what the last POST form inside <main> sends when its last submit button is
    pressed without filling anything in (as the accessibility test does in Chromium)."""

    def __init__(self):
        super().__init__()
        self.links, self.in_main, self.form, self.fields, self.button = [], False, None, [], None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and self.in_main and (a.get("method") or "").lower() == "post":
            self.form, self.fields, self.button = a.get("action") or "", [], None
        elif self.form is None:
            return
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.button = (a["name"], a.get("value", "")) if a.get("name") else None
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append(
                    (a["name"], a.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "sends": []}
        elif tag == "option" and self._select:
            select, value = self._select, a.get("value", "")
            if "selected" in a:
                select["sends"] = [*select["sends"], value] if select["multiple"] else [value]
            elif not select["multiple"] and not select["sends"]:
                select["sends"] = [value]  # a single select sends its first option by default
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.fields += [(self._select["name"], value) for value in self._select["sends"]]
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))  # as an HTML parser does
            self._textarea = None
        elif tag == "main":
            self.in_main = False


def _parse(html):
    parser = _Page()
    parser.feed(html)
    return parser


def _wagtail_paths():
    from wagtail.models import Page

    return {page.url for page in Page.objects.live()}


def _page_type(path, query, wagtail_paths):
    """What makes two URLs the same page type: the URL name and the query parameters' names.
    Every Wagtail page counts as a type of its own (each has its own blocks)."""
    if path in wagtail_paths:
        return path, ()
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted({key for key, _ in parse_qsl(query)}))


def _fetch(client, target):
    response = client.get(target.path, follow=True)
    if target.action == "submit_empty" and response.status_code == 200:
        form = _parse(response.content.decode())
        action = urljoin(target.path, form.form) if form.form else target.path
        data = {}
        for name, value in form.fields + ([form.button] if form.button else []):
            data.setdefault(name, []).append(value)
        response = client.post(action, data, follow=True)
    return response


def _crawl(client, role, targets, wagtail_paths, out_dir, pages):
    """Fetches the role's targets, then the pages they link to (one per page type); writes each
    page to out_dir and returns the pages that did not answer as expected."""
    queue = [(target, False) for target in targets]
    seen, problems, count = set(), [], 0
    while queue and count < MAX_PAGES_PER_ROLE:
        target, linked = queue.pop(0)
        split = urlsplit(target.path)
        key = _page_type(split.path, split.query, wagtail_paths)
        if (target.path, target.action) in seen or (linked and key in seen):
            continue
        seen |= {(target.path, target.action), key}
        response = _fetch(client, target)
        # A form with errors answers 400 (and so does the login form); a page answers 200.
        expected = target.extra.get("status", (200, 400) if target.action else 200)
        if response.status_code not in (expected if isinstance(expected, tuple) else (expected,)):
            problems.append(f"[{role}] {target.name} ({target.path}): HTTP {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        path = out_dir / f"{len(pages):03d}.html"
        path.write_text(html, encoding="utf-8")
        pages[str(path)] = (role, target.name, target.path)
        count += 1
        here = response.request["PATH_INFO"]
        for href in _parse(html).links:
            link = urlsplit(urljoin(here, href))
            if link.scheme or link.netloc or link.path.startswith(SKIP_PREFIXES):
                continue
            link_key = _page_type(link.path, link.query, wagtail_paths)
            if link_key is None or link_key[0] in DOWNLOADS or link_key in seen:
                continue
            url = link.path + (f"?{link.query}" if link.query else "")
            queue.append((T(f"linked from {target.name}", url), True))
    return problems


def _extra_targets(targets):
    """Pages and states the accessibility list leaves out, built on the demo world."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from assessment.models import Submission
    from peerfeedback.models import PeerComment
    from portfolio.models import FieldworkEntry
    from portfolio_pdf.models import ExportJob
    from stories import services as story_services

    users = {email: get_user_model().objects.get(email=email) for email in EMAILS}
    fenna, jelle = users["deelnemer@example.org"], users["deelnemer2@example.org"]
    reset = f"/accounts/password/reset/{urlsafe_base64_encode(force_bytes(jelle.pk))}/"
    reset += default_token_generator.make_token(jelle) + "/"
    jobs = [
        ExportJob.objects.create(
            owner=fenna, kind=ExportJob.Kind.PORTFOLIO, status=status, total=4, done=2
        )
        for status in (ExportJob.Status.RUNNING, ExportJob.Status.FAILED)
    ]
    proposal_targets = []
    for entry in FieldworkEntry.objects.filter(portfolio__enrolment__user=fenna, is_draft=False):
        if not story_services.check_entry(entry).blockers:
            proposal = story_services.propose_from_entry(entry, fenna)
            proposal_targets = [T("story proposal", f"/verhalen/voorstel/{proposal.story_id}/")]
            break
    jelle_submission = Submission.objects.filter(portfolio__enrolment__user=jelle).first()
    # Jelle's own peer comment on Fenna's portfolio (demo/content/peerfeedback.py).
    jelle_comment = PeerComment.objects.filter(author=jelle, entry__isnull=True).first()
    comment_targets = (
        [
            T("portfolio shared with you, own comment", jelle_comment.portfolio.get_absolute_url()),
            T("edit a peer comment", f"/reacties/{jelle_comment.pk}/bewerken/"),
        ]
        if jelle_comment
        else []
    )
    assess = next(t for t in targets["trainer"] if t.name == "assessment form")
    return {
        "anonymous": [
            T("not found", "/bestaat-niet/", extra={"status": 404}),
            T("password reset", "/accounts/password/reset/"),
            T("password reset with errors", "/accounts/password/reset/", action="submit_empty"),
            T("password reset sent", "/accounts/password/reset/sent/"),
            T("choose a new password", reset),
            T("password reset complete", "/accounts/password/reset/complete/"),
        ],
        "participant": [
            T("PDF preview", "/portfolio/pdf/voorbeeld/?scope=all"),
            *(T(f"PDF export {job.status}", job.get_absolute_url()) for job in jobs),
            T("password change", "/accounts/password/change/"),
            T("password change with errors", "/accounts/password/change/", action="submit_empty"),
            *proposal_targets,
        ],
        # A second participant: a submission waiting for assessment, a portfolio shared out.
        "second participant": [
            T("dashboard", "/mijn-leergang/"),
            T("submissions", "/inleveren/"),
            T("waiting submission", f"/inleveren/{jelle_submission.pk}/"),
            T("portfolio", "/portfolio/"),
            T("sharing", "/portfolio/delen/"),
            *comment_targets,
        ],
        "trainer": [
            T("assessment form with errors", assess.path, action="submit_empty"),
        ],
    }


def _server_error_page(out_dir, pages):
    from django.test import RequestFactory

    from leergang.errors import server_error

    response = server_error(RequestFactory().get("/"))
    path = out_dir / f"{len(pages):03d}.html"
    path.write_bytes(response.content)
    pages[str(path)] = ("anonymous", "server error", "(500 page)")


def test_every_page_passes_the_nu_html_checker(django_user_model):
    vnu.require_checker()
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    targets = a11y_pages.demo_targets()
    for role, extra in _extra_targets(targets).items():
        targets[role] = targets.get(role, []) + extra
    wagtail_paths = _wagtail_paths()
    pages, problems = {}, []
    with tempfile.TemporaryDirectory(prefix="leergang-vnu-") as tmp:
        for role, email in ROLES.items():
            client = Client()
            if email:
                client.force_login(
                    django_user_model.objects.get(email=email),
                    backend="django.contrib.auth.backends.ModelBackend",
                )
            problems += _crawl(client, role, targets[role], wagtail_paths, Path(tmp), pages)
        _server_error_page(Path(tmp), pages)
        messages = vnu.check(sorted(pages))
    # "non-document-error": the checker could not read a page, which must not pass either.
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    by_page = {}
    for error in errors:
        by_page.setdefault(error["path"], []).append(error)
    lines = []
    for path, page_errors in sorted(by_page.items()):
        role, name, url = pages.get(path, ("?", "?", path))
        lines.append(f"[{role}] {name} ({url}): {len(page_errors)} errors")
        for error in page_errors:
            lines.append(
                f"    line {error.get('lastLine')}: {error['message']} "
                f"— {error.get('extract', '').strip()[:120]!r}"
            )
    warnings = sum(1 for m in messages if m.get("subType") == "warning")
    print(
        f"Nu Html Checker: {len(pages)} pages, {len(errors)} errors on {len(by_page)} pages, "
        f"{warnings} warnings (allowed)"
    )
    assert len(pages) >= 40, f"only {len(pages)} pages were checked"
    assert not problems, "\n".join(problems)
    assert not errors, (
        f"{len(errors)} errors on {len(by_page)} of {len(pages)} pages:\n" + "\n".join(lines)
    )
