"""Concern attachments keep only their words: read each stored file once, keep its words (encrypted
like narrative), and drop the file's bytes.

A file that cannot be read, or whose words are refused (a picture written out as text), is deleted
with nothing kept: Haven must not hold it. The migration logs how many of each, never names.
There is no way back for rows that exist: the files' bytes are gone, which is the point.
"""

import logging

from cryptography.exceptions import InvalidTag
from django.db import migrations, models

import haven.lib.encryption
from haven.lib.documents import read_document
from haven.lib.encryption import key_ring
from haven.lib.uploads import UploadRefused

log = logging.getLogger("haven.concerns.migrations")


def _unseal(row) -> bytes | None:
    """The file's bytes, as haven.concerns.attachments sealed them before this change."""
    try:
        aead = key_ring().keys[row.key_id]
        context = f"concerns_concernattachment.content.{row.pk}".encode()
        return aead.decrypt(bytes(row.nonce), bytes(row.content), context)
    except (KeyError, InvalidTag):
        return None


def keep_only_words(apps, schema_editor):
    attachment = apps.get_model("concerns", "ConcernAttachment")
    kept = dropped = 0
    for row in attachment.objects.order_by("pk").iterator():
        data = _unseal(row)
        try:
            document = read_document(data, "document") if data is not None else None
        except UploadRefused:
            document = None
        if document is None:
            row.delete()
            dropped += 1
            continue
        row.text, row.pages = document.text, document.pages
        row.save(update_fields=["text", "pages"])
        kept += 1
    if kept or dropped:
        log.warning("attachments: kept the words of %s, deleted %s unreadable", kept, dropped)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0002_encrypt_platforms_other"),
    ]

    operations = [
        migrations.AddField(
            model_name="concernattachment",
            name="pages",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="concernattachment",
            name="text",
            field=haven.lib.encryption.EncryptedTextField(null=True),
        ),
        migrations.RunPython(keep_only_words, migrations.RunPython.noop),
        migrations.RemoveField(model_name="concernattachment", name="content"),
        migrations.RemoveField(model_name="concernattachment", name="key_id"),
        migrations.RemoveField(model_name="concernattachment", name="nonce"),
        migrations.AlterField(
            model_name="concernattachment",
            name="text",
            field=haven.lib.encryption.EncryptedTextField(),
        ),
    ]
