"""Re-encrypt narrative text under the current data key (the first in HAVEN_DATA_KEYS).

Finds every EncryptedTextField in every installed model and rewrites, a batch at a time with one
transaction per batch, each stored value whose key is not the current one. Safe to stop and run
again: only values not yet under the current key are touched. docs/encryption.md has the steps.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from haven.lib.encryption import (
    VERSION,
    DecryptionFailed,
    EncryptedTextField,
    Sealed,
    encrypt,
    key_ring,
    row_context,
)


@dataclass
class Tally:
    label: str
    rotated: int = 0
    failed: int = 0


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Each concrete model with its own encrypted columns (an inherited column counts once)."""
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = [f for f in meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


def _raw(field: EncryptedTextField) -> str:
    return f"_raw_{field.attname}"


def stale_rows(
    model: type[models.Model], fields: list[EncryptedTextField], current: str
) -> "models.QuerySet[models.Model]":
    """Rows holding a value under another key. Compared as plain text (Cast): the field itself
    refuses to be filtered, so that nobody searches narrative by accident."""
    prefix = f"{VERSION}:{current}:"
    stale = models.Q()
    for field in fields:
        stale |= models.Q(**{f"{field.attname}__isnull": False}) & ~models.Q(
            **{f"{_raw(field)}__startswith": prefix}
        )
    raw = {_raw(field): Cast(field.attname, models.TextField()) for field in fields}
    needed = {field.attname for field in fields} | {f.row_key for f in fields if f.row_key != "pk"}
    rows: models.QuerySet[models.Model] = model._base_manager.only(*needed).annotate(**raw)
    return rows.filter(stale).order_by("pk")


def _rotate_row(obj: models.Model, fields: list[EncryptedTextField], current: str) -> None:
    """Decrypt by reading each attribute, encrypt under the current key, write those columns only.

    The write goes through the base manager's update(), not save(): re-encrypting is not an edit,
    so records that refuse edits once made (decisions, chronology entries) must still accept it,
    and no signal or updated-at stamp should fire.
    """
    changes: dict[str, Sealed] = {}
    for field in fields:
        token = getattr(obj, "_raw_" + field.attname)
        if token is None or token.startswith(f"{VERSION}:{current}:"):
            continue
        plaintext = getattr(obj, field.attname)  # the descriptor decrypts with the old key
        changes[field.attname] = Sealed(encrypt(plaintext, context=row_context(obj, field)))
    type(obj)._base_manager.filter(pk=obj.pk).update(**changes)


def rotate_model(
    model: type[models.Model], fields: list[EncryptedTextField], *, batch_size: int
) -> Tally:
    current = key_ring().current_id
    tally = Tally(model._meta.label)
    last_pk: Any = None
    while True:
        with transaction.atomic():
            rows = stale_rows(model, fields, current).select_for_update()
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows[:batch_size])
            for obj in batch:
                try:
                    _rotate_row(obj, fields, current)
                    tally.rotated += 1
                except DecryptionFailed:
                    tally.failed += 1  # left as it is; reported, and the command exits 1
        if len(batch) < batch_size:
            return tally
        last_pk = batch[-1].pk


class Command(BaseCommand):
    help = "Re-encrypt narrative text under the first key in HAVEN_DATA_KEYS (resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        current = key_ring().current_id
        failed = 0
        for model, fields in encrypted_fields():
            if dry_run:
                count = stale_rows(model, fields, current).count()
                self.stdout.write(f"{model._meta.label}: {count} rows to re-encrypt")
                continue
            tally = rotate_model(model, fields, batch_size=batch_size)
            failed += tally.failed
            self.stdout.write(
                f"{tally.label}: {tally.rotated} rows re-encrypted, {tally.failed} failed"
            )
        if failed:
            raise CommandError(
                f"{failed} rows could not be decrypted with any key in HAVEN_DATA_KEYS; "
                "they were left as they were"
            )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"Every value is now under key {current}."))
