"""Removing rows for good: every row that hangs off the ones deleted, children first.

Django's own cascade stops at PROTECT, which the case records use so that nothing is deleted by
accident (a decision that another supersedes, a viewing's decision). A retention deletion removes
the whole record on purpose, so this walks the same relations (hidden ones too) and deletes each
table's rows in one statement, leaves first. SET_NULL relations are cleared; DO_NOTHING ones (the
audit log's pupil link) are left alone: the audit events stay, holding only ids.

On SQLite, `secure_delete` makes SQLite overwrite the deleted rows' bytes with zeros, and a WAL
checkpoint after the commit moves the zeroed pages into the database file and empties the log, so
the ciphertext and the names are gone from the files, not just unlinked.
"""

from collections import Counter
from typing import Any

from django.db import connection, models
from django.db.models.deletion import get_candidate_relations_to_delete


def erase(queryset: "models.QuerySet[Any]", counts: Counter[str] | None = None) -> Counter[str]:
    """Delete these rows and everything that depends on them; returns rows deleted per model."""
    counts = counts if counts is not None else Counter()
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return counts
    for candidate in get_candidate_relations_to_delete(model._meta):
        relation: Any = candidate  # a reverse relation (ForeignObjectRel), typed as a Field
        if relation.on_delete is models.DO_NOTHING or relation.related_model is model:
            continue  # the audit's link; a row superseding another goes in the same statement
        field = relation.field
        dependants = relation.related_model._base_manager.filter(**{f"{field.name}__in": pks})
        if relation.on_delete is models.SET_NULL:
            dependants.update(**{field.name: None})
        else:
            erase(dependants, counts)
    deleted = model._base_manager.filter(pk__in=pks)._raw_delete(connection.alias)
    counts[model._meta.label_lower] += deleted
    return counts


def overwrite_deleted_rows() -> None:
    """From here to the end of the connection, SQLite zeroes what it deletes."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def flush_sqlite_log() -> None:
    """After the commit: copy the zeroed pages into the database file and empty the WAL file."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
