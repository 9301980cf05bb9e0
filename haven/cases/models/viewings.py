import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalRecord
from haven.lib.encryption import EncryptedTextField


class UnavoidableViewing(FinalRecord):
    """Someone outside the safeguarding team saw the imagery without meaning to (a class teacher a
    pupil showed it to): who, when and how it happened, in words, as it really happened. None of
    the planned viewing's conditions apply (no authorisation, no second person, no premises): it
    was not planned. The member of staff is offered support (`support`, an action in the plan)."""

    MUTABLE_FIELDS = frozenset({"support"})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="unavoidable_viewings"
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Someone not on Haven (a supply teacher, a coach): their name and role, which identify them.
    seen_by_other = EncryptedTextField("who, if not on Haven", max_length=120, blank=True)
    seen_at = models.DateTimeField()
    how = EncryptedTextField("how it happened")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    support = models.ForeignKey(
        "cases.SupportAction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["seen_at"]

    def __str__(self) -> str:
        return f"unavoidable viewing {self.pk}"  # never who: __str__ reaches logs

    @property
    def who(self) -> str:
        return self.seen_by.full_name if self.seen_by else self.seen_by_other
