import uuid

from django.conf import settings
from django.db import models

from haven.cases.rules.outcomes import partner_of
from haven.lib.encryption import EncryptedTextField


class Agency(models.TextChoices):
    CSC = "csc", "Children's social care (MASH or front door)"
    POLICE_101 = "police_101", "Police, by 101"
    POLICE_999 = "police_999", "Police, by 999"
    CEOP = "ceop", "CEOP (National Crime Agency)"
    LADO = "lado", "Local authority designated officer (LADO)"
    OTHER_SCHOOL = "other_school", "Another school or setting"


# A referral to one of these answers a required referral (GUIDANCE.md: children's social care
# and/or the police).
STATUTORY_AGENCIES = frozenset({Agency.CSC, Agency.POLICE_101, Agency.POLICE_999})


class ReferralMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    ONLINE = "online", "Online form or portal"
    EMAIL = "email", "Secure e-mail"
    IN_PERSON = "in_person", "In person"


class Referral(models.Model):
    """A referral made to another agency, its acknowledgement and what came of it.

    What was made (agency, time, method, who, what was shared) is fixed once recorded; the
    acknowledgement and the outcome are added later, each through its own service.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    made_at = models.DateTimeField()
    method = models.CharField(max_length=12, choices=ReferralMethod.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reference_number = models.CharField(max_length=60, blank=True)
    shared = EncryptedTextField("what was shared")
    recorded_at = models.DateTimeField()
    acknowledgement_due = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # No acknowledgement came: when the school chased it, and what it did (the guidance says to
    # follow up, and escalate if the child's situation does not improve).
    chased_at = models.DateTimeField(null=True, blank=True)
    chase_note = EncryptedTextField("how it was chased", blank=True)
    outcome = EncryptedTextField(blank=True)
    feedback = EncryptedTextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} {self.made_at:%Y-%m-%d}"

    @property
    def counts_as_required_referral(self) -> bool:
        return self.agency in STATUTORY_AGENCIES

    @property
    def has_partner_outcomes(self) -> bool:
        """Children's social care and the police say what they decided in their own terms
        (`PartnerOutcome`); other agencies' outcomes are recorded in words."""
        return partner_of(self.agency) is not None

    @property
    def is_answered(self) -> bool:
        """Acknowledged, or chased when no acknowledgement came."""
        return self.acknowledged_at is not None or self.chased_at is not None
