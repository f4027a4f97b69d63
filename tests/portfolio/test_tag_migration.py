"""The data migration moves fieldwork tags out of taggit's shared table and back (defect 5a)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag, TaggedItem

from demo.factories.portfolio import FieldworkEntryFactory, PortfolioFactory
from portfolio.models import FieldworkTag

BEFORE = [("portfolio", "0002_module_links")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_tags_go_back_to_taggit_and_come_out_again_per_portfolio(participant, peer):
    mine = PortfolioFactory(enrolment=participant.enrolments.get())
    theirs = PortfolioFactory(enrolment=peer.enrolments.get())
    e1 = FieldworkEntryFactory(portfolio=mine, tags=["klaas de boer", "grofvuil"])
    e2 = FieldworkEntryFactory(portfolio=mine, tags=["grofvuil"])
    e3 = FieldworkEntryFactory(portfolio=theirs, tags=["grofvuil", "Grofvuil"])
    try:
        old = _migrate(BEFORE)
        OldTag = old.get_model("taggit", "Tag")
        Through = old.get_model("portfolio", "TaggedFieldworkEntry")
        # Backwards: the names are taggit tags again, one per name, on the same entries.
        assert set(OldTag.objects.values_list("name", flat=True)) == {
            "klaas de boer",
            "grofvuil",
            "Grofvuil",
        }
        pairs = set(Through.objects.values_list("content_object_id", "tag__name"))
        assert pairs == {
            (e1.pk, "klaas de boer"),
            (e1.pk, "grofvuil"),
            (e2.pk, "grofvuil"),
            (e3.pk, "grofvuil"),
            (e3.pk, "Grofvuil"),
        }
        # Something else (an image, a document) also uses "grofvuil" in taggit's table.
        TaggedItem.objects.create(
            tag_id=OldTag.objects.get(name="grofvuil").pk,
            content_type=ContentType.objects.get_for_model(Tag),
            object_id=1,
        )
    finally:
        _migrate(_latest())
    # Forwards: each portfolio has its own tags; taggit keeps only what others still use.
    assert list(Tag.objects.values_list("name", flat=True)) == ["grofvuil"]
    assert sorted(FieldworkTag.objects.filter(portfolio=mine).values_list("name", "slug")) == [
        ("grofvuil", "grofvuil"),
        ("klaas de boer", "klaas-de-boer"),
    ]
    assert sorted(FieldworkTag.objects.filter(portfolio=theirs).values_list("name", "slug")) == [
        ("Grofvuil", "grofvuil_2"),
        ("grofvuil", "grofvuil"),
    ]
    e1 = type(e1).objects.get(pk=e1.pk)
    assert sorted(e1.tags.names()) == ["grofvuil", "klaas de boer"]
    assert e1.tags.get(name="grofvuil") == type(e2).objects.get(pk=e2.pk).tags.get()
