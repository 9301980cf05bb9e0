"""The alerts app takes over the concerns app's alert and outbox tables, keeping their names.

State only (`SeparateDatabaseAndState`, `db_table`): the tables, their rows, indexes and
constraints are not touched. Their content types are relabelled so anything that names them by
content type (permissions) follows; audit rows keep the label they were written with.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

MOVED = ("alert", "outboxmessage")


def _relabel(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_content_types(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _relabel(apps, schema_editor, "concerns", "alerts")


def unrelabel_content_types(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _relabel(apps, schema_editor, "alerts", "concerns")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0003_encrypt_free_text_override_criteria_image_age"),
        ("concerns", "0005_alerts_move_to_their_own_app"),
        ("schools", "0004_two_person_agreement"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Alert",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("reason", models.CharField(max_length=200)),
                        ("created_at", models.DateTimeField()),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="cases.case",
                            ),
                        ),
                        (
                            "concern",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="concerns.concern",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="alerts",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="schools.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concerns_alert",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("concern_recorded", "Alert the team to a new concern"),
                                    ("alert_email", "E-mail one alert"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("created_at", models.DateTimeField()),
                        ("next_attempt_at", models.DateTimeField()),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("claimed_until", models.DateTimeField(blank=True, null=True)),
                        ("delivered_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.CharField(blank=True, max_length=100)),
                        (
                            "alert",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="alerts.alert",
                            ),
                        ),
                        (
                            "concern",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="concerns.concern",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "concerns_outboxmessage",
                        "ordering": ["next_attempt_at", "id"],
                    },
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("acknowledged_at__isnull", True)),
                        fields=["recipient"],
                        name="alert_unacknowledged_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="alert",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(
                            ("concern__isnull", False), ("reason__in", ["new_concern", "escalated"])
                        ),
                        fields=("concern", "recipient", "reason"),
                        name="alert_once_per_concern_and_recipient",
                    ),
                ),
                migrations.AddIndex(
                    model_name="outboxmessage",
                    index=models.Index(
                        condition=models.Q(("delivered_at__isnull", True)),
                        fields=["next_attempt_at"],
                        name="outbox_due_idx",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, unrelabel_content_types),
    ]
