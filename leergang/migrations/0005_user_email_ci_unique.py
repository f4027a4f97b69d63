"""A case-insensitive unique index on User.email.

Safe on existing data: addresses are normalised (spaces stripped, lower case) first. If two
accounts differ only in case, nothing is changed and the migration stops with their ids, so an
administrator can decide which account stays; it never merges or renames accounts by itself.
"""

import django.db.models.functions.text
from django.db import migrations, models


def normalise_emails(apps, schema_editor):
    User = apps.get_model("leergang", "User")
    by_address = {}
    for pk, email in User.objects.values_list("pk", "email"):
        by_address.setdefault((email or "").strip().lower(), []).append((pk, email))
    clashes = {address: rows for address, rows in by_address.items() if len(rows) > 1}
    if clashes:
        listing = "; ".join(
            f"{address}: user ids {', '.join(str(pk) for pk, _e in rows)}"
            for address, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "These accounts differ only in the case of their e-mail address; give each a "
            f"distinct address (or remove one) and migrate again: {listing}"
        )
    for address, [(pk, email)] in by_address.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)



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
    ]

    operations = [
        migrations.RunPython(_then_immediate(normalise_emails), migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="leergang_user_email_ci_unique",
            ),
        ),
    ]
