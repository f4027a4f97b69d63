"""Stories index, search and feeds with 5 and 100 published stories: median time, ratio and
number of queries (the counts should be equal)."""

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import measure_page, ms, setup_django  # noqa: E402

URLS = ["/verhalen/", "/verhalen/?q=verhaal", "/verhalen/feed/", "/verhalen/feed/atom/", "/"]


def build_site():
    from wagtail.models import Page, Site

    from demo.factories.leergang import HomePageFactory
    from demo.factories.stories import StoryIndexPageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = StoryIndexPageFactory(parent=home)
    index.save_revision().publish()
    return index


def add_stories(index, start, stop):
    from demo.factories.stories import StoryImageFactory, StoryPageFactory

    for i in range(start, stop):
        story = StoryPageFactory(
            parent=index,
            title=f"Verhaal {i}",
            date=datetime.date(2017, 6, 1) - datetime.timedelta(days=i),
            tags=["waarden", f"tag-{i % 7}"],
        )
        StoryImageFactory(page=story)


def measure(url):
    return measure_page(url)


def main():
    setup_django()
    index = build_site()
    add_stories(index, 0, 5)
    small = {url: measure(url) for url in URLS}
    add_stories(index, 5, 100)
    large = {url: measure(url) for url in URLS}
    for url in URLS:
        (t5, q5), (t100, q100) = small[url], large[url]
        print(f"{url:24} 5 stories: median {ms(t5)} ({q5} queries)")
        print(f"{'':24} 100 stories: median {ms(t100)} ({q100} queries); ratio {t100 / t5:.2f}")


if __name__ == "__main__":
    main()
