"""Not making a required referral (an override), and the headteacher's agreement.

An override is never allowed with an adult involved or a child at immediate risk; it covers only
the criteria met when it was asked for; the head cannot agree once the facts have changed; and
nobody agrees to their own decision."""

import pytest

from haven.cases.models import CaseOutcome, CaseStatus, DecisionType, HeadAgreement, PupilRole
from haven.cases.selectors import (
    heads_who_may_agree,
    load_records,
    override_refusals,
    pending_head_agreements,
)
from haven.cases.services import (
    CaseBlocked,
    CaseError,
    OtherPerson,
    PupilInCase,
    ReviewInput,
    close_case,
    decide_manage_in_school,
    open_case,
    record_head_agreement,
    record_initial_review,
    record_referral_override,
)
from haven.cases.tests.conftest import last_event, review, sections, settle
from haven.schools.models import Role
from haven.schools.services import add_staff_member

pytestmark = pytest.mark.django_db

COERCION = {"circumstances": {"pressure_or_coercion": True}}


def v(case):
    case.refresh_from_db()
    return case.version


def ask_to_override(case, actor):
    return record_referral_override(
        actor=actor,
        case=case,
        expected_version=v(case),
        rationale="Pressure was mild; parents are supportive.",
    )


def agree(case, head, decision, agreed=True, comment=""):
    decision.case = case
    return record_head_agreement(
        actor=head, decision=decision, expected_version=v(case), agreed=agreed, comment=comment
    )


def add_adult(case, actor, age=25):
    """A new review: the same answers, and now a 25-year-old who asked for the images."""
    record_initial_review(
        actor=actor,
        case=case,
        expected_version=v(case),
        review=ReviewInput(
            sections=sections(**COERCION), others=[OtherPerson(roles="requester", age=age)]
        ),
    )


def test_an_override_records_the_criteria_it_was_asked_for_and_counts_once_the_head_agrees(
    case, cast
):
    review(case, cast.dsl, **COERCION)
    override = ask_to_override(case, cast.dsl)
    assert override.criteria_when_decided == ["COERCION_OR_CAPACITY"]
    event = last_event(case)
    assert event.action == "cases.decision_recorded"
    assert event.data["type"] == "referral_override"
    assert event.data["criteria"] == ["COERCION_OR_CAPACITY"]
    assert load_records(case).requirement.outstanding
    agree(case, cast.head, override)
    assert last_event(case).action == "cases.head_agreed"
    assert not load_records(case).requirement.outstanding


