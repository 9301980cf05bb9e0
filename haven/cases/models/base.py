"""Records that are never rewritten: a later record supersedes an earlier one, both are kept."""

from typing import Any, ClassVar

from django.db import models


class RecordIsFinal(Exception):
    """Something tried to rewrite a record that Haven keeps exactly as it was written."""


class FinalQuerySet[M: models.Model](models.QuerySet[M]):
    def update(self, **kwargs: Any) -> int:
        allowed: frozenset[str] = getattr(self.model, "MUTABLE_FIELDS", frozenset())
        changed = set(kwargs) - allowed
        if changed:
            raise RecordIsFinal(f"{self.model.__name__} cannot be changed: {sorted(changed)}")
        return super().update(**kwargs)


class FinalRecord(models.Model):
    """Saved once. Later saves must name `update_fields`, all within MUTABLE_FIELDS."""

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise RecordIsFinal(f"{type(self).__name__} is never rewritten: record a new one")
        super().save(*args, **kwargs)
