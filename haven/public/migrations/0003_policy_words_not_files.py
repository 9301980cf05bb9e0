"""The safeguarding policy keeps its words, never its file: each stored PDF becomes a version of
words (read with haven.lib.documents.read_document), and the PDFs are deleted.

Versions are numbered per school in upload order. A PDF whose words cannot be read becomes a
version with no words, so a policy the school had replaced never comes back; if the newest was
taken down, a last version with no words says so. No way back: the files are gone, as they should.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from haven.lib.documents import read_document
from haven.lib.uploads import UploadRefused


def _words(document) -> dict:
    try:
        read = read_document(bytes(document.content), document.file_name)
    except UploadRefused:
        return {}
    return {
        "text": read.text,
        "source_name": document.file_name[:200],
        "source_kind": read.kind.value,
        "source_pages": read.pages,
    }


def files_to_words(apps, schema_editor):
    policy_document = apps.get_model("public", "PolicyDocument")
    policy_version = apps.get_model("public", "PolicyVersion")
    schools = policy_document.objects.values_list("school_id", flat=True).distinct()
    for school_id in sorted(set(schools)):
        documents = policy_document.objects.filter(school_id=school_id).order_by(
            "uploaded_at", "pk"
        )
        number, removed_at = 0, None
        for number, document in enumerate(documents.iterator(), start=1):
            policy_version.objects.create(
                school_id=school_id,
                number=number,
                saved_by_id=document.uploaded_by_id,
                saved_at=document.uploaded_at,
                **_words(document),
            )
            removed_at = document.removed_at
        if removed_at is not None:
            policy_version.objects.create(
                school_id=school_id, number=number + 1, saved_at=removed_at
            )


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_seed_support_services"),
        ("schools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PolicyVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("text", models.TextField(blank=True)),
                ("link", models.URLField(blank=True, max_length=500)),
                ("source_name", models.CharField(blank=True, max_length=200)),
                ("source_kind", models.CharField(blank=True, max_length=10)),
                ("source_pages", models.PositiveIntegerField(blank=True, null=True)),
                ("saved_at", models.DateTimeField()),
                (
                    "saved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schools.school",
                    ),
                ),
            ],
            options={
                "ordering": ["school", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("school", "number"), name="one_policy_version_number"
                    )
                ],
            },
        ),
        migrations.RunPython(files_to_words, migrations.RunPython.noop),
        migrations.DeleteModel(name="PolicyDocument"),
    ]
