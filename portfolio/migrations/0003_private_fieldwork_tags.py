"""Fieldwork tags move out of taggit's shared Tag table into per-portfolio FieldworkTags.

Each (portfolio, tag name) in use becomes one FieldworkTag of that portfolio. A taggit Tag that
only fieldwork used, and nothing else (modules, stories, images, documents) uses now, is
deleted: it was a participant's private word in a table every admin user can list.
Reversible: going back puts the names into taggit's Tag table again.
"""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models
from django.utils.text import slugify


def _unique_slug(name, taken):
    # A copy of portfolio.tagging.unique_slug as it was when this migration was written.
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}_{n}"
    return slug


def to_fieldwork_tags(apps, schema_editor):
    Through = apps.get_model("portfolio", "TaggedFieldworkEntry")
    FieldworkTag = apps.get_model("portfolio", "FieldworkTag")
    Tag = apps.get_model("taggit", "Tag")
    made, slugs, moved_from = {}, {}, set()
    items = Through.objects.select_related("tag", "content_object").order_by("pk")
    for item in items.iterator():
        portfolio_id = item.content_object.portfolio_id
        key = (portfolio_id, item.tag.name)
        if key not in made:
            taken = slugs.setdefault(portfolio_id, set())
            slug = _unique_slug(item.tag.name, taken)
            taken.add(slug)
            made[key] = FieldworkTag.objects.create(
                portfolio_id=portfolio_id, name=item.tag.name[:100], slug=slug
            )
        item.fieldwork_tag = made[key]
        item.save(update_fields=["fieldwork_tag"])
        moved_from.add(item.tag_id)
    # Let go of the shared tags first: deleting a Tag would cascade to these rows.
    Through.objects.update(tag=None)
    still_used = set()
    for relation in Tag._meta.related_objects:
        if relation.related_model is Through or not isinstance(relation.field, models.ForeignKey):
            continue
        still_used.update(
            relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": moved_from}
            ).values_list(relation.field.attname, flat=True)
        )
    Tag.objects.filter(pk__in=moved_from - still_used).delete()


def to_taggit_tags(apps, schema_editor):
    Through = apps.get_model("portfolio", "TaggedFieldworkEntry")
    Tag = apps.get_model("taggit", "Tag")
    tags = {}
    for item in Through.objects.select_related("fieldwork_tag").order_by("pk").iterator():
        name = item.fieldwork_tag.name
        if name not in tags:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                taken = set(
                    Tag.objects.filter(slug__startswith=slugify(name, allow_unicode=True)[:90])
                    .values_list("slug", flat=True)
                )
                tag = Tag.objects.create(name=name, slug=_unique_slug(name, taken))
            tags[name] = tag
        item.tag = tags[name]
        item.save(update_fields=["tag"])



def _then_immediate(fn):
    """Run ``fn``, then fire PostgreSQL's deferred constraint triggers, so that the schema
    changes after it in this migration may alter the tables it wrote to."""

    def run(apps, schema_editor):
        fn(apps, schema_editor)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0002_module_links"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="FieldworkTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(allow_unicode=True, max_length=100, verbose_name="slug"),
                ),
                (
                    "portfolio",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fieldwork_tags",
                        to="portfolio.portfolio",
                        verbose_name="portfolio",
                    ),
                ),
            ],
            options={
                "verbose_name": "fieldwork tag",
                "verbose_name_plural": "fieldwork tags",
                "ordering": ["name", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("portfolio", "name"), name="unique_fieldwork_tag"
                    ),
                    models.UniqueConstraint(
                        fields=("portfolio", "slug"), name="unique_fieldwork_tag_slug"
                    ),
                ],
            },
        ),
        migrations.AlterField(
            model_name="taggedfieldworkentry",
            name="tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(app_label)s_%(class)s_items",
                to="taggit.tag",
            ),
        ),
        migrations.AddField(
            model_name="taggedfieldworkentry",
            name="fieldwork_tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portfolio.fieldworktag",
            ),
        ),
        migrations.RunPython(_then_immediate(to_fieldwork_tags), _then_immediate(to_taggit_tags)),
        migrations.RemoveField(model_name="taggedfieldworkentry", name="tag"),
        migrations.RenameField(
            model_name="taggedfieldworkentry", old_name="fieldwork_tag", new_name="tag"
        ),
        migrations.AlterField(
            model_name="taggedfieldworkentry",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tagged_items",
                to="portfolio.fieldworktag",
            ),
        ),
        migrations.AlterField(
            model_name="fieldworkentry",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="portfolio.TaggedFieldworkEntry",
                to="portfolio.FieldworkTag",
                verbose_name="tags",
            ),
        ),
        migrations.AddConstraint(
            model_name="taggedfieldworkentry",
            constraint=models.UniqueConstraint(
                fields=("content_object", "tag"), name="unique_fieldwork_entry_tag"
            ),
        ),
    ]
