"""Each pupil in a concern holds a set of parts (`roles`) instead of one `role`. Every stored role
becomes a set of one, and back again, so nothing is lost."""

from django.db import migrations, models

import haven.cases.models.case


def one_role_to_parts(apps, schema_editor):
    model = apps.get_model("concerns", "ConcernPupil")
    for row in model.objects.only("pk", "role").iterator():
        model.objects.filter(pk=row.pk).update(roles=[row.role or "unknown"])


def parts_to_one_role(apps, schema_editor):
    # Backwards a set must become one part: being pictured first, then the first in order.
    model = apps.get_model("concerns", "ConcernPupil")
    for row in model.objects.only("pk", "roles").iterator():
        roles = list(row.roles or ["unknown"])
        model.objects.filter(pk=row.pk).update(role="pictured" if "pictured" in roles else roles[0])


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0006_public_report_submission"),
    ]

    operations = [
        migrations.AddField(
            model_name="concernpupil",
            name="roles",
            field=models.JSONField(default=haven.cases.models.case.unknown_part),
        ),
        migrations.RunPython(one_role_to_parts, parts_to_one_role),
        migrations.RemoveField(
            model_name="concernpupil",
            name="role",
        ),
    ]
