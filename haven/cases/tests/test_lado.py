"""The LADO: told within one working day when an adult who works with children is involved, and
the case restricted to the DSL, the headteacher and whoever they name."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.rules import may_name_for_restricted_case, may_see_restricted_case
from haven.audit.models import AuditEvent
from haven.cases.models import Agency, CaseEvent, LadoDuty, NamedAccess, ReferralMethod
from haven.cases.rules import CaseProgress, TaskStatus, case_tasks, closing_blockers_of, parse_facts
from haven.cases.rules.lado import adult_who_works_with_children, lado_due, lado_overdue
from haven.cases.services import (
    OtherPerson,
    ReviewInput,
    record_initial_review,
    record_referral,
)
from haven.cases.services.core import CaseError
from haven.cases.services.lado import name_for_case, remove_named_access
from haven.cases.tests.facts import sections
from haven.chronology.selectors import chronology_of
from haven.concerns.services import open_case_from_concern
from haven.concerns.tests.conftest import make_concern
from haven.schools.models import Role

# --- The rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learned_on", "due"),
    [
        (date(2026, 12, 3), date(2026, 12, 4)),  # Thursday: Friday
        (date(2026, 12, 4), date(2026, 12, 7)),  # Friday: over the weekend to Monday
        (date(2026, 12, 5), date(2026, 12, 7)),  # Saturday: Monday
        # Thursday before Good Friday 2027: Good Friday, the weekend and Easter Monday pass.
        (date(2027, 3, 25), date(2027, 3, 30)),
        # Christmas Eve 2026 (Thursday): Christmas Day, the weekend, Boxing Day's substitute.
        (date(2026, 12, 24), date(2026, 12, 29)),
        # The Friday before the late May bank holiday 2027 (Monday 31 May).
        (date(2027, 5, 28), date(2027, 6, 1)),
    ],
)
def test_lado_is_due_one_working_day_after_the_school_learned(learned_on, due):
    assert lado_due(learned_on) == due


@pytest.mark.parametrize(
    ("today", "told", "overdue"),
    [
        (date(2027, 3, 30), False, False),  # due today: not overdue until tomorrow
        (date(2027, 3, 31), False, True),
        (date(2027, 3, 31), True, False),
    ],
)
def test_lado_overdue_only_after_the_day_it_was_due_and_not_told(today, told, overdue):
    assert lado_overdue(date(2027, 3, 30), today=today, told=told) is overdue


@pytest.mark.parametrize(("works", "expected"), [(True, True), (False, False), (None, False)])
def test_an_adult_who_works_with_children_is_found_in_the_facts(works, expected):
    facts = parse_facts(
        {
            "people": [
                {"roles": ["pictured"], "age": 14, "is_pupil": True},
                {"roles": ["requester"], "age": 34, "works_with_children": works},
            ],
            **sections(),
        }
    )
    assert adult_who_works_with_children(facts) is expected


@pytest.mark.parametrize(
    ("roles", "named", "sees"),
    [
        ({Role.DSL}, False, True),
        ({Role.HEADTEACHER}, False, True),
        ({Role.DEPUTY_DSL}, False, False),
        ({Role.DEPUTY_DSL}, True, True),
        ({Role.STAFF}, True, False),  # named, but not on the team: sees no case at all
        ({Role.SCHOOL_ADMIN}, True, False),
        (set(), True, False),
    ],
)
def test_who_sees_a_restricted_case(roles, named, sees):
    assert may_see_restricted_case(roles, named=named) is sees


@pytest.mark.parametrize(
    ("roles", "may"),
    [({Role.DSL}, True), ({Role.HEADTEACHER}, True), ({Role.DEPUTY_DSL}, False), (set(), False)],
)
def test_who_may_name_someone_for_a_restricted_case(roles, may):
    assert may_name_for_restricted_case(roles) is may


@pytest.mark.parametrize(
    ("progress", "status", "label"),
    [
        (CaseProgress(lado_due=date(2027, 3, 30)), TaskStatus.ACTION_NEEDED, "Tell the LADO"),
        (
            CaseProgress(lado_due=date(2027, 3, 30), lado_overdue=True),
            TaskStatus.ACTION_NEEDED,
            "Overdue",
        ),
        (CaseProgress(lado_due=date(2027, 3, 30), lado_told=True), TaskStatus.IN_PROGRESS, "Told"),
        (
            CaseProgress(lado_due=date(2027, 3, 30), lado_told=True, lado_answered=True),
            TaskStatus.DONE,
            "Completed",
        ),
    ],
)
def test_the_lado_task_when_an_adult_who_works_with_children_is_involved(progress, status, label):
    task = next(t for t in case_tasks(progress) if t.key == "lado")
    assert (task.status, task.label) == (status, label)


def test_no_lado_task_when_no_such_adult_is_involved():
    assert "lado" not in [t.key for t in case_tasks(CaseProgress(reviewed=True))]


def test_a_case_cannot_close_until_the_lado_is_told():
    kinds = [b.kind for b in closing_blockers_of(CaseProgress(lado_due=date(2027, 3, 30)))]
    assert "lado" in kinds
    told = CaseProgress(lado_due=date(2027, 3, 30), lado_told=True)
    assert "lado" not in [b.kind for b in closing_blockers_of(told)]


# --- The services and pages -------------------------------------------------------------------

COACH = OtherPerson(
    roles=["requester"], age=31, works_with_children=True, description="Football coach"
)


def _review_with_coach(case, actor):
    case.refresh_from_db()
    return record_initial_review(
        actor=actor,
        case=case,
        expected_version=case.version,
        review=ReviewInput(sections=sections(), others=[COACH]),
    )


def _name(case, *, actor, user, reason):
    """The DSL or head names someone for the restricted case, at its current version."""
    case.refresh_from_db()
    return name_for_case(
        actor=actor, case=case, expected_version=case.version, user=user, reason=reason
    )


@pytest.fixture
def restricted(cast):
    """A concern by the teacher, made a case by the DSL, reviewed: a coach asked for images."""
    concern = make_concern(cast)
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Coach asked for images")
    _review_with_coach(case, cast.dsl)
    case.refresh_from_db()
    return case


def test_the_review_that_finds_an_adult_who_works_with_children_restricts_the_case(
    restricted, cast
):
    assert restricted.restricted
    duty = LadoDuty.objects.get(case=restricted)
    assert duty.due_on == lado_due(duty.learned_on)
    event = AuditEvent.objects.get(action="cases.lado_required")
    assert event.data["due_on"] == duty.due_on.isoformat()
    assert CaseEvent.objects.filter(case=restricted, kind="lado_required").exists()


def test_another_review_does_not_start_the_day_again(restricted, cast):
    _review_with_coach(restricted, cast.dsl)
    assert LadoDuty.objects.filter(case=restricted).count() == 1
    assert AuditEvent.objects.filter(action="cases.lado_required").count() == 1


def test_a_case_without_such_an_adult_is_not_restricted(reviewed):
    assert not reviewed.restricted
    assert not LadoDuty.objects.filter(case=reviewed).exists()


PAGES = ("cases:detail", "cases:review", "cases:referrals", "cases:lado", "cases:parents")


def test_the_restricted_case_is_not_found_for_a_deputy_until_named(restricted, cast, client_for):
    deputy = client_for(cast.deputy)
    for page in PAGES:
        assert deputy.get(reverse(page, args=[restricted.pk])).status_code == 404, page
    assert restricted.reference not in deputy.get(reverse("cases:list")).content.decode()
    inbox = deputy.get(reverse("concerns:inbox")).content.decode()
    concern = restricted.concerns.get()
    assert concern.reference not in inbox
    assert deputy.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert all(
        line.entry.case_id != restricted.pk for line in chronology_of(cast.pupil, cast.deputy)
    )
    chronology = deputy.get(reverse("chronology:pupil", args=[cast.pupil.pk])).content.decode()
    assert restricted.reference not in chronology

    for user in (cast.dsl, cast.head):
        assert (
            client_for(user).get(reverse("cases:detail", args=[restricted.pk])).status_code == 200
        )
    assert restricted.reference in client_for(cast.dsl).get(reverse("cases:list")).content.decode()

    access = _name(
        restricted,
        actor=cast.dsl,
        user=cast.deputy,
        reason="Lex's key adult, and not connected with the coach",
    )
    event = AuditEvent.objects.get(action="cases.named_for_case")
    assert event.data["user"] == str(cast.deputy.pk)
    assert "key adult" not in str(event.data)  # the reason is narrative: never in the audit
    assert NamedAccess.objects.get(pk=access.pk).reason.startswith("Lex's key adult")

    deputy = client_for(cast.deputy)
    for page in PAGES:
        assert deputy.get(reverse(page, args=[restricted.pk])).status_code == 200, page
    assert restricted.reference in deputy.get(reverse("cases:list")).content.decode()
    assert concern.reference in deputy.get(reverse("concerns:inbox")).content.decode()
    assert any(
        line.entry.case_id == restricted.pk for line in chronology_of(cast.pupil, cast.deputy)
    )

    restricted.refresh_from_db()
    remove_named_access(actor=cast.head, access=access, expected_version=restricted.version)
    deputy = client_for(cast.deputy)
    assert deputy.get(reverse("cases:detail", args=[restricted.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="cases.named_access_removed").count() == 1


def test_the_reporter_still_sees_their_own_concern(restricted, cast, client_for):
    concern = restricted.concerns.get()
    assert (
        client_for(cast.teacher).get(reverse("concerns:detail", args=[concern.pk])).status_code
        == 200
    )


def test_only_the_dsl_or_head_names_and_only_someone_on_the_team(restricted, cast):
    with pytest.raises(CaseError, match="Only the DSL or the headteacher"):
        _name(restricted, actor=cast.deputy, user=cast.deputy, reason="Me")
    with pytest.raises(CaseError, match="safeguarding team"):
        _name(restricted, actor=cast.dsl, user=cast.teacher, reason="Their tutor")
    with pytest.raises(CaseError, match="already sees"):
        _name(restricted, actor=cast.dsl, user=cast.head, reason="Head")
    with pytest.raises(CaseError, match="Say why"):
        _name(restricted, actor=cast.dsl, user=cast.deputy, reason="  ")


def test_the_lado_page_names_someone_and_a_typed_reason_is_kept_when_refused(
    restricted, cast, client_for
):
    dsl = client_for(cast.dsl)
    url = reverse("cases:lado_name", args=[restricted.pk])
    response = dsl.post(url, {"name-version": restricted.version, "name-reason": "Key adult"})
    assert response.status_code == 200  # no person chosen: drawn again as typed
    assert "Key adult" in response.content.decode()
    response = dsl.post(
        url,
        {
            "name-version": restricted.version,
            "name-user": cast.deputy.pk,
            "name-reason": "Key adult",
        },
    )
    assert response.status_code == 302
    assert NamedAccess.objects.filter(case=restricted, user=cast.deputy).exists()
    page = dsl.get(reverse("cases:lado", args=[restricted.pk])).content.decode()
    assert "Derek Deputy" in page
    assert "Key adult" in page
    restricted.refresh_from_db()
    access = NamedAccess.objects.get(case=restricted, user=cast.deputy)
    response = dsl.post(
        reverse("cases:lado_remove_named", args=[restricted.pk]),
        {"remove-version": restricted.version, "remove-access": access.pk},
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.removed_by == cast.dsl


def test_telling_the_lado_is_a_referral_tracked_like_any_other(restricted, cast, client_for):
    restricted.refresh_from_db()
    task = _lado_task_of(restricted, cast, client_for)
    assert "Tell the LADO" in task
    record_referral(
        actor=cast.dsl,
        case=restricted,
        expected_version=restricted.version,
        agency=Agency.LADO,
        made_at=timezone.now(),
        method=ReferralMethod.PHONE,
        shared="What the pupil said about the coach's messages.",
    )
    assert "Waiting for the LADO" in _lado_task_of(restricted, cast, client_for)


def _lado_task_of(case, cast, client_for) -> str:
    page = client_for(cast.dsl).get(reverse("cases:detail", args=[case.pk])).content.decode()
    start = page.index("LADO (an adult who works with children)")
    return page[start : start + 600]


def test_who_has_seen_the_pupils_records_shows_a_deputy_nothing_of_a_restricted_case(
    restricted, cast, client_for
):
    """The audit page lists events about the pupil's cases and concerns: for a deputy who is not
    named, none about the restricted case or its concern, so it does not show that it exists."""
    page = reverse("audit:pupil_access", args=[cast.pupil.pk])
    concern = restricted.concerns.get()
    about_it = {str(restricted.pk), str(concern.pk)}
    seen_by_dsl = client_for(cast.dsl).get(page)
    assert restricted.reference in seen_by_dsl.content.decode() or any(
        event.object_id in about_it for event, _ in seen_by_dsl.context["rows"]
    )
    rows = client_for(cast.deputy).get(page).context["rows"]
    assert rows  # the deputy still sees the pupil's other events (their own look, at least)
    assert not [e for e, _ in rows if e.object_id in about_it]
    assert not [e for e, _ in rows if (e.data or {}).get("case") in about_it]

    _name(restricted, actor=cast.dsl, user=cast.deputy, reason="Lex's key adult")
    rows = client_for(cast.deputy).get(page).context["rows"]
    assert [e for e, _ in rows if e.object_id in about_it]


def test_the_pupils_records_page_is_not_found_for_a_deputy_who_may_not_see_a_case_in_it(
    restricted, cast, client_for
):
    page = reverse("records:pupil", args=[cast.pupil.pk])
    assert client_for(cast.dsl).get(page).status_code == 200
    assert client_for(cast.deputy).get(page).status_code == 404
    _name(restricted, actor=cast.dsl, user=cast.deputy, reason="Lex's key adult")
    assert client_for(cast.deputy).get(page).status_code == 200


def test_a_lado_not_told_by_its_day_is_overdue_work_until_the_referral(restricted, cast):
    from haven.cases.overdue import overdue_for, schools_with_overdue_work

    today = timezone.localdate()
    LadoDuty.objects.filter(case=restricted).update(due_on=today - timedelta(days=1))
    assert [i.what for i in overdue_for(cast.dsl) if i.case_id == restricted.pk] == [
        "LADO not told"
    ]
    assert restricted.school_id in schools_with_overdue_work(today)
    assert not [i for i in overdue_for(cast.deputy) if i.case_id == restricted.pk]  # restricted
    restricted.refresh_from_db()
    record_referral(
        actor=cast.dsl,
        case=restricted,
        expected_version=restricted.version,
        agency=Agency.LADO,
        made_at=timezone.now(),
        method=ReferralMethod.PHONE,
        shared="The coach's messages, as described",
    )
    assert "LADO not told" not in [i.what for i in overdue_for(cast.dsl)]
