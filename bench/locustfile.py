"""Load scenario for ``make load`` (see bench/load.py): who uses the site, and how.

- Visitor: anonymous, reads the home page, the stories, a story, a tag page and searches.
- Participant: logs in, reads the course and its modules, opens the portfolio and the fieldwork
  log, and edits and saves one of their entries through the real edit form (fresh CSRF token).
- Trainer: opens the assessment queue and a submission, and saves scores with the version the
  form carries (an optimistic-locking conflict with another trainer is a correct answer).
- PdfExporter: one participant downloading their portfolio as PDF once a minute.

Requests are named by kind (``name=``) so the report groups them. Only ever run against
127.0.0.1 (bench/load.py starts the server).

With LOAD_BEHIND_PROXY=1 (bench/load.py, production settings) each simulated user arrives as
through the production reverse proxy, with its own client address (bench/proxyclient.py).
"""

import itertools
import random
import re

from forms import form_data, forms_of
from locust import HttpUser, between, constant_pacing, task
from proxyclient import BEHIND_PROXY, behind_proxy
from proxyclient import referer as _referer

PASSWORD = "leergang-demo"  # noqa: S105 - the demo password, printed by seed_demo
# bench/load.py enrols these extra participants (with portfolios) before the run.
LOAD_PARTICIPANTS = [f"deelnemer-last{n:02d}@example.org" for n in range(1, 21)]
PARTICIPANTS = ["deelnemer@example.org", "deelnemer2@example.org", *LOAD_PARTICIPANTS]
_participant_cycle = itertools.cycle(PARTICIPANTS)
_pdf_cycle = itertools.cycle(LOAD_PARTICIPANTS)


def referer(page):
    return _referer(page.url)


class SiteUser(HttpUser):
    """A user of the site; behind the proxy when bench/load.py says so."""

    abstract = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if BEHIND_PROXY:
            behind_proxy(self.client)


SEARCH_TERMS = ["bewoners", "buurt", "gesprek", "moestuin", "contact", "ambitie", "wij lossen"]
ENTRY_URL = re.compile(r'href="(/portfolio/veldwerk/[0-9a-f-]{36}/)"')
SUBMISSION_URL = re.compile(r'href="(/trainer/inzending/\d+/)"')
MODULE_URL = re.compile(r'href="(/leergang/[\w-]+/)"')
STORY_URL = re.compile(r'href="(/verhalen/[\w-]+/)"')
TAG_URL = re.compile(r'href="(/tags/[\w-]+/)"')


class Visitor(SiteUser):
    """An anonymous reader of the public site."""

    weight = 5
    wait_time = between(1, 4)
    stories, tags = [], []

    def on_start(self):
        response = self.client.get("/verhalen/", name="page: stories index")
        if response.ok:
            found = sorted(set(STORY_URL.findall(response.text)) - {"/verhalen/feed/"})
            Visitor.stories = found or Visitor.stories
        if Visitor.stories:
            page = self.client.get(Visitor.stories[0], name="page: story")
            if page.ok:
                Visitor.tags = sorted(set(TAG_URL.findall(page.text))) or Visitor.tags

    @task(3)
    def home(self):
        self.client.get("/", name="page: home")

    @task(2)
    def stories_index(self):
        self.client.get("/verhalen/", name="page: stories index")

    @task(4)
    def story(self):
        if Visitor.stories:
            self.client.get(random.choice(Visitor.stories), name="page: story")

    @task(1)
    def tag(self):
        if Visitor.tags:
            self.client.get(random.choice(Visitor.tags), name="page: tag")

    @task(2)
    def search(self):
        self.client.get("/zoeken/", params={"q": random.choice(SEARCH_TERMS)}, name="page: search")


def login(client, email):
    page = client.get("/accounts/login/", name="page: login")
    token = client.cookies.get("csrftoken", "")
    with client.post(
        "/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": referer(page)},
        name="post: login",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code == 302:
            response.success()
        else:
            response.failure(f"login as {email} failed ({response.status_code})")
    return response


