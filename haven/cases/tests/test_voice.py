"""Talking with each young person: their views and wishes in their words, who else has the
image, no promise of secrecy; each pupil on the task list until their conversation is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from haven.audit.models import AuditEvent
from haven.cases.models import PupilConversation
from haven.cases.rules import CaseProgress, TaskStatus, case_tasks
from haven.cases.selectors import load_records
from haven.cases.services import CaseError
from haven.cases.services.voice import SECRECY, record_conversation
from haven.chronology.models import ChronologyEntry

WORDS = "I just want it gone. I don't want my mum to find out from someone else."


def talk(case, cast, **changes):
    case.refresh_from_db()
    arguments = {
        "actor": cast.dsl,
        "case": case,
        "expected_version": case.version,
        "pupil": cast.pupil,
        "spoke_at": timezone.now() - timedelta(hours=1),
        "spoken_by": cast.dsl,
        "views_and_wishes": WORDS,
        "who_else_has_it": "Sam, and maybe two boys in year 10.",
        "no_secrecy_promised": True,
    } | changes
    return record_conversation(**arguments)


def voice_tasks(case):
    return [t for t in case_tasks(load_records(case).progress()) if t.key == "voice"]


def test_each_pupil_is_on_the_task_list_until_their_conversation_is_recorded(case, cast):
    assert [t.name for t in voice_tasks(case)] == ["Talk with Lex Morgan", "Talk with Sam Jones"]
    talk(case, cast)
    [left] = voice_tasks(case)
    assert left.name == "Talk with Sam Jones"
    assert left.item == str(cast.pupil2.pk)
    assert left.anchor == f"voice-{cast.pupil2.pk}"
    talk(case, cast, pupil=cast.pupil2, who_else_has_it="")
    [done] = voice_tasks(case)
    assert done.status == TaskStatus.DONE


def test_a_conversation_is_recorded_with_its_audit_and_chronology(case, cast):
    conversation = talk(case, cast, others_present="Their form tutor")
    assert PupilConversation.objects.get().views_and_wishes == WORDS
    assert conversation.others_present == "Their form tutor"
    event = AuditEvent.objects.get(action="cases.conversation_recorded")
    assert event.pupil_id == cast.pupil.pk
    assert WORDS not in str(event.data)
    entry = ChronologyEntry.objects.get(pupil=cast.pupil, kind="conversation_recorded")
    assert WORDS not in entry.summary


def test_a_promise_of_secrecy_is_refused_with_what_to_do(case, cast):
    with pytest.raises(CaseError) as refused:
        talk(case, cast, no_secrecy_promised=False)
    assert str(refused.value) == SECRECY
    assert not PupilConversation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"views_and_wishes": " "}, "in their own words"),
        ({"spoke_at": timezone.now() + timedelta(days=1)}, "cannot be in the future"),
    ],
)
def test_what_a_conversation_needs(case, cast, changes, message):
    with pytest.raises(CaseError, match=message):
        talk(case, cast, **changes)


def test_a_pupil_from_elsewhere_or_staff_from_another_school_are_refused(case, cast):
    with pytest.raises(CaseError, match="pupil in this case"):
        talk(case, cast, pupil=cast.pupil_at_school2)
    with pytest.raises(CaseError, match="member of staff at this school"):
        talk(case, cast, spoken_by=cast.dsl2)


def test_no_voice_task_without_pupils():
    assert "voice" not in [t.key for t in case_tasks(CaseProgress())]


def test_the_case_page_links_each_pupil_to_the_form_with_them_chosen(case, cast):
    client = signed_in_client(cast.dsl)
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    link = f"{reverse('cases:voice', args=[case.pk])}?pupil={cast.pupil2.pk}"
    assert link in page
    assert f'id="task-voice-{cast.pupil2.pk}-status"' in page
    form = client.get(link).text
    assert f'<option value="{cast.pupil2.pk}" selected>' in form


def test_the_page_records_a_conversation_and_keeps_what_was_typed_when_refused(case, cast):
    client = signed_in_client(cast.dsl)
    case.refresh_from_db()
    data = {
        "talk-version": case.version,
        "talk-pupil": cast.pupil.pk,
        "talk-spoken_by": cast.dsl.pk,
        "talk-spoke_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "talk-views_and_wishes": WORDS,
    }
    url = reverse("cases:add_conversation", args=[case.pk])
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "never promise" in refused.text
    assert "I just want it gone." in refused.text
    data["talk-no_secrecy_promised"] = "on"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("cases:voice", args=[case.pk])).text
    assert "In their words: I just want it gone." in page
