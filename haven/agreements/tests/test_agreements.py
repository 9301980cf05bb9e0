"""The one two-person agreement, tried through both kinds that use it: authenticator resets and
changes to the safeguarding team. What each kind allows is tested beside the kind
(haven/accounts/tests/test_mfa_reset.py, haven/schools/tests/test_team_changes.py); here, what
every kind shares: expiry, leavers, the steps offered, and the migration of old rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from haven.accounts.models import MfaReset, TOTPDevice
from haven.accounts.resets import MFA_RESET, request_mfa_reset
from haven.accounts.tasks import expire_mfa_resets
from haven.agreements.models import AgreementStatus
from haven.agreements.services import (
    AGREE,
    REFUSE,
    WITHDRAW,
    AgreementRefused,
    agree,
    allowed_steps,
    expire_overdue,
)
from haven.audit.models import AuditEvent
from haven.schools.models import Role, StaffMembership, TeamChange
from haven.schools.tasks import expire_team_changes
from haven.schools.team import TEAM_CHANGE, change_staff_roles, deactivate_or_ask


def age(agreement, by: timedelta) -> None:
    type(agreement).objects.filter(pk=agreement.pk).update(
        requested_at=timezone.now() - by - timedelta(minutes=1)
    )


def deputy_for(cast, user=None) -> TeamChange:
    change = change_staff_roles(actor=cast.office, school=cast.school, user=user or cast.teacher,
                                roles=[Role.STAFF, Role.DEPUTY_DSL])  # fmt: skip
    assert change is not None
    return change


def test_the_sweep_marks_what_nobody_decided_in_time_as_expired_with_an_audit_event(cast):
    old = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    fresh = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.deputy)
    age(old, MFA_RESET.lifetime)
    assert expire_mfa_resets.call() == 1
    assert expire_mfa_resets.call() == 0  # safe to run twice
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.decided_by) == (AgreementStatus.EXPIRED, None)
    assert fresh.status == AgreementStatus.PENDING
    event = AuditEvent.objects.get(action="accounts.mfa_reset_expired")
    assert (event.actor, event.object_id, event.data) == (
        None,
        str(old.pk),
        {"user": cast.teacher.pk},
    )


def test_team_changes_expire_after_seven_days_and_not_before(cast):
    change = deputy_for(cast)
    age(change, timedelta(days=6, hours=23))
    assert expire_team_changes.call() == 0
    age(change, timedelta(days=7))
    assert expire_team_changes.call() == 1
    change.refresh_from_db()
    assert change.status == AgreementStatus.EXPIRED
    with pytest.raises(AgreementRefused, match="already been decided"):
        agree(TEAM_CHANGE, actor=cast.dsl, agreement=change)
    assert not StaffMembership.objects.filter(user=cast.teacher, role=Role.DEPUTY_DSL).exists()


def test_asking_again_after_the_time_ran_out_expires_the_old_request_before_the_sweep(cast):
    old = deputy_for(cast)
    age(old, TEAM_CHANGE.lifetime)
    new = deputy_for(cast)
    old.refresh_from_db()
    assert old.status == AgreementStatus.EXPIRED
    assert new.status == AgreementStatus.PENDING
    actions = list(AuditEvent.objects.filter(action__startswith="schools.team_change_")
                   .order_by("sequence").values_list("action", flat=True))  # fmt: skip
    assert actions == [
        "schools.team_change_requested",
        "schools.team_change_expired",
        "schools.team_change_requested",
    ]


def test_a_request_past_its_time_cannot_be_agreed_even_before_the_sweep(cast):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    age(reset, MFA_RESET.lifetime)
    with pytest.raises(AgreementRefused, match="more than 3 days ago"):
        agree(MFA_RESET, actor=cast.dsl, agreement=reset)
    assert TOTPDevice.objects.filter(user=cast.teacher).exists()


def test_the_steps_offered_are_those_each_person_may_take(cast):
    change = deputy_for(cast)  # the office asks for the teacher
    assert allowed_steps(TEAM_CHANGE, change, cast.office) == [WITHDRAW]
    assert allowed_steps(TEAM_CHANGE, change, cast.dsl) == [AGREE, REFUSE]
    assert allowed_steps(TEAM_CHANGE, change, cast.teacher) == []  # the person changed
    assert allowed_steps(TEAM_CHANGE, change, cast.deputy) == []
    assert allowed_steps(TEAM_CHANGE, change, cast.dsl2) == []


def test_the_person_a_team_change_is_about_can_neither_agree_nor_refuse_it(cast):
    change = change_staff_roles(
        actor=cast.office, school=cast.school, user=cast.dsl, roles=[Role.STAFF]
    )  # fmt: skip  (taking the DSL role away)
    assert change is not None
    assert allowed_steps(TEAM_CHANGE, change, cast.dsl) == []
    assert allowed_steps(TEAM_CHANGE, change, cast.head) == [AGREE, REFUSE]


def test_a_leavers_waiting_requests_are_withdrawn_with_them_and_audited(cast):
    reset = request_mfa_reset(actor=cast.dsl, school=cast.school, staff_member=cast.teacher)
    assert deactivate_or_ask(actor=cast.office, school=cast.school, user=cast.teacher) is None
    reset.refresh_from_db()
    assert (reset.status, reset.decided_by) == (AgreementStatus.WITHDRAWN, cast.office)
    assert AuditEvent.objects.filter(action="accounts.mfa_reset_withdrawn").count() == 1


def test_agreeing_to_deactivate_a_team_member_withdraws_their_other_requests_but_not_this_one(cast):
    leaving = deactivate_or_ask(actor=cast.office, school=cast.school, user=cast.deputy)
    assert leaving is not None
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.deputy)
    agree(TEAM_CHANGE, actor=cast.dsl, agreement=leaving)
    leaving.refresh_from_db()
    reset.refresh_from_db()
    assert leaving.status == AgreementStatus.DONE
    assert reset.status == AgreementStatus.WITHDRAWN
    assert not AuditEvent.objects.filter(action="schools.team_change_withdrawn").exists()


def test_expire_overdue_leaves_decided_requests_alone(cast):
    reset = request_mfa_reset(actor=cast.office, school=cast.school, staff_member=cast.teacher)
    agree(MFA_RESET, actor=cast.dsl, agreement=reset)
    age(reset, MFA_RESET.lifetime)
    assert expire_overdue(MFA_RESET) == 0
    reset.refresh_from_db()
    assert reset.status == AgreementStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_migration_tells_withdrawn_from_refused_by_who_decided(cast):
    before = [
        ("accounts", "0003_invitation_roles_recovery_code_hash"),
        ("schools", "0003_teamchange"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    reset = old.get_model("accounts", "MfaReset")
    change = old.get_model("schools", "TeamChange")
    now = timezone.now()
    common = {"school_id": cast.school.pk, "requested_by_id": cast.office.pk, "decided_at": now}
    by_asker = reset.objects.create(staff_member_id=cast.teacher.pk, status="cancelled",
                                    decided_by_id=cast.office.pk, **common)  # fmt: skip
    by_other = reset.objects.create(staff_member_id=cast.deputy.pk, status="cancelled",
                                    decided_by_id=cast.dsl.pk, **common)  # fmt: skip
    done = reset.objects.create(staff_member_id=cast.head.pk, status="done",
                                decided_by_id=cast.dsl.pk, **common)  # fmt: skip
    left = change.objects.create(staff_member_id=cast.teacher.pk, kind="roles", status="cancelled",
                                 decided_by_id=None, **common)  # fmt: skip
    waiting = change.objects.create(staff_member_id=cast.deputy.pk, kind="roles",
                                    status="pending", school_id=cast.school.pk,
                                    requested_by_id=cast.office.pk)  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    statuses = dict(MfaReset.objects.values_list("pk", "status"))
    assert statuses == {by_asker.pk: "withdrawn", by_other.pk: "refused", done.pk: "done"}
    changes = dict(TeamChange.objects.values_list("pk", "status"))
    assert changes == {left.pk: "withdrawn", waiting.pk: "pending"}
