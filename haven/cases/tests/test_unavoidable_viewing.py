"""An unavoidable viewing by someone outside the safeguarding team: recorded as it happened, with
none of the planned viewing's conditions, and support offered to the member of staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from haven.audit.models import AuditEvent
from haven.cases.models import SupportAction, UnavoidableViewing
from haven.cases.rules import case_tasks
from haven.cases.selectors import load_records
from haven.cases.services import CaseError
from haven.cases.services.viewings import record_unavoidable_viewing

HOW = "Lex held up their phone to show Ms Reid at the start of the lesson."


def record(case, cast, **changes):
    case.refresh_from_db()
    arguments = {
        "actor": cast.dsl,
        "case": case,
        "expected_version": case.version,
        "seen_by": cast.other_teacher,
        "seen_at": timezone.now() - timedelta(hours=2),
        "how": HOW,
        "pupil": cast.pupil,
    } | changes
    return record_unavoidable_viewing(**arguments)


def tasks(case):
    return {t.key: t for t in case_tasks(load_records(case).progress())}


def test_a_class_teacher_who_saw_it_is_recorded_without_a_second_person_or_premises(case, cast):
    assert "staff_seen" not in tasks(case)  # shown only when it applies
    viewing = record(case, cast)
    assert viewing.seen_by == cast.other_teacher
    assert UnavoidableViewing.objects.get().how == HOW
    action = SupportAction.objects.get(case=case)
    assert viewing.support == action
    assert action.owner == cast.dsl
    assert cast.other_teacher.full_name in action.description
    assert action.due_on > timezone.localdate()
    event = AuditEvent.objects.get(action="cases.unavoidable_viewing_recorded")
    assert event.data["seen_by"] == cast.other_teacher.pk
    assert HOW not in str(event.data)
    assert AuditEvent.objects.filter(action="cases.action_added").exists()
    assert tasks(case)["staff_seen"].label == "Support offered"


def test_someone_not_on_haven_is_named_in_words(case, cast):
    viewing = record(case, cast, seen_by=None, seen_by_other="Supply teacher, Mr Okafor")
    assert viewing.who == "Supply teacher, Mr Okafor"


def test_without_support_the_task_list_asks_for_it(case, cast):
    record(case, cast, offer_support=False)
    assert not SupportAction.objects.exists()
    task = tasks(case)["staff_seen"]
    assert task.label == "Support not offered"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seen_by": None}, "Say who saw it"),
        ({"seen_by_other": "Also someone else"}, "not both"),
        ({"how": "  "}, "Say how it happened"),
        ({"seen_at": timezone.now() + timedelta(days=1)}, "cannot be in the future"),
    ],
)
def test_what_is_still_needed(case, cast, changes, message):
    with pytest.raises(CaseError, match=message):
        record(case, cast, **changes)
    assert not UnavoidableViewing.objects.exists()


def test_staff_at_another_school_are_refused(case, cast):
    with pytest.raises(CaseError, match="staff at this school"):
        record(case, cast, seen_by=cast.dsl2)


def test_the_page_records_it_and_lists_it(case, cast):
    client = signed_in_client(cast.dsl)
    case.refresh_from_db()
    response = client.post(
        reverse("cases:add_seen", args=[case.pk]),
        {
            "seen-version": case.version,
            "seen-seen_by": cast.other_teacher.pk,
            "seen-seen_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "seen-how": HOW,
            "seen-offer_support": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:seen", args=[case.pk])).text
    assert "Ms Reid at the start of the lesson" in page
    assert "Support: to do" in page