def test_the_head_cannot_agree_to_an_override_once_an_adult_is_found(case, cast):
    """The review's repro: without this, the case closed with no referral to anyone."""
    review(case, cast.dsl, **COERCION)
    override = ask_to_override(case, cast.dsl)
    add_adult(case, cast.dsl)
    assert "ADULT_INVOLVED" in load_records(case).criteria
    with pytest.raises(CaseBlocked) as refused:
        agree(case, cast.head, override)
    assert refused.value.blockers[0].startswith(
        "The facts have changed since this override was asked for (now also met: an adult is"
        " involved)."
    )
    override.refresh_from_db()
    assert override.head_agreement == HeadAgreement.PENDING
    assert load_records(case).requirement.outstanding
    with pytest.raises(CaseBlocked, match="A referral is required"):
        close_case(
            actor=cast.dsl,
            case=case,
            expected_version=v(case),
            outcome=CaseOutcome.NO_FURTHER_ACTION,
            rationale="done",
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_an_agreed_override_does_not_cover_a_criterion_met_later(case, cast):
    review(case, cast.dsl, **COERCION)
    agree(case, cast.head, ask_to_override(case, cast.dsl))
    review(case, cast.dsl, content={"violence": True}, **COERCION)
    requirement = load_records(case).requirement
    assert requirement.outstanding
    assert requirement.criteria == ("UNUSUAL_OR_VIOLENT_ACTS",)


def test_a_new_override_may_cover_a_criterion_met_later(case, cast):
    review(case, cast.dsl, **COERCION)
    first = ask_to_override(case, cast.dsl)
    agree(case, cast.head, first)
    review(case, cast.dsl, content={"violence": True}, **COERCION)
    second = ask_to_override(case, cast.dsl)
    assert second.supersedes == first
    assert set(second.criteria_when_decided) == {"COERCION_OR_CAPACITY", "UNUSUAL_OR_VIOLENT_ACTS"}
    agree(case, cast.head, second)
    assert not load_records(case).requirement.outstanding


@pytest.mark.parametrize(
    ("facts", "why"),
    [
        ({"risk": {"suicidal_or_self_harming": True}}, "immediate risk of harm"),
        ({"risk": {"immediate_danger": True}}, "immediate risk of harm"),
    ],
)
def test_a_referral_for_a_child_at_immediate_risk_is_never_overridden(case, cast, facts, why):
    review(case, cast.dsl, **facts)
    with pytest.raises(CaseBlocked, match=why):
        ask_to_override(case, cast.dsl)
    assert not case.decisions.exists()


def test_a_referral_with_an_adult_involved_is_never_overridden(case, cast):
    review(case, cast.dsl, **COERCION)
    add_adult(case, cast.dsl)
    with pytest.raises(CaseBlocked) as refused:
        ask_to_override(case, cast.dsl)
    assert refused.value.blockers == [
        "The referral cannot be overridden: an adult is involved, so the police must be told."
        " Make the referral."
    ]


# --- Nobody agrees to their own decision -------------------------------------------------------


@pytest.fixture
def head_who_is_dsl(cast):
    """The head also holds the DSL role (two rows, as many small schools have it)."""
    return add_staff_member(
        actor=None,
        school=cast.school,
        email=cast.head.email,
        full_name=cast.head.full_name,
        roles=[Role.DSL],
    )


@pytest.fixture
def second_head(cast):
    return add_staff_member(
        actor=None,
        school=cast.school,
        email="head2@elm.test",
        full_name="Kofi Co-head",
        roles=[Role.HEADTEACHER],
    )


def test_a_head_who_is_the_dsl_cannot_agree_to_their_own_override(
    case, cast, head_who_is_dsl, second_head
):
    review(case, head_who_is_dsl, **COERCION)
    override = ask_to_override(case, head_who_is_dsl)
    with pytest.raises(CaseError, match="another headteacher must answer it"):
        agree(case, head_who_is_dsl, override)
    assert list(pending_head_agreements(head_who_is_dsl)) == []
    assert list(pending_head_agreements(second_head)) == [override]
    agree(case, second_head, override)
    assert not load_records(case).requirement.outstanding


def test_a_head_who_is_the_dsl_cannot_answer_their_own_decision_to_manage_in_school(
    reviewed, cast, head_who_is_dsl, second_head
):
    decision = decide_manage_in_school(
        actor=head_who_is_dsl,
        case=reviewed,
        expected_version=v(reviewed),
        decided="Manage in school",
        rationale="No criteria",
    )
    for agreed in (True, False):
        with pytest.raises(CaseError, match="another headteacher must answer it"):
            agree(reviewed, head_who_is_dsl, decision, agreed=agreed, comment="Mine")
    agree(reviewed, second_head, decision)
    assert load_records(reviewed).managed_in_school == decision


@pytest.fixture
def lone_head_case(cast):
    """Birch School's only headteacher is also its DSL."""
    lone_head = add_staff_member(
        actor=None,
        school=cast.school2,
        email="head@birch.test",
        full_name="Lee Lone",
        roles=[Role.HEADTEACHER, Role.DSL],
    )
    case = open_case(
        actor=lone_head,
        school=cast.school2,
        title="Shared image",
        pupils=[PupilInCase(cast.pupil_at_school2, PupilRole.PICTURED)],
    )
    return case, lone_head


def test_with_no_other_head_a_lone_head_dsl_cannot_override_and_must_refer(lone_head_case):
    case, lone_head = lone_head_case
    review(case, lone_head, **COERCION)
    assert heads_who_may_agree(case, lone_head) == []
    with pytest.raises(CaseError) as refused:
        ask_to_override(case, lone_head)
    assert str(refused.value) == (
        "There is no other headteacher at this school to agree, and nobody may agree to their own"
        " decision: make the referral."
    )
    assert not case.decisions.filter(type=DecisionType.REFERRAL_OVERRIDE).exists()


def test_with_no_other_head_a_lone_head_dsl_cannot_decide_to_manage_in_school(lone_head_case):
    case, lone_head = lone_head_case
    review(case, lone_head)
    with pytest.raises(CaseError, match="cannot be managed in school"):
        decide_manage_in_school(
            actor=lone_head, case=case, expected_version=v(case), decided="x", rationale="y"
        )


def test_a_dsl_at_a_school_with_one_head_may_ask_that_head(case, cast):
    assert heads_who_may_agree(case, cast.dsl) == [cast.head]
    assert heads_who_may_agree(case, cast.head) == []


def test_a_replaced_override_cannot_be_agreed(case, cast):
    review(case, cast.dsl, **COERCION)
    first = ask_to_override(case, cast.dsl)
    ask_to_override(case, cast.dsl)
    with pytest.raises(CaseError, match="replaced by a later one"):
        agree(case, cast.head, first)


def test_the_referrals_page_learns_why_an_override_cannot_be_asked_for(
    case, cast, lone_head_case, django_assert_max_num_queries
):
    review(case, cast.dsl, **COERCION)
    with django_assert_max_num_queries(2):
        assert override_refusals(case, cast.dsl) == []
    add_adult(case, cast.dsl)
    assert override_refusals(case, cast.dsl) == [
        "The referral cannot be overridden: an adult is involved, so the police must be told."
        " Make the referral."
    ]
    lone_case, lone_head = lone_head_case
    review(lone_case, lone_head, **COERCION)
    assert override_refusals(lone_case, lone_head) == [
        "There is no other headteacher at this school to agree, and nobody may agree to their own"
        " decision: make the referral."
    ]


def test_an_adult_entered_by_mistake_and_corrected_does_not_block_an_override(case, cast):
    review(case, cast.dsl, **COERCION)
    add_adult(case, cast.dsl)
    review(case, cast.dsl, **COERCION)  # the age was a typing mistake: corrected
    agree(case, cast.head, ask_to_override(case, cast.dsl))
    assert not load_records(case).requirement.outstanding
    settle(case, cast.dsl)
    close_case(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        outcome=CaseOutcome.NO_FURTHER_ACTION,
        rationale="Managed with support",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
