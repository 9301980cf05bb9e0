"""Searching a device (DfE "Searching, screening and confiscation", 2022): who may authorise it,
evidence kept for the police, what was found in words, and a viewing during a search prompted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from haven.audit.models import AuditEvent
from haven.cases.models import Agency, DeviceSearch, ReferralMethod, SearchOutcome
from haven.cases.rules import case_tasks
from haven.cases.rules.searches import (
    KEEP_FOR_POLICE,
    NOT_AUTHORISED,
    NOT_STAFF,
    SEARCHER_NOT_STAFF,
    SearchAuthority,
    search_refusals,
)
from haven.cases.selectors import load_records
from haven.cases.services import CaseBlocked, record_confiscation, record_referral
from haven.cases.services.searches import record_device_search

FOUND = "A message sending a picture to the year 9 group chat, on 3 December."


def authority(**changes) -> SearchAuthority:
    answers = {
        "authoriser_is_staff": True,
        "authoriser_is_head": False,
        "authoriser_has_heads_authority": False,
        "searcher_is_staff": True,
    } | changes
    return SearchAuthority(**answers)


@pytest.mark.parametrize(
    ("who", "refused"),
    [
        (authority(authoriser_is_head=True), []),
        (authority(authoriser_has_heads_authority=True), []),
        (authority(), [NOT_AUTHORISED]),
        (authority(authoriser_is_staff=False, authoriser_is_head=True), [NOT_STAFF]),
        (authority(authoriser_is_head=True, searcher_is_staff=False), [SEARCHER_NOT_STAFF]),
    ],
)
def test_who_may_authorise_a_search(who, refused):
    assert search_refusals(who, deleting=False, police_involved=False, criteria_met=False) == (
        refused
    )


@pytest.mark.parametrize(
    ("police_involved", "criteria_met", "refused"),
    [(False, False, []), (True, False, [KEEP_FOR_POLICE]), (False, True, [KEEP_FOR_POLICE])],
)
def test_evidence_is_kept_for_the_police_never_deleted(police_involved, criteria_met, refused):
    head = authority(authoriser_is_head=True)
    assert (
        search_refusals(
            head, deleting=True, police_involved=police_involved, criteria_met=criteria_met
        )
        == refused
    )


def search(case, cast, **changes):
    case.refresh_from_db()
    arguments = {
        "actor": cast.dsl,
        "case": case,
        "expected_version": case.version,
        "authorised_by": cast.head,
        "searched_by": cast.dsl,
        "searched_at": timezone.now() - timedelta(hours=1),
        "reason": "Lex said the picture was sent from this phone.",
        "what_searched": "The list of recent messages only.",
        "found": FOUND,
        "outcome": SearchOutcome.KEPT_FOR_POLICE,
        "staff_saw_imagery": False,
        "pupil": cast.pupil,
    } | changes
    return record_device_search(**arguments)


def test_a_search_authorised_by_the_head_is_recorded_beside_the_device(case, cast):
    case.refresh_from_db()
    device = record_confiscation(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        description="Black phone",
        confiscated_at=timezone.now() - timedelta(hours=2),
        switched_off=True,
        stored_where="The safe",
        pupil=cast.pupil,
    )
    recorded = search(case, cast, device=device)
    assert DeviceSearch.objects.get().found == FOUND
    assert list(device.searches.all()) == [recorded]
    event = AuditEvent.objects.get(action="cases.device_searched")
    assert event.data["authorised_by"] == cast.head.pk
    assert event.data["outcome"] == "kept_for_police"
    assert FOUND not in str(event.data)
    keys = [t.key for t in case_tasks(load_records(case).progress())]
    assert "staff_seen" not in keys


def test_a_deputy_without_the_heads_authority_cannot_authorise(case, cast):
    with pytest.raises(CaseBlocked) as refused:
        search(case, cast, authorised_by=cast.deputy)
    assert refused.value.blockers == [NOT_AUTHORISED]
    search(case, cast, authorised_by=cast.deputy, heads_authority=True)
    assert DeviceSearch.objects.get().heads_authority


def test_deleting_is_refused_once_the_police_are_involved(case, cast):
    case.refresh_from_db()
    record_referral(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        agency=Agency.POLICE_101,
        made_at=timezone.now() - timedelta(hours=3),
        method=ReferralMethod.PHONE,
        shared="What Lex told us.",
    )
    with pytest.raises(CaseBlocked) as refused:
        search(case, cast, outcome=SearchOutcome.DELETED)
    assert refused.value.blockers == [KEEP_FOR_POLICE]


def test_staff_seeing_imagery_in_a_search_puts_it_on_the_task_list(case, cast):
    search(case, cast, staff_saw_imagery=True)
    task = next(t for t in case_tasks(load_records(case).progress()) if t.key == "staff_seen")
    assert task.label == "Not recorded"


def test_the_page_records_a_search_and_keeps_what_was_typed_when_refused(case, cast):
    client = signed_in_client(cast.dsl)
    case.refresh_from_db()
    data = {
        "search-version": case.version,
        "search-authorised_by": cast.teacher.pk,
        "search-searched_by": cast.dsl.pk,
        "search-searched_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "search-reason": "Lex said the picture was sent from this phone.",
        "search-what_searched": "The list of recent messages only.",
        "search-found": FOUND,
        "search-outcome": SearchOutcome.KEPT_FOR_POLICE,
        "search-staff_saw_imagery": "no",
    }
    url = reverse("cases:add_search", args=[case.pk])
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Only the headteacher" in refused.text
    assert "the year 9 group chat" in refused.text
    case.refresh_from_db()
    data |= {"search-authorised_by": cast.head.pk, "search-version": case.version}
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("cases:searches", args=[case.pk])).text
    assert "the year 9 group chat" in page
