"""The two-person rule for resetting a lost authenticator app, as a table."""

import pytest

from haven.accounts.rules import may_approve_mfa_reset, may_take_part_in_mfa_reset
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
