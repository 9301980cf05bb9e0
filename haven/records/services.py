"""Every change to retention: the school's policy, legal holds, and deleting a record for good.

Deleting removes the words: the pupil, their concerns and cases (with everything written in them)
and their chronology are deleted, their bytes overwritten on SQLite (haven.records.erasure). The
audit log keeps one event per pupil, `records.record_deleted`: by whom, under which rule, and
counts. Audit events never held narrative, so the chain stays whole and verifiable.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.installation import installation_id
from haven.audit.services import record
from haven.cases.models import Case
from haven.chronology.services import add_entry
from haven.concerns.models import Concern
from haven.lib.errors import Refused
from haven.records import erasure, rules, sealing, selectors, transfer, transfers
from haven.records.models import (
    LegalHold,
    PartnerSchool,
    ReceivedFile,
    RetentionPolicy,
    SentFile,
)
from haven.schools.models import Pupil, School
from haven.schools.services import add_pupil

MAX_REASON = 2000


class RecordsRefused(Refused):
    """A retention change the rules do not allow; the message says why."""


class RecordNotDeleted(RecordsRefused):
    def __init__(self, blockers: list[str]) -> None:
        super().__init__(" ".join(blockers))
        self.blockers = blockers


@transaction.atomic
def set_retention_years(
    *, actor: User, school: School, years: int, context: AuditContext | None = None
) -> RetentionPolicy:
    if problem := rules.valid_years(years):
        raise RecordsRefused(problem)
    before = selectors.years_of(school)
    policy, _ = RetentionPolicy.objects.update_or_create(
        school=school, defaults={"years_after_birth": years, "changed_by": actor}
    )
    record(
        "records.retention_policy_set",
        actor=actor,
        school=school,
        obj=policy,
        context=context,
        data={"years_after_birth": years, "before": before},
    )
    return policy


@transaction.atomic
def place_hold(
    *, actor: User, pupil: Pupil, reason: str, context: AuditContext | None = None
) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise RecordsRefused("Say why the record must be kept: the inquiry or proceedings.")
    # Lock the pupil row: two people placing a hold at once get one hold and one refusal.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    if selectors.hold_on(pupil) is not None:
        raise RecordsRefused(f"{pupil.display_name}'s record is already under legal hold.")
    hold = LegalHold.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        reason=reason[:MAX_REASON],
        placed_by=actor,
        placed_at=timezone.now(),
    )
    record(
        "records.legal_hold_placed",
        actor=actor,
        school=pupil.school_id,
        pupil=pupil,
        obj=hold,
        context=context,
    )
    return hold


@transaction.atomic
def release_hold(*, actor: User, pupil: Pupil, context: AuditContext | None = None) -> LegalHold:
    hold = (
        LegalHold.objects.select_for_update().filter(pupil=pupil, released_at__isnull=True).first()
    )
    if hold is None:
        raise RecordsRefused(f"{pupil.display_name}'s record is not under legal hold.")
    hold.released_by = actor
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_by", "released_at"])
    record(
        "records.legal_hold_released",
        actor=actor,
        school=pupil.school_id,
        pupil=pupil,
        obj=hold,
        context=context,
    )
    return hold


@dataclass(frozen=True)
class Deleted:
    pupils: int
    cases: int
    concerns: int
    rows: int


@transaction.atomic
def delete_record(
    *,
    actor: User,
    pupil: Pupil,
    confirm_upn: str,
    context: AuditContext | None = None,
    today: date | None = None,
) -> Deleted:
    """Delete the pupil's record for good, with the records it shares a concern or case with
    (each must be due and free of holds), once the UPN typed matches."""
    if confirm_upn.strip().upper() != pupil.upn.upper():
        raise RecordsRefused("Type the pupil's UPN exactly to confirm the deletion.")
    today = today or timezone.localdate()
    years = selectors.years_of(pupil.school)
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    group = selectors.record_group(pupil)
    blockers = [
        reason
        for member in group
        for reason in rules.deletion_blockers(selectors.state_of(member, years), today)
    ]
    if blockers:
        raise RecordNotDeleted(blockers)
    counts = selectors.record_counts(group)
    for member in group:
        record(
            "records.record_deleted",
            actor=actor,
            school=member.school_id,
            pupil=member,
            context=context,
            data={
                "rule": rules.RULE_YEARS_AFTER_BIRTH,
                "years_after_birth": years,
                "review_date": rules.review_date(member.date_of_birth, years).isoformat(),
                "with_pupils": len(group) - 1,
                **counts,
            },
        )
    erasure.overwrite_deleted_rows()
    cases = Case.objects.filter(case_pupils__pupil__in=group).distinct()
    concerns = Concern.objects.filter(Q(concern_pupils__pupil__in=group) | Q(case__in=cases))
    concern_ids = list(concerns.values_list("pk", flat=True).distinct())
    removed = erasure.erase(Case.objects.filter(pk__in=list(cases.values_list("pk", flat=True))))
    erasure.erase(Concern.objects.filter(pk__in=concern_ids), removed)
    erasure.erase(Pupil.objects.filter(pk__in=[member.pk for member in group]), removed)
    transaction.on_commit(erasure.flush_sqlite_log)
    return Deleted(len(group), counts["cases"], counts["concerns"], sum(removed.values()))


# Transfer to the next school (haven.records.transfer makes and checks the package)


@transaction.atomic
def export_cp_file(
    *,
    actor: User | None,
    pupil: Pupil,
    to_school: str,
    out: Path,
    context: AuditContext | None = None,
) -> SentFile:
    """Write the pupil's child protection file for their next school into the folder `out`."""
    to_school = to_school.strip()
    if not to_school:
        raise RecordsRefused("Name the school the pupil is moving to.")
    package_id = str(uuid.uuid4())
    file = transfer.build(
        pupil, to_school=to_school, package_id=package_id, installation=installation_id()
    )
    pdf = transfer.render(file)
    files = transfer.files_of(file, pdf)
    partner = PartnerSchool.objects.filter(
        school_id=pupil.school_id, name__iexact=to_school
    ).first()
    if partner is None:
        transfer.write_files(out, files)
    else:  # to another Haven whose key we hold: only ciphertext leaves this Haven
        transfer.write_files(out, {sealing.SEALED_FILE: sealing.seal(files, partner.public_key)})
    sent = SentFile.objects.create(
        id=package_id,
        school_id=pupil.school_id,
        pupil=pupil,
        to_school=to_school[:200],
        sent_by=actor,
        sent_at=timezone.now(),
        file_sha256=hashlib.sha256(files[transfer.JSON_FILE]).hexdigest(),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    record(
        "records.cp_file_exported",
        actor=actor,
        school=pupil.school_id,
        pupil=pupil,
        obj=sent,
        context=context,
        data={
            "concerns": len(file["concerns"]),
            "cases": len(file["cases"]),
            "sealed": partner is not None,
        },
    )
    transfers.mark_package_sent(sent=sent, sealed=partner is not None, pdf=pdf)
    return sent


@transaction.atomic
def add_partner_school(
    *,
    actor: User | None,
    school: School,
    name: str,
    public_key: str,
    context: AuditContext | None = None,
) -> PartnerSchool:
    """Keep the receiving school's public key (given out of band): packages to it are sealed."""
    name = name.strip()
    if not name:
        raise RecordsRefused("Name the partner school, as its packages will name it.")
    raw = sealing.parse_public_key(public_key)
    partner, _ = PartnerSchool.objects.update_or_create(
        school=school,
        name=name[:200],
        defaults={
            "public_key": public_key.strip(),
            "fingerprint": transfer.fingerprint(raw),
            "added_by": actor,
            "added_at": timezone.now(),
        },
    )
    record(
        "records.partner_school_added",
        actor=actor,
        school=school,
        obj=partner,
        context=context,
        data={"fingerprint": partner.fingerprint},
    )
    return partner


def _pupil_for(actor: User | None, school: School, details: dict[str, Any]) -> Pupil:
    found = Pupil.objects.filter(school=school, upn=details["upn"]).first()
    if found is not None:
        return found
    return add_pupil(
        actor=actor,
        school=school,
        upn=str(details["upn"])[:13],
        legal_first_name=str(details["legal_first_name"])[:100],
        legal_last_name=str(details["legal_last_name"])[:100],
        preferred_first_name=str(details.get("preferred_first_name") or "")[:100],
        preferred_last_name=str(details.get("preferred_last_name") or "")[:100],
        date_of_birth=date.fromisoformat(details["date_of_birth"]),
        gender=str(details.get("gender") or "")[:30],
    )


@transaction.atomic
def import_cp_file(
    *, actor: User | None, school: School, folder: Path, context: AuditContext | None = None
) -> ReceivedFile:
    """Check and import a package from the pupil's previous school: the pupil's chronology here
    starts with the history, each entry marked as received from that school."""
    names = [school.name, school.urn]
    sealed = folder / sealing.SEALED_FILE
    if sealed.is_file():
        file, signer = transfer.read_files(
            sealing.unseal(sealed.read_bytes(), school), for_school=names
        )
    else:
        file, signer = transfer.read(folder, for_school=names)
    if ReceivedFile.objects.filter(package_id=file["package_id"]).exists():
        raise transfer.PackageRefused("this package was imported already")
    try:
        pupil = _pupil_for(actor, school, file["pupil"])
        sender = str(file["from"]["school"])[:200]
        received = ReceivedFile.objects.create(
            package_id=file["package_id"],
            school=school,
            pupil=pupil,
            from_school=sender,
            signed_by=signer,
            received_by=actor,
            received_at=timezone.now(),
            content=json.dumps(file, ensure_ascii=False),
        )
        for entry in file["chronology"]:
            add_entry(
                pupils=[pupil],
                kind="records.received",
                summary=f"From {sender}: {entry['summary']}",
                occurred_at=datetime.fromisoformat(entry["occurred_at"]),
                obj=received,
            )
    except (KeyError, TypeError, ValueError):
        raise transfer.PackageRefused("the package's file is incomplete") from None
    add_entry(
        pupils=[pupil],
        kind="records.file_received",
        summary=f"Child protection file received from {sender}",
        occurred_at=received.received_at,
        recorded_by=actor,
        obj=received,
    )
    record(
        "records.cp_file_imported",
        actor=actor,
        school=school,
        pupil=pupil,
        obj=received,
        context=context,
        data={"concerns": len(file["concerns"]), "cases": len(file["cases"])},
    )
    return received
