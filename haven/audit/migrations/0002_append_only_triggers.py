"""Database-level refusal of UPDATE and DELETE on audit events, on SQLite and on PostgreSQL.

The ORM refuses too (models.py); this catches raw SQL and other programs using the database.
"""

from django.db import migrations

from haven.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
