import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class Custody(models.TextChoices):
    HELD = "held", "Held in school"
    POLICE = "police", "Given to the police"
    RETURNED_PUPIL = "returned_pupil", "Returned to the young person"
    RETURNED_PARENT = "returned_parent", "Returned to a parent or carer"


class ConfiscatedDevice(models.Model):
    """A device believed to hold imagery: whose, what, who took it, switched off, where it is kept,
    and who it went to, so that custody is always known. Nobody looks at what is on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="devices")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who owns it, what it is, where it is kept and who took it can identify people: encrypted.
    owner = EncryptedTextField("whose, if not a pupil's", max_length=100, blank=True)
    description = EncryptedTextField(max_length=120)
    confiscated_at = models.DateTimeField()
    confiscated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    switched_off = models.BooleanField()
    stored_where = EncryptedTextField(max_length=120)
    custody = models.CharField(max_length=20, choices=Custody.choices, default=Custody.HELD)
    handed_to = EncryptedTextField(max_length=120, blank=True)
    handed_at = models.DateTimeField(null=True, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-confiscated_at"]

    def __str__(self) -> str:
        return f"device {self.pk}"  # never the description: __str__ reaches logs

    @property
    def is_held(self) -> bool:
        return self.custody == Custody.HELD
