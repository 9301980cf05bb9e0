"""The language guard on every free-text field of a case: advice beside the field, and again after
saving, that never stops the save."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.cases.models import (
    Agency,
    CaseClosure,
    Decision,
    FollowUpReview,
    ImageryViewing,
    InitialReview,
    ReferralMethod,
    SupportAction,
    TakedownHelp,
    TakedownRoute,
)
from haven.cases.services import (
    add_action,
    close_case,
    decide_manage_in_school,
    record_referral,
    record_takedown_help,
    schedule_follow_up,
)
from haven.cases.tests.conftest import settle
from haven.cases.tests.test_views import review_post
from haven.language import check_text

pytestmark = pytest.mark.django_db

BLAMING = "She should have known better than to send it."
# The words the guard picks out, as the advice after saving names them.
ADVICE = f"Saved. A note on wording: “{check_text(BLAMING)[0].text}”"


def v(case):
    case.refresh_from_db()
    return case.version


def when(days_ago=0):
    return (timezone.localtime() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")


def day(days_ahead=0):
    return (timezone.localdate() + timedelta(days=days_ahead)).isoformat()


# Each form family, set up on a reviewed case: who posts, the URL, the form's data, and a check
# that the blaming text was saved.
def decision(cast, case):
    data = {
        "decision-version": v(case),
        "decision-type": "other",
        "decision-decided": "Speak to both families together.",
        "decision-rationale": BLAMING,
    }
    return (
        "dsl",
        reverse("cases:add_decision", args=[case.pk]),
        data,
        lambda: Decision.objects.filter(case=case, type="other").get().rationale == BLAMING,
    )


def manage_in_school(cast, case):
    data = {"version": v(case), "decided": "Pastoral support for both.", "rationale": BLAMING}
    return (
        "dsl",
        reverse("cases:manage_in_school", args=[case.pk]),
        data,
        lambda: Decision.objects.get(case=case, type="manage_in_school").rationale == BLAMING,
    )


def head_agreement(cast, case):
    asked = decide_manage_in_school(
        actor=cast.dsl, case=case, expected_version=v(case), decided="Support", rationale="Safe"
    )
    data = {"version": v(case), "agreed": "no", "comment": BLAMING}
    return (
        "head",
        reverse("cases:head_agreement", args=[case.pk, asked.pk]),
        data,
        lambda: Decision.objects.get(pk=asked.pk).head_comment == BLAMING,
    )


def parents_not_told(cast, case):
    data = {
        "not-told-version": v(case),
        "not-told-pupil": cast.pupil.pk,
        "not-told-risk_reason": BLAMING,
        "not-told-agreed_with": "csc",
        "not-told-agreed_with_detail": "The MASH social worker, today.",
    }
    return (
        "dsl",
        reverse("cases:parents_not_told", args=[case.pk]),
        data,
        lambda: Decision.objects.get(case=case, type="do_not_inform_parents").rationale == BLAMING,
    )


def viewing_request(cast, case):
    data = {
        "viewing-version": v(case),
        "viewing-reason": "decide_agencies",
        "viewing-rationale": BLAMING,
    }
    return (
        "dsl",
        reverse("cases:request_viewing", args=[case.pk]),
        data,
        lambda: ImageryViewing.objects.get(case=case).decision.rationale == BLAMING,
    )


def referral(cast, case):
    data = {
        "referral-version": v(case),
        "referral-agency": "csc",
        "referral-made_at": when(),
        "referral-method": "phone",
        "referral-shared": BLAMING,
    }
    return (
        "dsl",
        reverse("cases:add_referral", args=[case.pk]),
        data,
        lambda: case.referrals.get().shared == BLAMING,
    )


def referral_outcome(cast, case):
    made = record_referral(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        agency=Agency.CSC,
        made_at=timezone.now(),
        method=ReferralMethod.PHONE,
        shared="The facts.",
    )
    data = {
        "outcome-version": v(case),
        "outcome-outcome": "No further action.",
        "outcome-feedback": BLAMING,
    }
    return (
        "dsl",
        reverse("cases:referral_outcome", args=[case.pk, made.pk]),
        data,
        lambda: case.referrals.get(pk=made.pk).feedback == BLAMING,
    )


def takedown(cast, case):
    data = {
        "takedown-version": v(case),
        "takedown-pupil": cast.pupil.pk,
        "takedown-route": "report_remove",
        "takedown-age_in_image": "under_18",
        "takedown-helped_to": BLAMING,
    }
    return (
        "dsl",
        reverse("cases:add_takedown", args=[case.pk]),
        data,
        lambda: TakedownHelp.objects.get(case=case).helped_to == BLAMING,
    )


def takedown_outcome(cast, case):
    offered = record_takedown_help(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        pupil=cast.pupil,
        route=TakedownRoute.REPORT_REMOVE,
        helped_to="Make a Report Remove report.",
    )
    data = {"version": v(case), "outcome": "reported", "note": BLAMING}
    return (
        "dsl",
        reverse("cases:takedown_outcome", args=[case.pk, offered.pk]),
        data,
        lambda: TakedownHelp.objects.get(pk=offered.pk).outcome_note == BLAMING,
    )


def support_action(cast, case):
    data = {
        "action-version": v(case),
        "action-description": BLAMING,
        "action-owner": cast.deputy.pk,
        "action-due_on": day(7),
    }
    return (
        "dsl",
        reverse("cases:add_action", args=[case.pk]),
        data,
        lambda: SupportAction.objects.get(case=case).description == BLAMING,
    )


def action_closed(cast, case):
    action = add_action(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        description="Check in each week.",
        owner=cast.deputy,
        due_on=timezone.localdate(),
    )
    data = {"version": v(case), "status": "cancelled", "note": BLAMING}
    return (
        "dsl",
        reverse("cases:support_action", args=[case.pk, action.pk]),
        data,
        lambda: SupportAction.objects.get(pk=action.pk).closing_note == BLAMING,
    )


def follow_up_held(cast, case):
    booked = schedule_follow_up(
        actor=cast.dsl, case=case, expected_version=v(case), due_on=timezone.localdate()
    )
    data = {"version": v(case), "notes": BLAMING}
    return (
        "dsl",
        reverse("cases:follow_up_held", args=[case.pk, booked.pk]),
        data,
        lambda: FollowUpReview.objects.get(pk=booked.pk).notes == BLAMING,
    )


def closing(cast, case):
    settle(case, cast.dsl)
    data = {"version": v(case), "outcome": "no_further_action", "rationale": BLAMING}
    return (
        "dsl",
        reverse("cases:close", args=[case.pk]),
        data,
        lambda: CaseClosure.objects.get(case=case).rationale == BLAMING,
    )


def reopening(cast, case):
    settle(case, cast.dsl)
    close_case(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        outcome="no_further_action",
        rationale="All done.",
    )
    data = {"version": v(case), "reason": BLAMING}
    return (
        "dsl",
        reverse("cases:reopen", args=[case.pk]),
        data,
        lambda: case.refresh_from_db() or case.is_open,
    )


def initial_review(cast, case):
    data = review_post(case, n_notes=BLAMING)
    data["save"] = "1"
    return (
        "dsl",
        reverse("cases:review", args=[case.pk]),
        data,
        lambda: InitialReview.objects.filter(case=case).count() == 2,
    )


FAMILIES = [
    decision,
    manage_in_school,
    head_agreement,
    parents_not_told,
    viewing_request,
    referral,
    referral_outcome,
    takedown,
    takedown_outcome,
    support_action,
    action_closed,
    follow_up_held,
    closing,
    reopening,
    initial_review,
]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__)
def test_blaming_words_are_saved_and_the_advice_follows_the_redirect(
    client_for, cast, reviewed, family
):
    who, url, data, saved = family(cast, reviewed)
    response = client_for(getattr(cast, who)).post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    assert saved()
    assert ADVICE in response.content.decode()


def test_neutral_words_are_saved_with_no_advice(client_for, cast, reviewed):
    _who, url, data, _saved = decision(cast, reviewed)
    data["decision-rationale"] = 'She told me "I was so stupid to send it".'
    response = client_for(cast.dsl).post(url, data, follow=True)
    body = response.content.decode()
    assert "The decision is recorded." in body
    assert "A note on wording" not in body


def test_another_person_in_the_review_is_read_as_well(client_for, cast, reviewed):
    data = review_post(reviewed)
    data.update(
        {
            "save": "1",
            "others-TOTAL_FORMS": "1",
            "others-0-roles": "requester",
            "others-0-is_pupil": "no",
            "others-0-description": "A child prostitute she met online",
        }
    )
    response = client_for(cast.dsl).post(
        reverse("cases:review", args=[reviewed.pk]), data, follow=True
    )
    assert "A note on wording: “child prostitute”" in response.content.decode()


def test_each_free_text_field_has_its_own_live_hint(client_for, cast, reviewed):
    body = client_for(cast.dsl).get(reverse("cases:decisions", args=[reviewed.pk])).content.decode()
    for name in ("decision-decided", "decision-rationale"):
        assert f'id="id_{name}-language"' in body
        assert f'hx-trigger="input changed delay:700ms from:#id_{name}"' in body
        assert f'"field": "{name}"' in body
    assert 'hx-target="this"' in body
    assert "id_decision-type-language" not in body


def test_the_review_gives_every_narrative_and_every_other_person_a_hint(client_for, cast, reviewed):
    data = review_post(reviewed)
    data.update({"add_person": "1", "others-TOTAL_FORMS": "1", "others-0-roles": "recipient"})
    body = (
        client_for(cast.dsl)
        .post(reverse("cases:review", args=[reviewed.pk]), data)
        .content.decode()
    )
    assert 'id="id_n_notes-language"' in body
    assert 'id="id_others-0-description-language"' in body
    assert 'id="id_others-1-description-language"' in body
    assert '"field": "others-1-description"' in body
    assert "id_others-0-age-language" not in body


def test_a_form_drawn_again_shows_the_advice_beside_the_field(client_for, cast, reviewed):
    response = client_for(cast.dsl).post(
        reverse("cases:add_decision", args=[reviewed.pk]),
        {"decision-version": v(reviewed), "decision-type": "", "decision-rationale": BLAMING},
    )
    body = response.content.decode()
    assert response.status_code == 200
    start = body.index('id="id_decision-rationale-language"')
    assert "should have known" in body[start : body.index('id="id_decision-ask_head"')]
    assert not Decision.objects.filter(case=reviewed, type="other").exists()


def test_live_advice_reads_a_prefixed_formset_field(client_for, cast):
    response = client_for(cast.dsl).post(
        "/language/check/",
        {"field": "others-0-description", "others-0-description": "a child prostitute"},
    )
    assert "child prostitute" in response.content.decode()
