"""This database's installation id (haven.audit.models.Installation), made on first use."""

import uuid

from haven.audit.models import Installation


def installation_id() -> str:
    """The id, as lower-case hyphenated text (the name of its checkpoint folder)."""
    row, _ = Installation.objects.get_or_create(pk=1)
    return str(row.uid)


def become_new_installation() -> str:
    """Give this database a new id: for a copy restored beside the original (a test copy)."""
    Installation.objects.update_or_create(pk=1, defaults={"uid": uuid.uuid4()})
    return installation_id()
