"""A share belongs to the recipient's enrolment in the owner's cohort and ends with it.

Existing shares are tied to that enrolment; a share whose recipient is no longer enrolled in
the owner's cohort is marked ended now. Going back deletes ended shares (they give no access)."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def tie_to_enrolment(apps, schema_editor):
    PortfolioShare = apps.get_model("portfolio", "PortfolioShare")
    Enrolment = apps.get_model("leergang", "Enrolment")
    for share in PortfolioShare.objects.select_related("portfolio__enrolment").iterator():
        share.recipient_enrolment = Enrolment.objects.filter(
            user_id=share.user_id, cohort_id=share.portfolio.enrolment.cohort_id
        ).first()
        if share.recipient_enrolment is None:
            share.ended_at = timezone.now()
            share.end_reason = "left_cohort"
        share.save(update_fields=["recipient_enrolment", "ended_at", "end_reason"])


def delete_ended(apps, schema_editor):
    apps.get_model("portfolio", "PortfolioShare").objects.filter(ended_at__isnull=False).delete()



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
        ("leergang", "0004_cohort_retention_months"),
        ("portfolio", "0004_privacy_findings_on_tags_captions_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="portfolioshare",
            name="recipient_enrolment",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="leergang.enrolment",
            ),
        ),
        migrations.AddField(
            model_name="portfolioshare",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ended at"),
        ),
        migrations.AddField(
            model_name="portfolioshare",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("left_cohort", "no longer enrolled in this cohort"),
                    ("account_erased", "the account was erased"),
                ],
                max_length=20,
                verbose_name="reason it ended",
            ),
        ),
        migrations.RunPython(_then_immediate(tie_to_enrolment), _then_immediate(delete_ended)),
        migrations.RemoveConstraint(model_name="portfolioshare", name="unique_portfolio_share"),
        migrations.AddConstraint(
            model_name="portfolioshare",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)),
                fields=("portfolio", "user"),
                name="unique_active_portfolio_share",
            ),
        ),
        migrations.AlterModelOptions(
            name="portfolioshare",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "portfolio share",
                "verbose_name_plural": "portfolio shares",
            },
        ),
    ]