class Participant(SiteUser):
    """A participant reading modules and keeping the fieldwork log."""

    weight = 3
    wait_time = between(2, 6)

    def on_start(self):
        self.email = next(_participant_cycle)
        login(self.client, self.email)
        self.modules = []
        self.entries = []
        course = self.client.get("/leergang/", name="page: course overview")
        if course.ok:
            self.modules = sorted(set(MODULE_URL.findall(course.text)))
        log = self.client.get("/portfolio/veldwerk/", name="page: fieldwork log")
        if log.ok:
            self.entries = sorted(set(ENTRY_URL.findall(log.text)))

    @task(2)
    def dashboard(self):
        self.client.get("/mijn-leergang/", name="page: dashboard")

    @task(2)
    def course(self):
        self.client.get("/leergang/", name="page: course overview")

    @task(4)
    def module(self):
        if self.modules:
            self.client.get(random.choice(self.modules), name="page: module")

    @task(2)
    def portfolio(self):
        self.client.get("/portfolio/", name="page: portfolio")

    @task(2)
    def fieldwork_log(self):
        self.client.get("/portfolio/veldwerk/", name="page: fieldwork log")

    @task(2)
    def entry(self):
        if self.entries:
            self.client.get(random.choice(self.entries), name="page: fieldwork entry")

    @task(1)
    def edit_entry(self):
        if not self.entries:
            return
        url = random.choice(self.entries) + "bewerken/"
        page = self.client.get(url, name="page: entry edit form")
        if not page.ok:
            return
        form = next((f for f in forms_of(page.text) if "reflection" in dict(f["fields"])), None)
        if form is None:
            return
        data = [(k, v) for k, v in form_data(form) if k != "reflection"]
        reflection = dict(form["fields"])["reflection"]
        reflection = re.sub(r"<p>Nagelezen \d+\.</p>$", "", reflection)
        data.append(("reflection", f"{reflection}<p>Nagelezen {random.randint(1, 999)}.</p>"))
        with self.client.post(
            url,
            data=data,
            headers={"Referer": referer(page)},
            name="post: save entry",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"entry not saved ({response.status_code})")


class Trainer(SiteUser):
    """The trainer of the demo cohort, assessing submissions."""

    weight = 1
    wait_time = between(3, 8)

    def on_start(self):
        login(self.client, "trainer@example.org")
        self.submissions = []
        queue = self.client.get("/trainer/", name="page: trainer queue")
        if queue.ok:
            self.submissions = sorted(set(SUBMISSION_URL.findall(queue.text)))

    @task(3)
    def queue(self):
        self.client.get("/trainer/", name="page: trainer queue")

    @task(3)
    def open_submission(self):
        if self.submissions:
            self.client.get(random.choice(self.submissions), name="page: assess submission")

    @task(1)
    def score(self):
        if not self.submissions:
            return
        url = random.choice(self.submissions)
        page = self.client.get(url, name="page: assess submission")
        if not page.ok:
            return
        form = next(
            (
                f
                for f in forms_of(page.text)
                if any(n.startswith("level_") for n in f["radios"])
                and "version" in dict(f["fields"])
            ),
            None,
        )
        if form is None:  # nothing to score in this state
            return
        data = [(k, v) for k, v in form_data(form, choose_radios=True) if k != "action"]
        data.append(("action", "scores"))
        with self.client.post(
            url,
            data=data,
            headers={"Referer": referer(page)},
            name="post: save scores",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # 409: another trainer saved first; the form is shown again with both versions.
            if response.status_code in (302, 409):
                response.success()
            else:
                response.failure(f"scores not saved ({response.status_code})")


class PdfExporter(SiteUser):
    """Someone downloading their portfolio as PDF, once a minute."""

    weight = 1
    fixed_count = 1
    wait_time = constant_pacing(60)

    def on_start(self):
        login(self.client, next(_pdf_cycle))

    @task
    def export(self):
        page = self.client.get("/portfolio/pdf/", name="page: pdf options")
        if not page.ok:
            return
        with self.client.post(
            "/portfolio/pdf/",
            data={"scope": "all", "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": referer(page)},
            name="post: pdf export",
            catch_response=True,
        ) as response:
            if response.ok and response.content[:5] == b"%PDF-":
                response.success()
            else:
                response.failure(f"no PDF ({response.status_code})")
