"""Module page, dashboard and trainer matrix against a bare Wagtail page, on the same machine in
the same run, the bare page both as stock Wagtail serves it (walking the page tree) and with the
project's kept route (leergang/routing.py), which every page here also uses: medians, ratios and
query counts at a small and a large course. The pages are timed in turns (41 rounds), so the
ratios hold when other work shares the machine."""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402

BARE_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}<div class="wrap"><h1>{{ page.title }}</h1>'
    "</div>{% endblock %}"
)


def measure(client, url, repeat=25):
    return measure_page(url, client=client, repeat=repeat)


def measure_together(pages, repeat=41):
    """{name: (median seconds, queries)} for [(name, client, url)], timed in turns (one GET of
    each page per round), so a burst of other work on the machine hits every page alike and the
    ratios hold on a busy machine."""
    import statistics
    import time

    queries = {name: measure(client, url, repeat=1)[1] for name, client, url in pages}
    samples = {name: [] for name, _client, _url in pages}
    for _ in range(repeat):
        for name, client, url in pages:
            started = time.perf_counter()
            response = client.get(url)
            samples[name].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return {name: (statistics.median(samples[name]), queries[name]) for name in samples}


class WalkingClient:
    """A client whose every request walks Wagtail's page tree (the route cache of
    leergang/routing.py moved on first): a bare page as stock Wagtail serves it."""

    def __init__(self, client):
        self.client = client

    def get(self, url):
        from leergang import routing

        routing.GENERATION.advance()
        return self.client.get(url)


def build_course():
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site

    from demo.content.modules_text import MODULES
    from demo.factories.leergang import (
        CohortFactory,
        EnrolmentFactory,
        HomePageFactory,
        ParticipantFactory,
        TrainerFactory,
    )
    from demo.factories.modules import CourseIndexPageFactory, ModulePageFactory, stream
    from leergang import roles

    Group.objects.get_or_create(name=roles.PARTICIPANTS)
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    # A bare wagtailcore Page under the home page: same routing and base layout, nothing else.
    bare = home.add_child(instance=Page(title="Kale pagina", slug="kaal"))
    index = CourseIndexPageFactory(parent=home)
    modules = [
        ModulePageFactory(
            parent=index,
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            body=stream(data["body"]),
            outcomes=data["outcomes"],
            tag_names=data["tags"],
        )
        for data in MODULES[:3]
    ]
    trainer = TrainerFactory(email="bench-trainer@example.org")
    cohort = CohortFactory(name="Bench", trainers=[trainer])
    participant = ParticipantFactory(email="bench-deelnemer@example.org")
    EnrolmentFactory(cohort=cohort, user=participant)
    return home, bare, index, modules, cohort, trainer, participant


def grow(index, cohort, modules, participant, n_modules, n_participants):
    from demo.content.modules_text import MODULES
    from demo.factories.leergang import EnrolmentFactory, ParticipantFactory
    from demo.factories.modules import ModulePageFactory, stream
    from modules.models import SectionCompletion

    while len(modules) < n_modules:
        data = MODULES[len(modules) % len(MODULES)]
        modules.append(
            ModulePageFactory(
                parent=index,
                title=f"{data['title']} ({len(modules)})",
                intro=data["intro"],
                body=stream(data["body"]),
                outcomes=data["outcomes"],
                tag_names=data["tags"],
            )
        )
    users = [participant]
    for i in range(cohort.enrolments.count(), n_participants):
        user = ParticipantFactory(email=f"bench-p{i}@example.org")
        EnrolmentFactory(cohort=cohort, user=user)
        users.append(user)
    for user in users:
        for m in modules[: max(1, len(modules) // 2)]:
            for key in m.section_keys:
                SectionCompletion.objects.get_or_create(user=user, page=m, section=key)


def main():
    setup_django()
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    tmp = Path(tempfile.mkdtemp(prefix="modules-bench-tpl-"))
    (tmp / "wagtailcore").mkdir()
    (tmp / "wagtailcore" / "page.html").write_text(BARE_TEMPLATE)
    from django.conf import settings

    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp]

    with override_settings(TEMPLATES=templates):
        home, bare, index, modules, cohort, trainer, participant = build_course()
        reader = Client()
        reader.force_login(participant)
        coach = Client()
        coach.force_login(trainer)
        matrix_url = reverse("modules:cohort_progress", args=[cohort.pk])

        rows = []
        for n_modules, n_participants in ((3, 2), (30, 40)):
            grow(index, cohort, modules, participant, n_modules, n_participants)
            timed = measure_together(
                [
                    ("stock", WalkingClient(reader), bare.url),
                    ("bare", reader, bare.url),
                    ("module", reader, modules[1].url),
                    ("dashboard", reader, "/mijn-leergang/"),
                    ("matrix", coach, matrix_url),
                ]
            )
            stock_t, stock_q = timed["stock"]
            bare_t, bare_q = timed["bare"]
            module_t, module_q = timed["module"]
            dash_t, dash_q = timed["dashboard"]
            matrix_t, matrix_q = timed["matrix"]
            rows.append(
                (n_modules, n_participants, bare_t, bare_q, module_t, module_q, dash_t, dash_q)
            )
            print(f"{n_modules} modules, {n_participants} participants")
            print(f"  bare page, stock walk {ms(stock_t):>9}  {stock_q:>2} queries")
            print(f"  bare page, kept route {ms(bare_t):>9}  {bare_q:>2} queries")
            for label, took, count in (
                ("module page", module_t, module_q),
                ("dashboard", dash_t, dash_q),
                ("trainer matrix", matrix_t, matrix_q),
            ):
                print(
                    f"  {label:<21} {ms(took):>9}  {count:>2} queries"
                    f"  ratio {took / stock_t:.2f} (stock) {took / bare_t:.2f} (kept route)"
                )
        small, large = rows
        same = small[5] == large[5] and small[7] == large[7]
        print(f"query counts equal at both sizes: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
