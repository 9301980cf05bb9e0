"""Acknowledging and triaging a concern: each step audited and on each pupil's chronology."""

import pytest

from conftest import make_pupil
from haven.alerts import outbox
from haven.alerts.models import Alert
from haven.audit.models import AuditEvent
from haven.cases.models import Case, CasePupil, PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.chronology.models import ChronologyEntry
from haven.concerns.models import ConcernStatus
from haven.concerns.services import (
    ConcernError,
    acknowledge_concern,
    add_concern_to_case,
    link_pupil,
    open_case_from_concern,
    record_no_further_action,
    record_public_report,
)
from haven.concerns.tests.conftest import make_concern


@pytest.fixture
def concern(cast):
    made = make_concern(
        cast, pupils=[(cast.pupil, PupilRole.PICTURED), (cast.pupil2, PupilRole.SENDER)]
    )
    outbox.deliver_due()
    return made


def test_acknowledging_stops_the_alerts_and_is_recorded_once(cast, concern):
    acknowledge_concern(actor=cast.dsl, concern=concern)
    acknowledge_concern(actor=cast.deputy, concern=concern)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED
    assert concern.acknowledged_by == cast.dsl
    assert not Alert.objects.filter(concern=concern, acknowledged_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="concerns.concern_acknowledged").count() == 1
    assert ChronologyEntry.objects.filter(kind="concern_acknowledged").count() == 2


def test_opening_a_case_takes_the_concerns_pupils_and_their_parts(cast, concern):
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Shared photo, Year 9")
    concern.refresh_from_db()
    assert concern.case == case
    assert concern.status == ConcernStatus.IN_CASE
    assert concern.triaged_by == cast.dsl
    assert concern.acknowledged_at is not None
    roles = dict(CasePupil.objects.filter(case=case).values_list("pupil_id", "roles"))
    assert roles == {cast.pupil.pk: ["pictured"], cast.pupil2.pk: ["sender"]}
    event = AuditEvent.objects.get(action="concerns.concern_triaged")
    assert event.data == {"outcome": "new_case", "case": str(case.pk)}
    assert AuditEvent.objects.filter(action="cases.case_opened").exists()
    line = ChronologyEntry.objects.get(kind="concern_new_case", pupil=cast.pupil)
    assert line.case == case
    assert case.reference in line.summary


def test_a_concern_is_triaged_only_once(cast, concern):
    open_case_from_concern(actor=cast.dsl, concern=concern, title="Case")
    with pytest.raises(ConcernError, match="already been triaged"):
        record_no_further_action(actor=cast.deputy, concern=concern, reason="Duplicate")


def test_adding_to_an_open_case_adds_any_pupil_not_yet_in_it(cast, concern):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Earlier",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    add_concern_to_case(actor=cast.deputy, concern=concern, case=case)
    concern.refresh_from_db()
    assert concern.case == case
    assert set(case.pupils.all()) == {cast.pupil, cast.pupil2}
    event = AuditEvent.objects.get(action="concerns.concern_triaged")
    assert event.data["outcome"] == "existing_case"
    assert event.actor == cast.deputy
    assert ChronologyEntry.objects.filter(kind="concern_existing_case").count() == 2


def test_a_concern_cannot_join_another_schools_case_or_a_closed_one(cast, concern):
    elsewhere = open_case(actor=cast.dsl2, school=cast.school2, title="Elsewhere", pupils=[])
    with pytest.raises(ConcernError, match="open case at this school"):
        add_concern_to_case(actor=cast.dsl, concern=concern, case=elsewhere)
    closed = open_case(actor=cast.dsl, school=cast.school, title="Done", pupils=[])
    Case.objects.filter(pk=closed.pk).update(status="closed")
    closed.refresh_from_db()
    with pytest.raises(ConcernError):
        add_concern_to_case(actor=cast.dsl, concern=concern, case=closed)


def test_no_further_action_needs_a_reason_kept_encrypted_and_on_the_chronology(cast, concern):
    with pytest.raises(ConcernError, match="why"):
        record_no_further_action(actor=cast.dsl, concern=concern, reason=" ")
    record_no_further_action(actor=cast.dsl, concern=concern, reason="A drawing, not an image.")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NO_FURTHER_ACTION
    assert concern.no_further_action_reason == "A drawing, not an image."
    event = AuditEvent.objects.get(action="concerns.concern_triaged")
    assert event.data["outcome"] == "no_further_action"
    assert "drawing" not in str(event.data)
    assert ChronologyEntry.objects.filter(kind="concern_no_further_action").count() == 2


def test_a_case_cannot_be_opened_before_any_pupil_is_linked(cast):
    report = record_public_report(
        school=cast.school,
        source="parent",
        narrative="My son was sent a photo.",
        child_description="Year 9 boy",
        anonymous=True,
    )
    with pytest.raises(ConcernError, match="Link the pupils"):
        open_case_from_concern(actor=cast.dsl, concern=report.concern, title="Report")


def test_linking_a_pupil_puts_the_report_on_their_chronology_at_the_time_it_was_made(cast):
    report = record_public_report(
        school=cast.school,
        source="pupil",
        narrative="Someone has my photo.",
        child_description="me",
        anonymous=True,
    )
    link_pupil(actor=cast.dsl, concern=report.concern, pupil=cast.pupil, role=PupilRole.PICTURED)
    link_pupil(actor=cast.dsl, concern=report.concern, pupil=cast.pupil, role=PupilRole.PICTURED)
    entry = ChronologyEntry.objects.get(pupil=cast.pupil, kind="concern_recorded")
    assert entry.occurred_at == report.concern.created_at
    assert "from a pupil (pictured in it)" in entry.summary
    event = AuditEvent.objects.get(action="concerns.pupil_linked")
    assert event.pupil_id == cast.pupil.pk
    with pytest.raises(ConcernError):
        link_pupil(
            actor=cast.dsl,
            concern=report.concern,
            pupil=cast.pupil_at_school2,
            role=PupilRole.UNKNOWN,
        )


def test_a_pupil_linked_after_triage_joins_the_case_too(cast, concern):
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Case")
    extra = make_pupil(cast.school, "D123456789012", "Dee", "Extra")
    link_pupil(actor=cast.dsl, concern=concern, pupil=extra, role=PupilRole.RECIPIENT)
    assert CasePupil.objects.get(case=case, pupil=extra).roles == ["recipient"]
