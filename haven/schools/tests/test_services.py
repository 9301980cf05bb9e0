"""The school and staff services on their own: what they change and the audit event each writes."""

import pytest

from haven.accounts.models import User
from haven.accounts.services import invite_staff_member
from haven.audit.models import AuditEvent
from haven.lib.errors import Refused
from haven.schools import imports
from haven.schools.models import ImportKind, ImportStatus, Role, StaffMembership
from haven.schools.services import (
    SchoolError,
    add_staff_member,
    change_roles,
    grant_roles,
    update_school_settings,
)


def test_saving_settings_records_only_the_names_of_the_fields_that_changed(cast):
    changed = update_school_settings(actor=cast.office, school=cast.school, name="Elm Academy")
    assert changed == ["name"]
    event = AuditEvent.objects.get(action="schools.settings_changed")
    assert (event.actor, event.school, event.data) == (
        cast.office,
        cast.school,
        {"fields": ["name"]},
    )


def test_saving_unchanged_settings_writes_no_event(cast):
    assert (
        update_school_settings(actor=cast.office, school=cast.school, name=cast.school.name) == []
    )
    assert not AuditEvent.objects.filter(action="schools.settings_changed").exists()


def test_granting_a_role_again_after_it_was_removed_switches_it_back_on(cast):
    change_roles(actor=cast.office, school=cast.school, user=cast.teacher,
                 roles=[Role.SCHOOL_ADMIN])  # fmt: skip
    grant_roles(actor=cast.office, school=cast.school, user=cast.teacher, roles=[Role.STAFF])
    assert StaffMembership.objects.filter(user=cast.teacher, role=Role.STAFF).count() == 1
    assert StaffMembership.objects.get(user=cast.teacher, role=Role.STAFF).is_active
    grants = AuditEvent.objects.filter(action="schools.role_granted", actor=cast.office)
    assert [event.data["role"] for event in grants] == ["school_admin", "staff"]


@pytest.mark.parametrize("role", [Role.DSL, Role.DEPUTY_DSL, Role.HEADTEACHER])
def test_nobody_gives_a_safeguarding_role_alone(cast, role):
    for user in (cast.office, cast.teacher):  # themselves, or anyone else
        with pytest.raises(SchoolError, match="only when the DSL or headteacher agrees"):
            grant_roles(actor=cast.office, school=cast.school, user=user, roles=[role])
        with pytest.raises(SchoolError, match="only when the DSL or headteacher agrees"):
            change_roles(actor=cast.office, school=cast.school, user=user,
                         roles=[Role.STAFF, Role.SCHOOL_ADMIN, role])  # fmt: skip
    with pytest.raises(SchoolError, match="only when the DSL or headteacher agrees"):
        add_staff_member(actor=cast.dsl, school=cast.school, email="x@elm.test",
                         full_name="X", roles=[role])  # fmt: skip
    assert not StaffMembership.objects.filter(user__in=[cast.office, cast.teacher], role=role)


def test_nobody_takes_a_safeguarding_role_away_alone(cast):
    with pytest.raises(SchoolError, match="only when the DSL or headteacher agrees"):
        change_roles(actor=cast.office, school=cast.school, user=cast.dsl, roles=[Role.STAFF])
    assert StaffMembership.objects.get(user=cast.dsl, role=Role.DSL).is_active


def test_an_administrator_cannot_ask_for_a_safeguarding_role_for_themselves(cast):
    from haven.schools.team import change_staff_roles

    with pytest.raises(Refused, match="your own safeguarding roles"):
        change_staff_roles(actor=cast.office, school=cast.school, user=cast.office,
                           roles=[Role.SCHOOL_ADMIN, Role.DSL])  # fmt: skip
    with pytest.raises(Refused, match="already works at this school"):
        invite_staff_member(
            actor=cast.office,
            school=cast.school,
            email=cast.office.email,
            full_name="Omar Office",
            roles=[Role.DSL],
        )
    assert not StaffMembership.objects.filter(user=cast.office, role=Role.DSL).exists()


def test_a_staff_import_that_would_give_its_importer_a_safeguarding_role_saves_nothing(cast):
    data = (
        b"Email,Forename,Surname,Haven Role\n"
        b"nia@elm.test,Nia,New,\n"
        b"office@elm.test,Omar,Office,DSL\n"
    )
    run = imports.check_file(
        actor=cast.office, school=cast.school, kind=ImportKind.STAFF, data=data
    )
    imports.start_import(actor=cast.office, run=run, enqueue=False)
    assert imports.run_import(str(run.pk)) == ImportStatus.FAILED
    run.refresh_from_db()
    assert run.errors[1] == {
        "line": 3,
        "message": "You cannot ask for a change to your own safeguarding roles. Ask a colleague.",
    }
    assert not User.objects.filter(email="nia@elm.test").exists()


def test_a_trust_lead_is_never_made_by_a_school(cast):
    with pytest.raises(SchoolError):
        grant_roles(
            actor=cast.office, school=cast.school, user=cast.teacher, roles=[Role.TRUST_LEAD]
        )


def test_changing_roles_needs_at_least_one(cast):
    with pytest.raises(SchoolError, match="at least one role"):
        change_roles(actor=cast.office, school=cast.school, user=cast.teacher, roles=[])
