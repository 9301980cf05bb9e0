"""Parents or carers told for a group of pupils in one step, with per-pupil exceptions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_pupil, signed_in_client
from haven.audit.models import AuditEvent
from haven.cases.models import (
    Case,
    ContactMethod,
    GroupException,
    ParentContact,
    PupilRole,
    SupportAction,
)
from haven.cases.rules import case_tasks
from haven.cases.selectors import load_records
from haven.cases.services import CaseError, PupilInCase, open_case
from haven.cases.services.group import add_action_for_group, record_parents_told_for_group
from haven.chronology.models import ChronologyEntry


def twelve_pupil_case(cast) -> tuple[Case, list]:
    pupils = [cast.pupil, cast.pupil2] + [
        make_pupil(cast.school, f"D{n:012d}", f"Pupil{n}", "Group") for n in range(10)
    ]
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="A picture shared in a year group chat",
        pupils=[PupilInCase(p, [PupilRole.RECIPIENT]) for p in pupils],
    )
    return case, pupils


def test_all_but_one_pupils_parents_told_in_one_step(cast):
    case, pupils = twelve_pupil_case(cast)
    sam, told = cast.pupil2, [p for p in pupils if p != cast.pupil2]
    record_parents_told_for_group(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        pupils=told,
        who="Parent or carer",
        told_at=timezone.now() - timedelta(hours=1),
        method=ContactMethod.LETTER,
        exceptions={sam: "His mother could not be reached today."},
    )
    assert ParentContact.objects.filter(case=case).count() == 11
    exception = GroupException.objects.get(case=case)
    assert exception.pupil == sam
    assert exception.reason == "His mother could not be reached today."
    records = load_records(case)
    assert sam.pk not in records.pupils_parents_settled()
    parents = next(t for t in case_tasks(records.progress()) if t.key == "parents")
    assert parents.hint == "11 of 12 pupils"
    events = AuditEvent.objects.filter(data__case=str(case.pk))
    group = events.get(action="cases.parents_told_group")
    assert group.data["told"] == 11
    assert group.data["not_told"] == 1
    assert events.get(action="cases.parents_not_yet_told").pupil_id == sam.pk
    # Each pupil's chronology says it, the reason never leaves the encrypted record.
    assert ChronologyEntry.objects.filter(pupil=told[0], kind="parents_told").exists()
    assert ChronologyEntry.objects.filter(pupil=sam, kind="parents_not_yet_told").exists()
    assert "reached" not in str(list(events.values_list("data", flat=True)))


def test_a_pupil_left_out_needs_a_reason(cast):
    case, pupils = twelve_pupil_case(cast)
    with pytest.raises(CaseError, match="Say why Sam"):
        record_parents_told_for_group(
            actor=cast.dsl,
            case=case,
            expected_version=case.version,
            pupils=pupils[:1],
            who="Parent or carer",
            told_at=timezone.now(),
            method=ContactMethod.LETTER,
            exceptions={cast.pupil2: "  "},
        )
    assert not ParentContact.objects.filter(case=case).exists()


def test_a_pupil_from_another_case_is_refused(cast):
    case, _ = twelve_pupil_case(cast)
    with pytest.raises(CaseError, match="pupils in this case"):
        record_parents_told_for_group(
            actor=cast.dsl,
            case=case,
            expected_version=case.version,
            pupils=[cast.pupil_at_school2],
            who="Parent or carer",
            told_at=timezone.now(),
            method=ContactMethod.LETTER,
        )


def test_the_group_page_asks_why_for_each_pupil_left_out_and_keeps_what_was_typed(cast):
    case, pupils = twelve_pupil_case(cast)
    client = signed_in_client(cast.dsl)
    url = reverse("cases:parents_group_told", args=[case.pk])
    ticked = [str(p.pk) for p in pupils if p not in (cast.pupil, cast.pupil2)]
    data = {
        "version": case.version,
        "pupils": ticked,
        "who": "Parent or carer",
        "told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": ContactMethod.LETTER,
        f"why_not_{cast.pupil.pk}": "Lex's carer is away until Monday.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Say why Sam Jones&#x27;s parents or carers were not told." in response.text
    assert "Lex&#x27;s carer is away until Monday." in response.text
    data[f"why_not_{cast.pupil2.pk}"] = "A social worker is involved: we are asking them first."
    response = client.post(url, data)
    assert response.status_code == 302
    assert ParentContact.objects.filter(case=case).count() == 10
    page = client.get(reverse("cases:parents", args=[case.pk])).text
    assert "Not told yet: Lex&#x27;s carer is away until Monday." in page


def test_the_same_support_action_for_several_pupils_is_one_action_each(cast):
    case, pupils = twelve_pupil_case(cast)
    due = timezone.localdate() + timedelta(days=7)
    actions = add_action_for_group(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        pupils=pupils[2:],
        description="A session with the school counsellor.",
        owner=cast.deputy,
        due_on=due,
    )
    assert len(actions) == 10
    assert SupportAction.objects.filter(case=case, owner=cast.deputy, due_on=due).count() == 10
    assert {a.pupil_id for a in actions} == {p.pk for p in pupils[2:]}
    event = AuditEvent.objects.get(action="cases.actions_added_group")
    assert event.data["actions"] == 10
    assert ChronologyEntry.objects.filter(pupil=pupils[5], kind="action_added").exists()
    assert not ChronologyEntry.objects.filter(pupil=cast.pupil, kind="action_added").exists()


def test_the_group_support_page_adds_the_actions(cast):
    case, pupils = twelve_pupil_case(cast)
    client = signed_in_client(cast.dsl)
    assert (
        "Add the same action for several pupils"
        in client.get(reverse("cases:support", args=[case.pk])).text
    )
    response = client.post(
        reverse("cases:add_support_group", args=[case.pk]),
        {
            "group-version": case.version,
            "group-pupils": [p.pk for p in pupils[:3]],
            "group-description": "A check-in with their head of year.",
            "group-owner": cast.dsl.pk,
            "group-due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert SupportAction.objects.filter(case=case).count() == 3
