"""Who may edit the course in the Wagtail admin, and the demo content."""

import re

import pytest
from wagtail.models import GroupPagePermission

from demo.content import leergang as core_demo
from demo.content import modules as modules_demo
from modules.models import CourseIndexPage, ModulePage
from modules.permissions import ensure_editor_permissions, on_post_migrate

pytestmark = pytest.mark.django_db


def test_trainers_and_administrators_may_edit_the_course(course_index, module, trainer):
    ensure_editor_permissions(course_index)
    perms = course_index.permissions_for_user(trainer)
    assert perms.can_add_subpage()
    assert module.permissions_for_user(trainer).can_edit()
    assert module.permissions_for_user(trainer).can_publish()


def test_guild_members_may_not_edit_modules(course_index, module, guild_member):
    ensure_editor_permissions(course_index)
    assert not course_index.permissions_for_user(guild_member).can_add_subpage()
    assert not module.permissions_for_user(guild_member).can_edit()


def test_permissions_are_idempotent_and_follow_migrate(course_index):
    first = ensure_editor_permissions(course_index)
    assert first == 6
    assert ensure_editor_permissions(course_index) == 0
    GroupPagePermission.objects.all().delete()
    on_post_migrate(sender=None)
    assert GroupPagePermission.objects.filter(page=course_index).count() == 6


def admin_form(outcome_numbers):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    return nested_form_data(
        {
            "title": "Nieuwe module",
            "slug": "nieuwe-module",
            "intro": rich_text("<p>Over de straat.</p>"),
            "study_load_hours": 6,
            "tags": "waarden",
            "learning_outcomes": inline_formset([{"text": "Je kent je waarden."}]),
            "body": streamfield(
                [
                    ("section", {"heading": "Begin"}),
                    ("text", rich_text("<p>Tekst</p>")),
                    (
                        "assignment",
                        {
                            "title": "Opdracht",
                            "kind": "values",
                            "instructions": rich_text("<p>Doe dit.</p>"),
                            "outcomes": outcome_numbers,
                        },
                    ),
                ]
            ),
            "action-publish": "publish",
        }
    )


def test_trainer_creates_module_in_admin(client, course_index, trainer):
    ensure_editor_permissions(course_index)
    client.force_login(trainer)
    data = admin_form("1")
    response = client.post(
        f"/admin/pages/add/modules/modulepage/{course_index.pk}/", data, follow=False
    )
    if response.status_code != 302:
        form = response.context["form"]
        raise AssertionError((form.errors, [f.errors for f in form.formsets.values()]))
    page = ModulePage.objects.get(slug="nieuwe-module")
    assert page.live
    assert len(page.section_keys) == 1
    assert [o.text for o in page.learning_outcomes.all()] == ["Je kent je waarden."]


def test_demo_seed_is_substantial_and_idempotent(home_page):
    lines = []
    context = core_demo.seed(lines.append)
    result = modules_demo.seed(lines.append, **context)
    modules_demo.seed(lines.append, **context)
    assert CourseIndexPage.objects.count() == 1
    modules = list(ModulePage.objects.live().order_by("path"))
    assert len(modules) == 5 == len(result["modules"])
    for page in modules:
        raw = page.body.raw_data
        text = " ".join(str(item["value"]) for item in raw)
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        assert words >= 400, (page.title, words)
        types = [item["type"] for item in raw]
        assert "assignment" in types and "reflection" in types
        assert page.learning_outcomes.count() >= 3
    first_kinds = {
        i["value"]["kind"] for i in modules[0].body.raw_data if i["type"] == "assignment"
    }
    assert first_kinds == {"values"}
    tags = {t.name for m in modules for t in m.tags.all()}
    assert {"waarden", "bewonersinitiatief", "gebiedsgericht werken"} <= tags
    fenna = context["users"]["deelnemer@example.org"]
    assert fenna.section_completions.count() == len(modules[0].section_keys) + 1


def test_admin_refuses_assignment_with_unknown_outcome(client, course_index, trainer):
    ensure_editor_permissions(course_index)
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/add/modules/modulepage/{course_index.pk}/", admin_form("1, 3")
    )
    assert response.status_code == 200
    assert "verwijst naar leeruitkomst 3" in response.content.decode()
    assert not ModulePage.objects.filter(slug="nieuwe-module").exists()


def test_guild_member_cannot_open_the_add_form(client, course_index, guild_member):
    ensure_editor_permissions(course_index)
    client.force_login(guild_member)
    response = client.get(f"/admin/pages/add/modules/modulepage/{course_index.pk}/")
    assert response.status_code in (302, 403)
