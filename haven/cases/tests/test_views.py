"""The case pages for each role: the team sees them, everyone else gets 404; forms keep what was
typed when refused; query counts stay constant as cases grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.cases.models import (
    ActionStatus,
    Agency,
    CaseStatus,
    Decision,
    HeadAgreement,
    InitialReview,
    ReferralMethod,
)
from haven.cases.services import (
    add_action,
    decide_manage_in_school,
    record_referral,
    schedule_follow_up,
)
from haven.cases.tests.conftest import review

pytestmark = pytest.mark.django_db

PAGES = [
    "detail",
    "review",
    "decisions",
    "manage_in_school",
    "parents",
    "imagery",
    "referrals",
    "takedown",
    "devices",
    "support",
    "typology",
    "close",
]
OUTSIDERS = ["teacher", "other_teacher", "office", "trust_lead", "dsl2", "teacher2"]


def url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.pk, *args])


def v(case):
    case.refresh_from_db()
    return case.version


@pytest.mark.parametrize("who", ["dsl", "deputy", "head"])
@pytest.mark.parametrize("page", PAGES)
def test_the_safeguarding_team_sees_every_case_page(client_for, cast, reviewed, who, page):
    response = client_for(getattr(cast, who)).get(url(page, reviewed))
    assert response.status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page", PAGES)
def test_everyone_else_gets_not_found(client_for, cast, reviewed, who, page):
    response = client_for(getattr(cast, who)).get(url(page, reviewed))
    assert response.status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_else_cannot_post_a_change(client_for, cast, reviewed, who):
    response = client_for(getattr(cast, who)).post(
        url("book_follow_up", reviewed),
        {"follow-up-version": v(reviewed), "follow-up-due_on": "2099-01-01"},
    )
    assert response.status_code == 404
    assert not reviewed.follow_ups.exists()


@pytest.mark.parametrize("who", ["teacher", "office", "trust_lead"])
def test_the_case_list_is_not_found_for_anyone_off_a_team(client_for, cast, who):
    assert client_for(getattr(cast, who)).get(reverse("cases:list")).status_code == 404


def test_the_case_list_shows_the_schools_cases_only(client_for, cast, reviewed):
    body = client_for(cast.dsl).get(reverse("cases:list")).content.decode()
    assert reviewed.reference in body
    other_school = client_for(cast.dsl2).get(reverse("cases:list")).content.decode()
    assert reviewed.reference not in other_school


def test_viewing_a_case_is_audited(client_for, cast, reviewed):
    from haven.audit.models import AuditEvent

    client_for(cast.deputy).get(url("detail", reviewed))
    assert (
        AuditEvent.objects.filter(action="cases.case_viewed", object_id=str(reviewed.pk)).count()
        == 1
    )


def test_the_case_page_says_who_else_is_looking(client_for, cast, reviewed):
    client_for(cast.dsl).get(url("detail", reviewed))
    body = client_for(cast.deputy).get(url("detail", reviewed)).content.decode()
    assert "Dina Lead is also looking at this case." in body
    polled = client_for(cast.dsl).post(url("viewers", reviewed), {"version": reviewed.version})
    assert "Derek Deputy is also looking at this case." in polled.content.decode()
    assert "<html" not in polled.content.decode()


def test_the_poll_says_when_the_case_changed_since_the_page_was_drawn(client_for, cast, reviewed):
    drawn = reviewed.version
    review(reviewed, cast.deputy)
    polled = client_for(cast.dsl).post(url("viewers", reviewed), {"version": drawn})
    assert "Someone has changed this case" in polled.content.decode()


def test_the_head_answers_on_their_own_page_and_others_get_not_found(client_for, cast, reviewed):
    decision = decide_manage_in_school(
        actor=cast.dsl, case=reviewed, expected_version=v(reviewed), decided="x", rationale="y"
    )
    page = url("head_agreement", reviewed, decision.pk)
    for who in ("dsl", "deputy", "dsl2", "teacher"):
        assert client_for(getattr(cast, who)).get(page).status_code == 404
    head = client_for(cast.head)
    assert reviewed.reference in head.get(reverse("cases:agreements")).content.decode()
    response = head.post(page, {"version": v(reviewed), "agreed": "yes", "comment": ""})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.head_agreement == HeadAgreement.AGREED


def test_a_stale_form_is_refused_with_the_text_kept_and_the_new_version(client_for, cast, reviewed):
    stale = v(reviewed)
    first = client_for(cast.dsl).post(
        url("add_decision", reviewed),
        {
            "decision-version": stale,
            "decision-type": "other",
            "decision-decided": "Speak to both families together",
            "decision-rationale": "They asked for it",
        },
    )
    assert first.status_code == 302
    second = client_for(cast.deputy).post(
        url("add_decision", reviewed),
        {
            "decision-version": stale,
            "decision-type": "other",
            "decision-decided": "Speak to each family apart",
            "decision-rationale": "The deputy's careful reasons",
        },
    )
    body = second.content.decode()
    assert "Someone else changed this case while you were working on it" in body
    assert "The deputy&#x27;s careful reasons" in body
    assert f'value="{v(reviewed)}"' in body
    assert Decision.objects.filter(case=reviewed).count() == 1


def test_managing_in_school_shows_the_blockers_in_words(client_for, cast, case):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    body = client_for(cast.dsl).get(url("manage_in_school", case)).content.decode()
    assert (
        "A criterion for immediate referral is met (A child is at immediate risk of harm)" in body
    )


def test_closing_is_refused_with_the_blockers_listed(client_for, cast, case):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    response = client_for(cast.dsl).post(
        url("close", case),
        {"version": v(case), "outcome": "no_further_action", "rationale": "All fine now"},
    )
    body = response.content.decode()
    assert "A referral is required" in body
    assert "All fine now" in body
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_review_page_saves_the_answers_and_the_assessment(client_for, cast, case):
    data = review_post(case, risk__suicidal_or_self_harming="yes")
    data["save"] = "1"
    response = client_for(cast.dsl).post(url("review", case), data)
    assert response.status_code == 302
    stored = InitialReview.objects.get(case=case)
    assert stored.assessment["criteria"] == ["IMMEDIATE_RISK_OF_HARM"]


def test_checking_answers_without_javascript_shows_the_assessment_and_saves_nothing(
    client_for, cast, case
):
    data = review_post(case, risk__immediate_danger="yes")
    data["check"] = "1"
    body = client_for(cast.dsl).post(url("review", case), data).content.decode()
    assert "Call 999 now" in body
    assert not InitialReview.objects.filter(case=case).exists()


def test_the_assessment_partial_answers_as_the_answers_change(client_for, cast, case):
    data = review_post(case, circumstances__online_contact_unverified="yes")
    data.update(
        {"others-TOTAL_FORMS": "1", "others-0-roles": "requester", "others-0-is_pupil": "no"}
    )
    body = client_for(cast.dsl).post(url("review_assessment", case), data).content.decode()
    assert 'data-testid="criteria"' in body
    assert "<html" not in body
    assert "How old is other person 1?" in body
    assert "sextortion often starts" in body


def test_adding_another_person_without_javascript_keeps_the_answers(client_for, cast, case):
    data = review_post(case, risk__immediate_danger="no")
    data.update({"add_person": "1", "others-TOTAL_FORMS": "1", "others-0-roles": "recipient"})
    body = client_for(cast.dsl).post(url("review", case), data).content.decode()
    assert 'name="others-1-roles"' in body
    assert ticked(body, "others-0-roles", "recipient")


@pytest.mark.parametrize("count", ["abc", "", "-1", "1.5", "99999", None])
@pytest.mark.parametrize("button", ["add_person", "check", "save"])
def test_a_nonsense_count_of_people_redraws_the_review_with_everything_typed(
    client_for, cast, case, count, button
):
    data = review_post(case, risk__immediate_danger="yes", n_notes="The careful notes")
    data.update({button: "1", "others-0-roles": "requester", "others-0-description": "Online"})
    data["others-0-is_pupil"] = "unknown"
    data.update({"others-1-roles": "recipient", "others-1-age": "15", "others-1-is_pupil": "no"})
    if count is None:
        del data["others-TOTAL_FORMS"]
    else:
        data["others-TOTAL_FORMS"] = count
    response = client_for(cast.dsl).post(url("review", case), data)
    body = response.content.decode()
    assert response.status_code == (302 if button == "save" else 200)
    if button == "save":  # nothing was lost, so it saved with both people
        stored = InitialReview.objects.get(case=case)
        assert [p["roles"] for p in stored.facts["people"][-2:]] == [["requester"], ["recipient"]]
        return
    assert "The careful notes" in body
    assert ticked(body, "others-0-roles", "requester")
    assert ticked(body, "others-1-roles", "recipient")
    assert 'value="Online"' in body
    assert ('name="others-2-roles"' in body) == (button == "add_person")


def test_a_nonsense_count_of_people_still_gives_the_live_assessment(client_for, cast, case):
    data = review_post(case)
    data.update({"others-TOTAL_FORMS": "lots", "others-0-roles": "requester"})
    response = client_for(cast.dsl).post(url("review_assessment", case), data)
    assert response.status_code == 200
    assert "How old is other person 1?" in response.content.decode()


def test_the_case_pages_poll_is_a_background_request_so_an_open_page_still_times_out(
    client_for, cast, reviewed
):
    import json
    import re

    body = client_for(cast.dsl).get(url("detail", reviewed)).content.decode()
    poll = re.search(r'<div id="viewers"[^>]*>', body).group(0)
    assert 'hx-trigger="every 20s"' in poll
    headers = json.loads(re.search(r"hx-headers='([^']*)'", poll).group(1))
    assert headers["X-Haven-Background"] == "1"
    assert headers["X-CSRFToken"]


def test_every_poll_in_the_case_pages_is_sent_as_a_background_request():
    """A page polls by itself: if that counted as activity, an open page would never time out."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    polls = [
        (path.name, tag)
        for path in templates.rglob("*.html")
        for tag in re.findall(r"<[^>]*hx-trigger=\"[^\"]*every [^>]*>", path.read_text())
    ]
    assert polls, "the case page polls for who else is looking"
    for name, tag in polls:
        assert '"X-Haven-Background": "1"' in tag, name


