"""The audit table is the busiest for inserts: keep only the indexes its pages and checks use.

`action` had two (db_index on PostgreSQL adds a varchar_pattern_ops copy for LIKE, which nothing
runs); `school` and `pupil` had their own besides audit_school_idx and audit_pupil_idx, which start
with them. And "who has seen this pupil" gets an index for the case an event is about.

The old indexes are dropped by name rather than by altering the fields: on SQLite altering a field
rebuilds the table, which would drop the append-only triggers with it.
"""

import django.db.models.deletion
import django.db.models.fields.json
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditevent"
SINGLE = {"action", "school_id", "pupil_id"}
KEPT = {"audit_action_idx"}


def drop_single_column_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    for name, info in constraints.items():
        if not info["index"] or info["primary_key"] or info["unique"] or name in KEPT:
            continue
        if len(info["columns"]) == 1 and info["columns"][0] in SINGLE:
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def make_single_column_indexes(apps, schema_editor):
    for column in ("school_id", "pupil_id"):
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(f'{TABLE}_{column}_old')} "
            f"ON {schema_editor.quote_name(TABLE)} ({schema_editor.quote_name(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_installation"),
        ("schools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=60),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="pupil",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="schools.pupil",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="school",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="schools.school",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, make_single_column_indexes)
            ],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action"], name="audit_action_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                models.F("school"),
                django.db.models.fields.json.KeyTransform("case", "data"),
                name="audit_case_idx",
            ),
        ),
    ]
