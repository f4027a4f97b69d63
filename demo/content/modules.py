"""Demo content of the modules app: the course overview, five modules and some progress."""

from wagtail.search.index import insert_or_update_object

from demo.factories.modules import stream
from modules.models import CourseIndexPage, LearningOutcome, ModulePage, SectionCompletion
from modules.permissions import ensure_editor_permissions

from .modules_text import COURSE_INTRO, MODULES


def _course_index(home, stdout):
    index = CourseIndexPage.objects.first()
    if index is not None:
        stdout(f"  course overview exists ({index.title})")
        return index
    index = home.add_child(
        instance=CourseIndexPage(
            title="De leergang",
            slug="leergang",
            intro=COURSE_INTRO.strip(),
            seo_title="De leergang Creative Communities: vijf modules",
            search_description="Vijf modules over het ambacht van de community werker.",
        )
    )
    index.save_revision().publish()
    stdout("  course overview 'De leergang' created")
    return index


def _module(index, data, stdout):
    existing = ModulePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    page = ModulePage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        study_load_hours=data["hours"],
        body=stream(data["body"]),
        search_description=" ".join(data["intro"].replace("<p>", "").split("</p>")[0].split())[
            :250
        ],
        learning_outcomes=[
            LearningOutcome(text=text, sort_order=i) for i, text in enumerate(data["outcomes"])
        ],
    )
    page.tags.add(*data["tags"])
    index.add_child(instance=page)
    page.save_revision().publish()
    stdout(f"  module '{page.title}' created")
    return page


def seed(stdout, **context):
    home = context["home"]
    index = _course_index(home, stdout)
    created = ensure_editor_permissions(index)
    if created:
        stdout(f"  {created} page permissions for Trainers and Beheerders")
    modules = [_module(index, data, stdout) for data in MODULES]
    # Wagtail updates its search index in a background task; the demo should be searchable
    # before a worker has run.
    for page in [index, *modules]:
        insert_or_update_object(page)

    participant = context.get("users", {}).get("deelnemer@example.org")
    if participant is not None:
        # Fenna has done the whole first module and started on the second.
        wanted = [(modules[0], key) for key in modules[0].section_keys]
        wanted.append((modules[1], modules[1].section_keys[0]))
        new = 0
        for page, key in wanted:
            _, was_created = SectionCompletion.objects.get_or_create(
                user=participant, page=page, section=key
            )
            new += was_created
        stdout(f"  progress for {participant.email}: {len(wanted)} sections ({new} new)")
    return {"course_index": index, "modules": modules}