def ticked(body: str, name: str, value: str) -> bool:
    """Whether the checkbox `name` with `value` is drawn ticked."""
    import re

    tags = re.findall(r"<input[^>]*>", body)
    return any(
        f'name="{name}"' in tag and f'value="{value}"' in tag and "checked" in tag for tag in tags
    )


def review_post(case, **answers):
    from haven.cases.forms.review import ANSWERS, FACTS

    data = {"version": str(v(case)), "others-TOTAL_FORMS": "0", "others-INITIAL_FORMS": "0"}
    for section, names in FACTS.items():
        for name in names:
            data[f"{section}__{name}"] = "no"
    for code in ANSWERS:
        data[f"q_{code}"] = "unknown"
    for link in case.case_pupils.all():
        data[f"role_{link.pupil_id.hex}"] = link.roles
    data.update(answers)
    return data


def grow(case, cast, n):
    """Add n of each kind of record to the case."""
    for i in range(n):
        record_referral(
            actor=cast.dsl,
            case=case,
            expected_version=v(case),
            agency=Agency.CSC,
            made_at=timezone.now() - timedelta(days=3 + i),
            method=ReferralMethod.PHONE,
            shared="Facts",
        )
        add_action(
            actor=cast.dsl,
            case=case,
            expected_version=v(case),
            description="Check in",
            owner=cast.deputy,
            due_on=timezone.localdate() - timedelta(days=1),
        )
        schedule_follow_up(
            actor=cast.dsl, case=case, expected_version=v(case), due_on=timezone.localdate()
        )
        review(case, cast.dsl)


