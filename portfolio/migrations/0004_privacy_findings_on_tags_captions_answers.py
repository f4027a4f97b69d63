"""A privacy finding can concern an entry's text, an attachment's caption, a fieldwork tag or a
values answer, and always knows its portfolio. The captions, tags and answers that exist are
checked once here (with each portfolio's own list of real names), so that what they already
hold blocks submission and export from now on, as the entries' text does."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def fill_portfolio(apps, schema_editor):
    PrivacyFinding = apps.get_model("portfolio", "PrivacyFinding")
    FieldworkEntry = apps.get_model("portfolio", "FieldworkEntry")
    PrivacyFinding.objects.update(
        portfolio_id=models.Subquery(
            FieldworkEntry.objects.filter(pk=models.OuterRef("entry_id")).values("portfolio_id")[
                :1
            ]
        )
    )


def check_existing(apps, schema_editor):
    # The detection itself is plain functions on strings (no models): reuse it rather than
    # copy a few hundred lines of patterns into a migration.
    from portfolio.privacy import scan_text
    from portfolio.richtext import html_to_plain

    get = apps.get_model
    PrivacyFinding = get("portfolio", "PrivacyFinding")
    names = defaultdict(list)
    for portfolio_id, name in get("portfolio", "RealName").objects.values_list(
        "portfolio_id", "name"
    ):
        names[portfolio_id].append(name)
    subjects = []
    for tag in get("portfolio", "FieldworkTag").objects.iterator():
        subjects.append(({"tag_id": tag.pk}, tag.portfolio_id, "tag", tag.name))
    attachments = get("portfolio", "Attachment").objects.exclude(caption="")
    for attachment in attachments.select_related("entry").iterator():
        subject = {"attachment_id": attachment.pk, "entry_id": attachment.entry_id}
        subjects.append((subject, attachment.entry.portfolio_id, "caption", attachment.caption))
    answers = get("portfolio", "ValuesAnswer").objects.exclude(text="")
    for answer in answers.select_related("reflection").iterator():
        plain = html_to_plain(answer.text)
        subjects.append(({"answer_id": answer.pk}, answer.reflection.portfolio_id, "answer", plain))
    new = []
    for subject, portfolio_id, field, text in subjects:
        found = {(m.kind, m.text[:300]) for m in scan_text(text, names[portfolio_id], field)}
        new.extend(
            PrivacyFinding(portfolio_id=portfolio_id, field=field, kind=kind, text=t, **subject)
            for kind, t in sorted(found)
        )
    PrivacyFinding.objects.bulk_create(new, batch_size=500)


def forget_new_subjects(apps, schema_editor):
    PrivacyFinding = apps.get_model("portfolio", "PrivacyFinding")
    PrivacyFinding.objects.filter(
        models.Q(entry=None) | models.Q(attachment__isnull=False) | models.Q(tag__isnull=False)
    ).delete()



def _then_immediate(fn):
    """Run ``fn``, then fire PostgreSQL's deferred constraint triggers, so that the schema
    changes after it in this migration may alter the tables it wrote to."""

    def run(apps, schema_editor):
        fn(apps, schema_editor)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return run


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0003_private_fieldwork_tags")]

    operations = [
        migrations.AddField(
            model_name="privacyfinding",
            name="portfolio",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="privacy_findings",
                to="portfolio.portfolio",
            ),
        ),
        migrations.RunPython(_then_immediate(fill_portfolio), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="privacyfinding",
            name="portfolio",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="privacy_findings",
                to="portfolio.portfolio",
            ),
        ),
        migrations.RemoveConstraint(model_name="privacyfinding", name="unique_privacy_finding"),
        migrations.AlterField(
            model_name="privacyfinding",
            name="entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="findings",
                to="portfolio.fieldworkentry",
            ),
        ),
        migrations.AddField(
            model_name="privacyfinding",
            name="attachment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="findings",
                to="portfolio.attachment",
            ),
        ),
        migrations.AddField(
            model_name="privacyfinding",
            name="tag",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="findings",
                to="portfolio.fieldworktag",
            ),
        ),
        migrations.AddField(
            model_name="privacyfinding",
            name="answer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="findings",
                to="portfolio.valuesanswer",
            ),
        ),
        migrations.AddConstraint(
            model_name="privacyfinding",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("answer__isnull", True), ("attachment__isnull", True), ("tag__isnull", True)
                ),
                fields=("entry", "field", "kind", "text"),
                name="unique_entry_finding",
            ),
        ),
        migrations.AddConstraint(
            model_name="privacyfinding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("attachment__isnull", False)),
                fields=("attachment", "kind", "text"),
                name="unique_caption_finding",
            ),
        ),
        migrations.AddConstraint(
            model_name="privacyfinding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("tag__isnull", False)),
                fields=("tag", "kind", "text"),
                name="unique_tag_finding",
            ),
        ),
        migrations.AddConstraint(
            model_name="privacyfinding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("answer__isnull", False)),
                fields=("answer", "kind", "text"),
                name="unique_answer_finding",
            ),
        ),
        migrations.AddConstraint(
            model_name="privacyfinding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("answer__isnull", True), ("entry__isnull", False), ("tag__isnull", True)
                    ),
                    models.Q(
                        ("answer__isnull", True),
                        ("attachment__isnull", True),
                        ("entry__isnull", True),
                        ("tag__isnull", False),
                    ),
                    models.Q(
                        ("answer__isnull", False),
                        ("attachment__isnull", True),
                        ("entry__isnull", True),
                        ("tag__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="privacy_finding_one_subject",
            ),
        ),
        migrations.RunPython(_then_immediate(check_existing), _then_immediate(forget_new_subjects)),
    ]
