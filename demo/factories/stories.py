"""Factories for practice stories, shared by the tests, the benchmark and seed_demo."""

import io
import random

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail_factories import PageFactory

from stories.models import StoryAuthor, StoryImage, StoryIndexPage, StoryPage
from stories.moderation import story_collection

PALETTE = [(164, 71, 31), (47, 93, 70), (241, 230, 214), (126, 52, 19), (227, 238, 230)]


def make_image_file(name="verhaal.png", seed=0, size=(960, 640)):
    """A calm generated picture (blocks of the house colours), so demo and tests need no photos."""
    rng = random.Random(seed)
    img = PILImage.new("RGB", size, PALETTE[seed % len(PALETTE)])
    draw = ImageDraw.Draw(img)
    for _ in range(9):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(80, 360), rng.randrange(60, 260)
        draw.rectangle([x, y, x + w, y + h], fill=rng.choice(PALETTE))
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


class WagtailImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Verhaalfoto {n}")
    file = factory.LazyAttribute(
        lambda o: make_image_file(f"{o.title[:40]}.png", seed=len(o.title))
    )

    collection = factory.LazyFunction(story_collection)


class StoryIndexPageFactory(PageFactory):
    class Meta:
        model = StoryIndexPage

    title = "Praktijkverhalen"
    slug = "verhalen"
    intro = "<p>Verhalen uit de praktijk van het gilde.</p>"


class StoryPageFactory(PageFactory):
    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Praktijkverhaal {n}")
    summary = "Bewoners pakten samen iets aan in hun straat."
    place = "Heechterp"
    question = "<p>Wat wilden de bewoners zelf?</p>"
    approach = "<p>Zo pakten ze het aan.</p>"
    outcome = "<p>Dit veranderde er.</p>"
    lessons = "<p>Dit leert het ambacht ervan.</p>"

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


class StoryImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryImage

    page = factory.SubFactory(StoryPageFactory)
    image = factory.SubFactory(WagtailImageFactory)
    caption = "Bewoners aan het werk in hun straat"
    photographer = "Gilde Creative Communities"
    licence = "cc-by-4.0"


class StoryAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryAuthor

    page = factory.SubFactory(StoryPageFactory)
    name = factory.Faker("name", locale="nl_NL")
