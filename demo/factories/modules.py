"""Factories for course pages and progress, shared by the tests, seed_demo and the bench."""

import json
import uuid

import factory
from wagtail_factories import PageFactory

from modules.models import CourseIndexPage, LearningOutcome, ModulePage, SectionCompletion


def stream(pairs):
    """[(type, value), ...] -> stream JSON with fresh block ids."""
    return json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in pairs])


def sample_body(n_sections=2, assignment_kind="fieldwork"):
    pairs = []
    for i in range(1, n_sections + 1):
        pairs.append(("section", {"heading": f"Onderdeel {i}"}))
        pairs.append(("text", f"<p>Tekst van onderdeel {i} over bewoners en hun ideeën.</p>"))
    pairs.append(("reflection", {"prompt": "Wat drijft jou?", "guidance": ""}))
    pairs.append(
        (
            "assignment",
            {
                "title": "Opdracht in de wijk",
                "kind": assignment_kind,
                "instructions": "<p>Ga de <b>straat</b> op en vraag naar ideeën.</p>",
                "outcomes": "1",
            },
        )
    )
    return stream(pairs)


class CourseIndexPageFactory(PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "De leergang"
    slug = "leergang"
    intro = "<p>Vijf modules over community werk.</p>"


class ModulePageFactory(PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    intro = "<p>Een module over community werk.</p>"
    study_load_hours = 8
    body = factory.LazyFunction(sample_body)
    learning_outcomes = factory.LazyAttribute(
        lambda o: [LearningOutcome(text=t, sort_order=i) for i, t in enumerate(o.outcomes)]
    )

    class Params:
        outcomes = ("Je legt contact met bewoners.",)

    @factory.post_generation
    def tag_names(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


class SectionCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionCompletion

    page = factory.SubFactory(ModulePageFactory)
    section = factory.LazyAttribute(lambda o: o.page.section_keys[0])
