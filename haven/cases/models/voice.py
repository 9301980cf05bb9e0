import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalRecord
from haven.lib.encryption import EncryptedTextField


class PupilConversation(FinalRecord):
    """The DSL's conversation with one young person in the case: when, who spoke with them, who
    else was there, the young person's views and wishes in their own words, who else they say has
    the image, and that no promise of secrecy was made. The child's voice, at the centre."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="conversations")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    spoke_at = models.DateTimeField()
    spoken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Who else was there (a trusted adult, a parent): names and roles identify people.
    others_present = EncryptedTextField("who else was there", max_length=200, blank=True)
    views_and_wishes = EncryptedTextField("their views and wishes, in their words")
    who_else_has_it = EncryptedTextField("who else has the image, as they told it", blank=True)
    no_secrecy_promised = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["spoke_at"]

    def __str__(self) -> str:
        return f"conversation {self.pk}"
