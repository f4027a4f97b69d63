"""Crawl the Wagtail admin as a guild member and as a trainer of another cohort and look for
what they must not find: other people's work, by title, file name or id-bearing URL.

The crawl is a breadth-first walk over every same-origin link under /admin/ (``<a href>``
and the ``data-*-url`` attributes the admin's choosers and menus open), the admin API
listings and their ``*_url`` fields, GET only, at most ``MAX_PAGES`` pages. It starts at the
dashboard, the reports, the choosers, the searches (for the canaries' word) and the API.

Canaries (``kanarie`` in every title and file name):

- another guild member's draft story, and another of theirs in moderation;
- a participant's story proposal (in moderation), with its photo;
- an unpublished module page, with an image and a resource document of its own;
- another guild member's unused image in the stories collection;
- an image and a document an administrator uploaded to the root collection;
- a fieldwork entry's tag (portfolio tags live in the same tag table as stories' tags);
- the cohort the trainer of another cohort does not train.

A guild member must find none of them. The trainer of another cohort edits the course and
moderates every story (the moderation workflow belongs to Trainers), so pages and the stories
collection are theirs to see; they must not find the files of collections they have no
permission for, the tag, or the other cohort.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client

MAX_PAGES = 400
# Orderings and return addresses show the same objects again.
DROP = {"ordering", "next", "describe_on_delete"}
SKIP = re.compile(r"/admin/logout/|/admin/failwhale/|/action/|/admin/test404/|export=xlsx")

STARTS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=kanarie",
    "/admin/choose-page/",
    "/admin/choose-page/search/?q=kanarie",
    "/admin/choose-page/?page_type=stories.storypage",
    "/admin/choose-page/?page_type=modules.modulepage",
    "/admin/images/?q=kanarie",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q=kanarie",
    "/admin/documents/?q=kanarie",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=kanarie",
    "/admin/tag-autocomplete/?term=kanarie",
    "/admin/tag-autocomplete/?term=k",
    "/admin/reports/site-history/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/aging-pages/",
    "/admin/reports/locked/",
    "/admin/reports/page-types-usage/",
    "/admin/snippets/leergang/cohort/",
    "/admin/snippets/choose/leergang/cohort/",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/?child_of=root",
    "/admin/api/main/pages/?search=kanarie",
    "/admin/api/main/images/",
    "/admin/api/main/images/?search=kanarie",
    "/admin/api/main/documents/",
    "/admin/api/main/documents/?search=kanarie",
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (
                (tag == "a" and name == "href") or (name.startswith("data-") and "url" in name)
            ):
                self.links.append(value)


def _json_links(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_url") and isinstance(value, str):
                yield value
            else:
                yield from _json_links(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_links(value)


def _normalise(base, href):
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.netloc not in ("", "testserver", "localhost"):
        return None
    if not parts.path.startswith("/admin/") or SKIP.search(f"{parts.path}?{parts.query}"):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in DROP]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def _body(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def crawl(client):
    """{url: (status, body)} of every admin page reachable from STARTS."""
    seen, queue, pages = set(), deque(STARTS), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        body = _body(response) if response.status_code == 200 else ""
        pages[url] = (response.status_code, body)
        if not body:
            continue
        if response["Content-Type"].startswith("application/json"):
            try:
                data = json.loads(body)
            except ValueError:
                data = None
            # Modal choosers answer JSON with their HTML inside.
            links = list(_json_links(data))
            if isinstance(data, dict) and isinstance(data.get("html"), str):
                body = data["html"]
            else:
                body = None
        if body is not None:
            parser = _Links()
            parser.feed(body)
            links = parser.links
        queue.extend(t for t in (_normalise(url, h) for h in links) if t and t not in seen)
    return pages


def _page_urls(pk):
    return [rf"/admin/(?:api/main/)?pages/(?:[a-z_]+/)*{pk}/", rf"/admin/choose-page/{pk}/"]


def _image_urls(pk):
    return [
        rf"/admin/images/(?:[a-z_]+/)*{pk}/",
        rf"/admin/images/chooser/(?:chosen/)?{pk}/",
        rf"/admin/api/main/images/{pk}/",
    ]


def _document_urls(pk):
    return [
        rf"/documents/{pk}/",
        rf"/admin/documents/(?:[a-z_]+/)*{pk}/",
        rf"/admin/documents/chooser/chosen/{pk}/",
        rf"/admin/api/main/documents/{pk}/",
    ]


def _cohort_urls(pk):
    return [rf"/admin/snippets/(?:choose/)?leergang/cohort/(?:[a-z_]+/)*{pk}/"]


class Canary:
    def __init__(self, name, texts, urls):
        self.name, self.texts, self.urls = name, [t.lower() for t in texts], urls

    def found_in(self, body):
        low = body.lower()
        hits = [t for t in self.texts if t in low]
        hits += [u for u in self.urls if re.search(u, body)]
        return hits


def _image(title, collection, user):
    from demo.factories.stories import WagtailImageFactory

    return WagtailImageFactory(title=title, collection=collection, uploaded_by_user=user)


def _seed(world):
    import datetime

    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from demo.factories.modules import ModulePageFactory, stream
    from demo.factories.portfolio import FieldworkEntryFactory
    from demo.factories.stories import StoryPageFactory
    from stories.moderation import story_collection

    User = type(world.user("guild_member"))
    other = User.objects.get(email="gildelid2@example.org")
    administrator = world.user("administrator")
    root = Collection.get_first_root_node()

    draft = StoryPageFactory(
        parent=world.story_index, title="Kanarieconcept", owner=other, live=False
    )
    draft.save_revision(user=other)
    moderated = StoryPageFactory(
        parent=world.story_index, title="Kanariemoderatie", owner=other, live=False
    )
    moderated.save_revision(user=other)
    world.story_index.get_workflow().start(moderated, other)
    story_image = _image("Kanariefoto", story_collection(), other)
    root_image = _image("Kanariebeeld", root, administrator)
    module_image = _image("Kanariemodulebeeld", root, administrator)
    document = Document.objects.create(
        title="Kanariedocument",
        file=ContentFile(b"%PDF-1.4 kanarie", name="kanariebestand.pdf"),
        collection=root,
        uploaded_by_user=administrator,
    )
    module = ModulePageFactory(
        parent=world.course,
        title="Kanariemodule",
        live=False,
        body=stream(
            [
                ("resource", {"document": document.pk, "title": "", "description": ""}),
                ("image", {"image": module_image.pk, "caption": "", "credit": "", "alt": ""}),
            ]
        ),
    )
    module.save_revision()
    entry = FieldworkEntryFactory(portfolio=world.portfolio, date=datetime.date(2017, 4, 1))
    entry.tags.add("kanarie-veldwerk")
    proposal = world.draft_story
    photo = proposal.gallery_images.get().image
    return {
        "draft": Canary("draft", ["Kanarieconcept"], _page_urls(draft.pk)),
        "moderated": Canary("moderated", ["Kanariemoderatie"], _page_urls(moderated.pk)),
        "proposal": Canary("proposal", [proposal.title], _page_urls(proposal.pk)),
        "proposal_photo": Canary("proposal_photo", [photo.filename], _image_urls(photo.pk)),
        "module": Canary("module", ["Kanariemodule"], _page_urls(module.pk)),
        "story_image": Canary(
            "story_image", ["Kanariefoto", story_image.filename], _image_urls(story_image.pk)
        ),
        "root_image": Canary(
            "root_image", ["Kanariebeeld", root_image.filename], _image_urls(root_image.pk)
        ),
        "module_image": Canary(
            "module_image",
            ["Kanariemodulebeeld", module_image.filename],
            _image_urls(module_image.pk),
        ),
        "document": Canary(
            "document", ["Kanariedocument", "kanariebestand"], _document_urls(document.pk)
        ),
        "tag": Canary("tag", ["kanarie-veldwerk"], []),
        "cohort": Canary("cohort", [world.cohort.name], _cohort_urls(world.cohort.pk)),
    }


HIDDEN = {
    "guild_member": [
        "draft",
        "moderated",
        "proposal",
        "proposal_photo",
        "module",
        "story_image",
        "root_image",
        "module_image",
        "document",
        "tag",
        "cohort",
    ],
    "other_trainer": ["root_image", "module_image", "document", "tag", "cohort"],
}


@pytest.fixture(scope="module")
def canaries(world, django_db_blocker):
    with django_db_blocker.unblock():
        return _seed(world)


@pytest.mark.parametrize("role", sorted(HIDDEN))
def test_the_admin_shows_no_one_elses_work(role, world, canaries, db):
    client = Client()
    client.force_login(world.user(role))
    pages = crawl(client)

    ok = [url for url, (status, _b) in pages.items() if status == 200]
    assert len(ok) > 30, f"the crawl as {role} reached too little: {sorted(pages)}"
    assert not [url for url, (status, _b) in pages.items() if status >= 500]
    leaks = [
        f"{name}: {hit!r} on {url}"
        for url, (_status, body) in pages.items()
        for name in HIDDEN[role]
        for hit in canaries[name].found_in(body)
    ]
    assert not leaks, f"{role} finds other people's work:\n" + "\n".join(leaks[:40])
    print(f"\nAdmin crawl as {role}: {len(pages)} URLs, {len(ok)} answered 200")


def test_the_canaries_are_visible_to_an_administrator(world, canaries, db):
    """The crawl would prove nothing if the canaries could not be found at all."""
    client = Client()
    client.force_login(world.user("administrator"))
    bodies = {
        url: _body(client.get(url))
        for url in [
            "/admin/pages/search/?q=kanarie",
            "/admin/images/?q=kanarie",
            "/admin/documents/?q=kanarie",
            "/admin/tag-autocomplete/?term=kanarie",
            "/admin/api/main/pages/?search=kanarie",
        ]
    }
    everything = "\n".join(bodies.values())
    for name in ("draft", "moderated", "module", "story_image", "root_image", "document"):
        assert canaries[name].found_in(everything), name
