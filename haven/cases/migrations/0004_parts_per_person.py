"""Each pupil in a case holds a set of parts (`roles`) instead of one `role`, and may have an age
in the image. Every stored role becomes a set of one, and back again, so nothing is lost."""

from django.db import migrations, models

import haven.cases.models.case


def one_role_to_parts(apps, schema_editor):
    model = apps.get_model("cases", "CasePupil")
    for row in model.objects.only("pk", "role").iterator():
        model.objects.filter(pk=row.pk).update(roles=[row.role or "unknown"])


def parts_to_one_role(apps, schema_editor):
    # Backwards a set must become one part: being pictured matters most to the rules, then the
    # first part in order. A set of several loses the others; it is the only way back.
    model = apps.get_model("cases", "CasePupil")
    for row in model.objects.only("pk", "roles").iterator():
        roles = list(row.roles or ["unknown"])
        model.objects.filter(pk=row.pk).update(role="pictured" if "pictured" in roles else roles[0])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_encrypt_free_text_override_criteria_image_age"),
    ]

    operations = [
        migrations.AddField(
            model_name="casepupil",
            name="roles",
            field=models.JSONField(default=haven.cases.models.case.unknown_part),
        ),
        migrations.AddField(
            model_name="casepupil",
            name="age_in_image",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(one_role_to_parts, parts_to_one_role),
        migrations.RemoveField(
            model_name="casepupil",
            name="role",
        ),
    ]
