import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalQuerySet, FinalRecord
from haven.lib.encryption import EncryptedTextField


class DecisionType(models.TextChoices):
    REFER_CSC = "refer_csc", "Refer to children's social care"
    REPORT_POLICE = "report_police", "Report to the police"
    INVOLVE_PARENTS = "involve_parents", "Involve parents or carers"
    DO_NOT_INFORM_PARENTS = "do_not_inform_parents", "Do not inform parents or carers"
    MANAGE_IN_SCHOOL = "manage_in_school", "Manage in school"
    VIEW_IMAGERY = "view_imagery", "View the imagery (exceptional)"
    DEVICES = "devices", "Confiscate or hand over a device"
    TAKEDOWN = "takedown", "Offer help to take the imagery down"
    CONTACT_OTHER_SCHOOL = "contact_other_school", "Contact another school or setting"
    REFERRAL_OVERRIDE = "referral_override", "Do not make a required referral (override)"
    CLOSE_UNFINISHED = "close_unfinished", "Close the case with work not finished"
    OTHER = "other", "Other"


# Decisions with their own page and checks; the general decision form does not offer them.
GUIDED_TYPES = frozenset(
    {
        DecisionType.MANAGE_IN_SCHOOL,
        DecisionType.DO_NOT_INFORM_PARENTS,
        DecisionType.VIEW_IMAGERY,
        DecisionType.REFERRAL_OVERRIDE,
        DecisionType.CLOSE_UNFINISHED,
    }
)
# The guidance gives these to the headteacher to authorise (closing with work not finished is
# Haven's own rule: a second person agrees to leaving anything unsettled).
HEAD_MUST_AGREE = frozenset(
    {
        DecisionType.MANAGE_IN_SCHOOL,
        DecisionType.VIEW_IMAGERY,
        DecisionType.REFERRAL_OVERRIDE,
        DecisionType.CLOSE_UNFINISHED,
    }
)


class HeadAgreement(models.TextChoices):
    NOT_ASKED = "", "Not needed"
    PENDING = "pending", "Waiting for the headteacher"
    AGREED = "agreed", "Agreed by the headteacher"
    DECLINED = "declined", "Declined by the headteacher"


class AgreedWith(models.TextChoices):
    NONE = "", "Nobody"
    CSC = "csc", "Children's social care"
    POLICE = "police", "The police"
    BOTH = "both", "Children's social care and the police"


class Decision(FinalRecord):
    """A decision with its reasons. Never edited: a later decision supersedes it, both are kept.

    Only the headteacher's answer is written later (`MUTABLE_FIELDS`), through
    `services.record_head_agreement`.
    """

    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"head_agreement", "head_comment", "head_by", "head_at"}
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    type = models.CharField(max_length=30, choices=DecisionType.choices)
    decided = EncryptedTextField("what was decided")
    rationale = EncryptedTextField("reasons")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    needs_head_agreement = models.BooleanField(default=False)
    head_agreement = models.CharField(max_length=10, choices=HeadAgreement.choices, blank=True)
    head_comment = EncryptedTextField(blank=True)
    head_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_at = models.DateTimeField(null=True, blank=True)
    # Not telling parents/carers must be agreed with children's social care and/or the police.
    agreed_with = models.CharField(max_length=10, choices=AgreedWith.choices, blank=True)
    agreed_with_detail = EncryptedTextField(blank=True)
    # The immediate-referral criteria met when it was decided (codes). An override covers only
    # these: a criterion met later needs a referral or a new override.
    criteria_when_decided = models.JSONField(default=list, blank=True)
    # For closing with work not finished: what was not settled when it was asked (the codes of
    # `rules.ClosingBlocker.kind`); the agreement covers only those.
    unfinished_when_decided = models.JSONField(default=list, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    objects = FinalQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.decided_at:%Y-%m-%d}"

    @property
    def is_agreed(self) -> bool:
        return not self.needs_head_agreement or self.head_agreement == HeadAgreement.AGREED


class ViewingReason(models.TextChoices):
    """The only reasons the advice allows for viewing imagery."""

    DECIDE_AGENCIES = (
        "decide_agencies",
        "It is the only way to decide whether to involve other agencies",
    )
    REPORT_TAKEDOWN = "report_takedown", "It is needed to report it to have it taken down"
    UNAVOIDABLE = (
        "unavoidable",
        "It was unavoidable (shown directly to staff, or found on a school device)",
    )


class ImageryViewing(models.Model):
    """The exceptional viewing of imagery: why, the head's authorisation, who viewed, who else was
    there, where, and what followed. Haven records the facts of it, never the image."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="viewings")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="viewing")
    reason = models.CharField(max_length=20, choices=ViewingReason.choices)
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    present = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_school_premises = models.BooleanField(default=False)
    viewed_at = models.DateTimeField(null=True, blank=True)
    what_followed = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"viewing {self.pk}"


class ContactMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"
    LETTER = "letter", "By letter or e-mail"
    OTHER = "other", "Another way"


class ParentContact(FinalRecord):
    """A pupil's parent or carer was told: who, when and how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parent_contacts")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    who = EncryptedTextField("who was told")
    told_at = models.DateTimeField()
    method = models.CharField(max_length=12, choices=ContactMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = FinalQuerySet.as_manager()

    class Meta:
        ordering = ["-told_at"]

    def __str__(self) -> str:
        return f"parents told {self.told_at:%Y-%m-%d}"
