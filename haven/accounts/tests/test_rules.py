"""The two-person rules, as tables: resetting a lost authenticator app, and changing the
safeguarding team."""

import pytest

from haven.accounts.rules import (
    may_agree_to_team_change,
    may_approve_mfa_reset,
    may_ask_for_team_change,
    may_take_part_in_mfa_reset,
    touches_team,
)
from haven.schools.models import Role

ADMIN, DSL, HEAD = {Role.SCHOOL_ADMIN}, {Role.DSL}, {Role.HEADTEACHER}
DEPUTY, STAFF = {Role.DEPUTY_DSL}, {Role.STAFF}


@pytest.mark.parametrize(
    ("roles", "expected"),
    [(ADMIN, True), (DSL, True), (HEAD, True), (DEPUTY, False), (STAFF, False), (set(), False)],
)
def test_the_administrator_the_dsl_and_the_head_take_part(roles, expected):
    assert may_take_part_in_mfa_reset(roles) is expected


@pytest.mark.parametrize(
    ("requester", "approver", "same_person", "expected"),
    [
        (ADMIN, DSL, False, True),
        (ADMIN, HEAD, False, True),
        (DSL, ADMIN, False, True),
        (HEAD, ADMIN, False, True),
        (ADMIN, ADMIN, False, False),  # two administrators are the same side
        (DSL, HEAD, False, False),  # so are the DSL and the head
        (ADMIN, DEPUTY, False, False),
        (STAFF, ADMIN, False, False),
        (ADMIN | DSL, ADMIN | DSL, True, False),  # the requester never approves
        (ADMIN | DSL, HEAD, False, True),
        (ADMIN | DSL, ADMIN, False, True),
    ],
)
def test_one_side_asks_and_the_other_side_agrees(requester, approver, same_person, expected):
    result = may_approve_mfa_reset(
        requester_roles=requester, approver_roles=approver, same_person=same_person
    )
    assert result is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [(ADMIN, True), (DSL, True), (HEAD, True), (DEPUTY, False), (STAFF, False), (set(), False)],
)
def test_the_administrator_the_dsl_and_the_head_may_ask_for_a_team_change(roles, expected):
    assert may_ask_for_team_change(roles) is expected


@pytest.mark.parametrize(
    ("approver", "is_requester", "is_subject", "expected"),
    [
        (DSL, False, False, True),
        (HEAD, False, False, True),
        (ADMIN, False, False, False),  # an administrator never agrees to a team change
        (DEPUTY, False, False, False),
        (STAFF, False, False, False),
        (DSL, True, False, False),  # the asker never agrees
        (HEAD, False, True, False),  # nor the person changed
        (ADMIN | DSL, False, False, True),
    ],
)
def test_a_dsl_or_head_other_than_the_asker_and_the_person_changed_agrees(
    approver, is_requester, is_subject, expected
):
    result = may_agree_to_team_change(
        approver_roles=approver, is_requester=is_requester, is_subject=is_subject
    )
    assert result is expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ({Role.DSL}, True),
        ({Role.DEPUTY_DSL}, True),
        ({Role.HEADTEACHER}, True),
        ({Role.STAFF, Role.SCHOOL_ADMIN}, False),
        ({"staff", "deputy_dsl"}, True),
        (set(), False),
    ],
)
def test_only_the_dsl_deputy_and_head_roles_are_the_safeguarding_team(roles, expected):
    assert touches_team(roles) is expected