@pytest.mark.parametrize("page", ["detail", "support", "referrals", "decisions", "takedown"])
def test_case_pages_make_the_same_number_of_queries_as_the_case_grows(
    client_for, cast, reviewed, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.dsl)
    grow(reviewed, cast, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(page, reviewed)).status_code == 200
    grow(reviewed, cast, 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(page, reviewed)).status_code == 200


def test_the_case_list_makes_the_same_number_of_queries_as_cases_grow(
    client_for, cast, case, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from haven.cases.services import PupilInCase, open_case

    client = client_for(cast.dsl)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("cases:list"))
    for i in range(5):
        opened = open_case(
            actor=cast.dsl,
            school=cast.school,
            title=f"Case {i}",
            pupils=[PupilInCase(cast.pupil, "sender")],
        )
        add_action(
            actor=cast.dsl,
            case=opened,
            expected_version=v(opened),
            description="x",
            owner=cast.dsl,
            due_on=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(reverse("cases:list")).content.decode()
    assert "6 cases" in body


def test_overdue_actions_are_flagged_on_the_case_page(client_for, cast, reviewed):
    action = add_action(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        description="Call home",
        owner=cast.deputy,
        due_on=timezone.localdate() - timedelta(days=2),
    )
    body = client_for(cast.dsl).get(url("detail", reviewed)).content.decode()
    assert "1 overdue" in body
    assert reverse("cases:support_action", args=[reviewed.pk, action.pk]) in body
    assert action.status == ActionStatus.OPEN
