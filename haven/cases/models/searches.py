import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalRecord
from haven.lib.encryption import EncryptedTextField


class SearchOutcome(models.TextChoices):
    NOTHING_FOUND = "nothing_found", "Nothing was found"
    KEPT_FOR_POLICE = "kept_for_police", "Kept, switched off, for the police"
    DELETED = "deleted", "Deleted (not evidence of an offence)"
    RETURNED = "returned", "Nothing needed keeping: the device was returned"


class DeviceSearch(FinalRecord):
    """A search of a device (DfE "Searching, screening and confiscation", 2022): who authorised it
    and why, who searched, what was searched, what was found (in words only, never the imagery),
    what was done, and whether any member of staff saw imagery."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="searches")
    device = models.ForeignKey(
        "cases.ConfiscatedDevice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="searches",
    )
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    heads_authority = models.BooleanField(
        "the headteacher has authorised them to search", default=False
    )
    searched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    searched_at = models.DateTimeField()
    reason = EncryptedTextField("why")
    what_searched = EncryptedTextField("what was searched")
    found = EncryptedTextField("what was found, in words")
    outcome = models.CharField(max_length=20, choices=SearchOutcome.choices)
    staff_saw_imagery = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["searched_at"]

    def __str__(self) -> str:
        return f"search {self.pk}"
