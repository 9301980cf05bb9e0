"""Recording a concern and adding to it: saved once, encrypted, audited, on each chronology."""

import uuid

import pytest
from django.db import connection

from haven.alerts.models import OutboxKind, OutboxMessage
from haven.audit.models import AuditEvent
from haven.cases.models import PupilRole
from haven.chronology.models import ChronologyEntry
from haven.concerns.models import Concern, ConcernAddition, ConcernStatus
from haven.concerns.services import (
    ConcernDetails,
    ConcernError,
    PupilInConcern,
    add_to_concern,
    record_concern,
)
from haven.concerns.tests.conftest import make_concern


def raw_column(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk.hex])  # noqa: S608
        row = cursor.fetchone()
        if row is None:
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [str(pk)])  # noqa: S608
            row = cursor.fetchone()
    return row[0]


def test_a_teachers_concern_is_saved_with_a_reference_audit_chronology_and_outbox(cast):
    concern = make_concern(
        cast,
        pupils=[(cast.pupil, PupilRole.PICTURED), (cast.pupil2, PupilRole.SHARER)],
        narrative="Lex said Sam shared a photo of Lex on Snapchat.",
        platforms=["snapchat"],
    )
    assert concern.reference.startswith("HV-")
    assert len(concern.reference) == 9
    assert concern.status == ConcernStatus.NEW
    assert concern.reported_by == cast.teacher
    event = AuditEvent.objects.get(action="concerns.concern_recorded")
    assert event.actor == cast.teacher
    assert event.school == cast.school
    assert event.object_id == str(concern.pk)
    assert "Snapchat" not in str(event.data)
    assert "Lex" not in str(event.data)
    entries = ChronologyEntry.objects.filter(kind="concern_recorded").order_by("summary")
    assert {(e.pupil_id, e.summary) for e in entries} == {
        (
            cast.pupil.pk,
            f"Concern {concern.reference} recorded by a member of staff (pictured in it)",
        ),
        (
            cast.pupil2.pk,
            f"Concern {concern.reference} recorded by a member of staff (shared it further)",
        ),
    }
    outbox = OutboxMessage.objects.get()
    assert outbox.kind == OutboxKind.CONCERN_RECORDED
    assert outbox.concern == concern


def test_the_narrative_and_what_was_done_are_encrypted_at_rest(cast):
    concern = make_concern(
        cast, narrative="She said it was sent at lunch.", actions_detail="Phone in the safe"
    )
    stored = raw_column("concerns_concern", "narrative", concern.pk)
    assert stored.startswith("v1:")
    assert "lunch" not in stored
    assert "safe" not in raw_column("concerns_concern", "actions_detail", concern.pk)
    assert Concern.objects.get(pk=concern.pk).narrative == "She said it was sent at lunch."


def test_the_same_form_sent_twice_makes_one_concern(cast):
    key = uuid.uuid4()
    first = make_concern(cast, submission_id=key)
    second = record_concern(
        actor=cast.teacher,
        school=cast.school,
        submission_id=key,
        details=ConcernDetails(narrative="changed on resend", urgent=False),
        pupils=[PupilInConcern(cast.pupil, PupilRole.RECIPIENT)],
    )
    assert second.created is False
    assert second.concern == first
    assert Concern.objects.count() == 1
    assert AuditEvent.objects.filter(action="concerns.concern_recorded").count() == 1


def test_two_teachers_may_use_the_same_submission_id_without_colliding(cast):
    key = uuid.uuid4()
    make_concern(cast, submission_id=key)
    make_concern(cast, by=cast.other_teacher, submission_id=key)
    assert Concern.objects.count() == 2


@pytest.mark.parametrize(
    ("narrative", "pupils", "unknown", "message"),
    [
        ("   ", "one", False, "Say what you were told"),
        ("words", "none", False, "Choose the pupils"),
        ("words", "other_school", False, "at the school"),
    ],
)
def test_a_concern_that_cannot_be_saved_says_why(cast, narrative, pupils, unknown, message):
    chosen = {
        "one": [PupilInConcern(cast.pupil, PupilRole.UNKNOWN)],
        "none": [],
        "other_school": [PupilInConcern(cast.pupil_at_school2, PupilRole.UNKNOWN)],
    }[pupils]
    with pytest.raises(ConcernError, match=message):
        record_concern(
            actor=cast.teacher,
            school=cast.school,
            submission_id=uuid.uuid4(),
            details=ConcernDetails(narrative=narrative, urgent=False, pupils_unknown=unknown),
            pupils=chosen,
        )
    assert Concern.objects.count() == 0


def test_a_concern_about_pupils_whose_names_are_not_known_can_be_saved(cast):
    concern = make_concern(cast, pupils=[], pupils_unknown=True)
    assert concern.pupils_unknown
    assert not concern.pupils.exists()


def test_further_information_is_appended_audited_and_alerts_the_team(cast):
    concern = make_concern(cast)
    addition = add_to_concern(
        actor=cast.teacher, concern=concern, text="He also said it was sent on."
    )
    assert ConcernAddition.objects.get().text == "He also said it was sent on."
    assert addition.added_by == cast.teacher
    event = AuditEvent.objects.get(action="concerns.information_added")
    assert event.actor == cast.teacher
    assert event.object_id == str(concern.pk)
    assert ChronologyEntry.objects.filter(kind="concern_added_to", pupil=cast.pupil).exists()
    alerted = set(
        concern.alerts.filter(reason="new_information").values_list("recipient", flat=True)
    )
    assert alerted == {cast.dsl.pk, cast.deputy.pk, cast.head.pk}


def test_further_information_cannot_be_empty(cast):
    concern = make_concern(cast)
    with pytest.raises(ConcernError):
        add_to_concern(actor=cast.teacher, concern=concern, text="  ")
