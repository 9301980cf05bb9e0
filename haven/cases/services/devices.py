"""Devices held, the support plan, follow-up reviews and the typology for reports."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import (
    Case,
    ConfiscatedDevice,
    Custody,
)
from haven.cases.services.core import (
    CaseError,
    begin,
    check_pupil,
    log_step,
    required_text,
    staff_at_school,
)
from haven.schools.models import Pupil


@transaction.atomic
def record_confiscation(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    description: str,
    confiscated_at: datetime,
    switched_off: bool,
    stored_where: str,
    pupil: Pupil | None = None,
    owner: str = "",
    confiscated_by: User | None = None,
) -> ConfiscatedDevice:
    """A device believed to hold imagery was confiscated: nobody looks at what is on it; it is
    switched off and kept secure. Audit: cases.device_confiscated."""
    begin(case, expected_version)
    check_pupil(case, pupil)
    if pupil is None and not owner.strip():
        raise CaseError("Say whose device it is.")
    if confiscated_at > timezone.now():
        raise CaseError("The time it was taken cannot be in the future.")
    taker = confiscated_by or actor
    staff_at_school(taker, case, "person who took it")
    device = ConfiscatedDevice.objects.create(
        case=case,
        pupil=pupil,
        owner=owner.strip(),
        description=required_text(description, "Describe the device."),
        confiscated_at=confiscated_at,
        confiscated_by=taker,
        switched_off=switched_off,
        stored_where=required_text(stored_where, "Say where it is kept."),
    )
    log_step(
        actor=actor,
        case=case,
        action="cases.device_confiscated",
        summary="Device confiscated and held in school",
        obj=device,
        pupils=[pupil] if pupil else None,
        data={"device": str(device.pk), "switched_off": switched_off},
        occurred_at=confiscated_at,
    )
    return device


@transaction.atomic
def record_device_handover(
    *,
    actor: User,
    device: ConfiscatedDevice,
    expected_version: int,
    custody: Custody,
    handed_to: str,
    handed_at: datetime,
) -> ConfiscatedDevice:
    """The device left the school's keeping: given to the police, or returned. Audit:
    cases.device_handed_over."""
    case = device.case
    begin(case, expected_version)
    if not device.is_held:
        raise CaseError("This device has already been handed over.")
    if custody == Custody.HELD or custody not in Custody.values:
        raise CaseError("Say where the device went.")
    if handed_at > timezone.now() or handed_at < device.confiscated_at:
        raise CaseError("The handover time must be after it was taken and not in the future.")
    device.custody, device.handed_at, device.handed_by = custody, handed_at, actor
    device.handed_to = required_text(handed_to, "Say who it was handed to.")
    device.save(update_fields=["custody", "handed_to", "handed_at", "handed_by"])
    log_step(
        actor=actor,
        case=case,
        action="cases.device_handed_over",
        summary=f"Device: {device.get_custody_display()}",
        obj=device,
        pupils=[device.pupil] if device.pupil else None,
        data={"device": str(device.pk), "custody": str(custody)},
        occurred_at=handed_at,
    )
    return device
