"""Alerts and the outbox move to the alerts app: in Django's state only.

The tables (concerns_alert, concerns_outboxmessage) stay as they are, with every row, index and
constraint; alerts/0001_initial takes them over by name (`db_table`). Nothing is copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0004_reporter_sees_only_own_pupils"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="alert",
                    name="alert_unacknowledged_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="alert",
                    name="alert_once_per_concern_and_recipient",
                ),
                migrations.RemoveIndex(
                    model_name="outboxmessage",
                    name="outbox_due_idx",
                ),
                migrations.RemoveField(
                    model_name="outboxmessage",
                    name="alert",
                ),
                migrations.RemoveField(
                    model_name="outboxmessage",
                    name="concern",
                ),
                migrations.DeleteModel(
                    name="Alert",
                ),
                migrations.DeleteModel(
                    name="OutboxMessage",
                ),
            ],
            database_operations=[],
        ),
    ]
