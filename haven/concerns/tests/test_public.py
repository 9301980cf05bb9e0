"""The contract the public pages rely on: reports, additions, status and replies."""

import pytest

from haven.alerts import outbox
from haven.alerts.models import Alert
from haven.audit.models import AuditEvent
from haven.concerns.models import ConcernSource, ConcernStatus, PublicReport
from haven.concerns.services import (
    ConcernError,
    PublicReportNotFound,
    acknowledge_concern,
    add_to_public_report,
    public_report_status,
    record_public_report,
    reply_to_public_report,
)


@pytest.fixture
def report(cast):
    return record_public_report(
        school=cast.school,
        source="parent",
        narrative="My daughter was asked to send a photo.",
        child_description="Year 8 girl, Oak form",
        contact_name="Pat Parent",
        contact_method="phone",
        contact_detail="07700 900123",
        anonymous=False,
        urgent=True,
    )


def test_a_parents_report_lands_in_the_inbox_marked_as_from_a_parent(cast, report):
    concern = report.concern
    assert concern.source == ConcernSource.PARENT
    assert concern.reported_by is None
    assert concern.urgent
    assert concern.status == ConcernStatus.NEW
    assert not concern.pupils.exists()
    assert report.reference == concern.reference
    details = PublicReport.objects.get(concern=concern)
    assert details.contact_detail == "07700 900123"
    assert details.child_description.startswith("Year 8")
    event = AuditEvent.objects.get(action="concerns.public_report_received")
    assert event.actor is None
    assert event.ip_address is None
    outbox.deliver_due()
    assert Alert.objects.filter(concern=concern, reason="new_concern").count() == 3


def test_only_a_hash_of_the_secret_code_is_kept(report):
    stored = PublicReport.objects.get(concern=report.concern).secret_code_hash
    assert report.secret_code.replace("-", "") not in stored
    assert len(report.secret_code) == 14  # ABCD-EFGH-JKLM


def test_an_anonymous_report_keeps_no_contact_details(cast):
    receipt = record_public_report(
        school=cast.school,
        source="pupil",
        narrative="Help",
        child_description="",
        contact_name="Me",
        contact_detail="me@example.com",
        anonymous=True,
    )
    details = receipt.concern.public_report
    assert details.anonymous
    assert details.contact_name == ""
    assert details.contact_detail == ""


def test_the_reporter_sees_only_the_status_and_the_schools_replies(cast, report):
    view = public_report_status(reference=report.reference, secret_code=report.secret_code)
    assert view.status == "received"
    assert view.replies == []
    acknowledge_concern(actor=cast.dsl, concern=report.concern)
    reply_to_public_report(actor=cast.dsl, concern=report.concern, text="Thank you. We are on it.")
    view = public_report_status(
        reference=report.reference.lower(), secret_code=report.secret_code.lower().replace("-", " ")
    )
    assert view.status == "being handled"
    assert [r.text for r in view.replies] == ["Thank you. We are on it."]
    assert set(vars(view)) == {"reference", "status", "replies"}
    assert AuditEvent.objects.filter(action="concerns.public_reply_sent", actor=cast.dsl).exists()


def test_a_reply_before_the_inbox_is_cleared_still_tells_the_reporter_it_is_being_handled(
    cast, report
):
    reply_to_public_report(
        actor=cast.dsl, concern=report.concern, text="We are dealing with this today."
    )
    view = public_report_status(reference=report.reference, secret_code=report.secret_code)
    assert view.status == "being handled"


def test_a_wrong_code_and_a_missing_reference_give_the_same_answer(report):
    with pytest.raises(PublicReportNotFound) as wrong_code:
        public_report_status(reference=report.reference, secret_code="AAAA-BBBB-CCCC")
    with pytest.raises(PublicReportNotFound) as missing:
        public_report_status(reference="HV-ZZZZZZ", secret_code=report.secret_code)
    assert str(wrong_code.value) == str(missing.value)


def test_a_staff_concerns_reference_cannot_be_read_as_a_public_report(cast):
    from haven.concerns.tests.conftest import make_concern

    concern = make_concern(cast)
    with pytest.raises(PublicReportNotFound):
        public_report_status(reference=concern.reference, secret_code="ABCD-EFGH-JKLM")


def test_the_reporter_can_add_more_and_the_team_is_alerted(cast, report):
    concern = add_to_public_report(
        reference=report.reference, secret_code=report.secret_code, text="It happened again."
    )
    assert concern.additions.get().added_by is None
    assert Alert.objects.filter(concern=concern, reason="new_information").count() == 3
    with pytest.raises(PublicReportNotFound):
        add_to_public_report(reference=report.reference, secret_code="WRONG", text="x")


def test_replies_come_only_from_the_schools_team(cast, report):
    with pytest.raises(ConcernError):
        reply_to_public_report(actor=cast.teacher, concern=report.concern, text="Hello")
    with pytest.raises(ConcernError):
        reply_to_public_report(actor=cast.dsl2, concern=report.concern, text="Hello")


def test_a_report_needs_words_and_a_known_source(cast):
    with pytest.raises(ConcernError):
        record_public_report(
            school=cast.school, source="parent", narrative=" ", child_description="", anonymous=True
        )
    with pytest.raises(ConcernError):
        record_public_report(
            school=cast.school, source="police", narrative="x", child_description="", anonymous=True
        )


def test_a_report_checked_at_another_schools_page_is_not_found_and_not_audited(cast, report):
    from haven.audit.models import AuditEvent

    before = AuditEvent.objects.filter(action="concerns.public_report_viewed").count()
    with pytest.raises(PublicReportNotFound):
        public_report_status(
            reference=report.reference, secret_code=report.secret_code, school=cast.school2
        )
    after = AuditEvent.objects.filter(action="concerns.public_report_viewed").count()
    assert after == before
