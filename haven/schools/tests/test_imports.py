"""The MIS import services: check, preview, save (all or nothing), audit."""

import pytest
from django.core import mail
from django.utils import timezone

from haven.accounts.models import Invitation, User
from haven.audit.models import AuditEvent
from haven.schools import imports
from haven.schools.models import (
    ImportKind,
    ImportRun,
    ImportStatus,
    Pupil,
    RegistrationGroup,
    Role,
    StaffMembership,
)
from haven.schools.tests.conftest import (
    csv_bytes,
    pupil_row,
    pupils_csv,
    run_queued_tasks,
    upn,
)


def check(cast, data: bytes, kind=ImportKind.PUPILS, **options) -> ImportRun:
    return imports.check_file(
        actor=cast.office, school=cast.school, kind=kind, data=data, **options
    )


def save(cast, run: ImportRun) -> ImportRun:
    imports.start_import(actor=cast.office, run=run)
    run_queued_tasks()
    run.refresh_from_db()
    return run


def import_pupils(cast, data: bytes, **options) -> ImportRun:
    run = check(cast, data, **options)
    assert run.status == ImportStatus.PREVIEW, run.errors
    return save(cast, run)


def actions(run: ImportRun) -> list[str]:
    events = AuditEvent.objects.filter(object_id=str(run.pk)).order_by("occurred_at", "sequence")
    return list(events.values_list("action", flat=True))


def test_a_checked_file_waits_for_confirmation_and_saves_nothing_yet(cast):
    run = check(cast, pupils_csv(3))
    assert run.status == ImportStatus.PREVIEW
    assert len(run.rows) == 3
    assert not Pupil.objects.filter(upn=upn(1)).exists()
    event = AuditEvent.objects.get(action="schools.import_checked")
    assert event.data == {"kind": "pupils", "rows": 3, "errors": 0}
    assert event.actor == cast.office


def test_the_preview_shows_adds_changes_with_fields_and_leavers(cast):
    import_pupils(cast, pupils_csv(3), whole_roll=False)
    changed = pupil_row(2, Year="11", **{"Reg Group": "11Z"})
    run = check(cast, csv_bytes([pupil_row(1), changed, pupil_row(4)]))
    preview = imports.preview(run)
    assert [row["upn"] for row in preview.plan.adds] == [upn(4)]
    assert [(c.key, c.labels) for c in preview.plan.changes] == [
        (upn(2), ["year group", "registration group"])
    ]
    assert preview.plan.unchanged == 1
    # On roll but not in the file: the third import row and the cast's two pupils.
    assert sorted(preview.plan.leavers) == sorted([upn(3), cast.pupil.upn, cast.pupil2.upn])
    assert "Lex Morgan" in preview.leaver_names


def test_saving_adds_pupils_with_their_groups_and_is_audited_with_counts_only(cast):
    run = import_pupils(cast, pupils_csv(5))
    assert (run.status, run.added, run.changed, run.left) == (ImportStatus.DONE, 5, 0, 2)
    pupil = Pupil.objects.get(upn=upn(1))
    assert pupil.legal_name == "First1 Surname1"
    assert pupil.year_group.curriculum_year == 8
    assert pupil.reg_group == RegistrationGroup.objects.get(school=cast.school, name="8B")
    assert pupil.search_name == "first1 surname1"
    assert run.rows == []  # the file's rows are not kept once saved
    assert actions(run) == [
        "schools.import_checked",
        "schools.import_started",
        "schools.pupils_imported",
    ]
    event = AuditEvent.objects.get(action="schools.pupils_imported")
    assert event.data == {"rows": 5, "added": 5, "changed": 0, "left": 2}
    assert event.school_id == cast.school.pk


def test_importing_again_updates_and_never_duplicates(cast):
    import_pupils(cast, pupils_csv(5))
    renamed = pupil_row(1, **{"Preferred Forename": "Fi", "SEN Status": "E", "In Care": "Y"})
    run = import_pupils(cast, csv_bytes([renamed] + [pupil_row(n) for n in range(2, 6)]))
    assert (run.added, run.changed, run.left) == (0, 1, 0)
    assert Pupil.objects.filter(school=cast.school, upn=upn(1)).count() == 1
    pupil = Pupil.objects.get(upn=upn(1))
    assert (pupil.display_name, pupil.send, pupil.looked_after) == ("Fi Surname1", "ehcp", True)
    assert "fi" in pupil.search_name.split()


def test_pupils_not_in_a_whole_roll_file_are_marked_left_with_the_date_never_deleted(cast):
    import_pupils(cast, pupils_csv(3))
    run = import_pupils(cast, pupils_csv(2))
    assert run.left == 1
    leaver = Pupil.objects.get(upn=upn(3))
    assert (leaver.on_roll, leaver.left_on) == (False, timezone.localdate())


def test_a_partial_file_marks_nobody_as_left(cast):
    run = import_pupils(cast, pupils_csv(2), whole_roll=False)
    assert run.left == 0
    assert Pupil.objects.get(pk=cast.pupil.pk).on_roll


def test_a_pupil_who_left_and_comes_back_is_on_roll_again(cast):
    import_pupils(cast, pupils_csv(2))
    import_pupils(cast, pupils_csv(1))
    run = import_pupils(cast, pupils_csv(2))
    assert run.changed == 1
    pupil = Pupil.objects.get(upn=upn(2))
    assert (pupil.on_roll, pupil.left_on) == (True, None)


def test_a_file_with_a_bad_row_is_refused_whole_with_every_problem_by_line(cast):
    rows = [pupil_row(n) for n in range(1, 2001)]
    rows[99]["DOB"] = "31/02/2012"  # line 101
    rows[500]["UPN"] = ""  # line 502
    rows[1498]["UPN"] = upn(7)  # line 1500, a repeat of line 8
    rows[1999]["Year"] = "Year 20"  # line 2001
    run = check(cast, csv_bytes(rows))
    assert run.status == ImportStatus.INVALID
    assert run.total_rows == 2000
    assert [(e["line"], e["message"]) for e in run.errors] == [
        (101, 'Date of birth "31/02/2012" is not a date Haven can read. Use dd/mm/yyyy, for '
              "example 04/03/2012"),
        (502, "UPN is missing"),
        (1500, f"UPN {upn(7)} is also on line 8"),
        (2001, 'Year group "Year 20" is not a year group Haven knows (use 1 to 14, R, N1 or N2)'),
    ]  # fmt: skip
    assert run.rows == []
    with pytest.raises(imports.ImportRefused):
        imports.start_import(actor=cast.office, run=run)
    assert Pupil.objects.filter(school=cast.school).count() == 2


def test_a_2000_row_file_saves_every_row_in_one_go(cast):
    run = import_pupils(cast, pupils_csv(2000))
    assert (run.status, run.added, run.checked_rows) == (ImportStatus.DONE, 2000, 2000)
    assert Pupil.objects.filter(school=cast.school, on_roll=True).count() == 2000


def test_an_error_while_saving_saves_nothing_at_all(cast, monkeypatch):
    import_pupils(cast, pupils_csv(3))
    run = check(cast, pupils_csv(6))  # 3 adds
    original = imports.save_pupils

    def save_then_fail(run, plan):
        original(run, plan)  # everything written...
        raise RuntimeError("disk full")  # ...then the transaction must roll it all back

    monkeypatch.setattr(imports, "save_pupils", save_then_fail)
    imports.start_import(actor=cast.office, run=run)
    run_queued_tasks()
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "nothing was saved" in run.errors[0]["message"]
    assert Pupil.objects.filter(school=cast.school).count() == 5
    assert "schools.pupils_imported" not in actions(run)
    assert actions(run)[-1] == "schools.import_failed"


def test_running_the_save_task_twice_saves_once(cast):
    run = check(cast, pupils_csv(3))
    imports.start_import(actor=cast.office, run=run)
    assert imports.run_import(str(run.pk)) == ImportStatus.DONE
    assert imports.run_import(str(run.pk)) == ImportStatus.DONE
    assert Pupil.objects.filter(upn__startswith="T").count() == 3
    assert AuditEvent.objects.filter(action="schools.pupils_imported").count() == 1


def test_a_run_whose_worker_died_part_way_starts_again_from_the_beginning(cast):
    run = check(cast, pupils_csv(3))
    imports.start_import(actor=cast.office, run=run)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.CHECKING, checked_rows=2)
    assert imports.run_import(str(run.pk)) == ImportStatus.DONE
    assert Pupil.objects.filter(upn__startswith="T").count() == 3


def test_a_preview_is_out_of_date_once_another_import_has_been_saved(cast):
    first, second = check(cast, pupils_csv(3)), check(cast, pupils_csv(4))
    save(cast, first)
    with pytest.raises(imports.ImportRefused, match="out of date"):
        imports.start_import(actor=cast.office, run=second)


def test_only_one_import_per_school_is_saved_at_a_time(cast):
    first, second = check(cast, pupils_csv(3)), check(cast, pupils_csv(4))
    imports.start_import(actor=cast.office, run=first)
    with pytest.raises(imports.ImportRefused, match="being saved"):
        imports.start_import(actor=cast.office, run=second)


def test_a_preview_can_be_saved_only_once(cast):
    run = check(cast, pupils_csv(3))
    imports.start_import(actor=cast.office, run=run)
    with pytest.raises(imports.ImportRefused, match="already"):
        imports.start_import(actor=cast.office, run=run)


def test_cancelling_a_preview_forgets_its_rows_and_is_audited(cast):
    run = check(cast, pupils_csv(3))
    imports.cancel_import(actor=cast.office, run=run)
    run.refresh_from_db()
    assert (run.status, run.rows) == (ImportStatus.CANCELLED, [])
    assert "schools.import_cancelled" in actions(run)


def test_an_abandoned_preview_is_cleared_after_a_day(cast):
    from haven.schools.tasks import clear_abandoned_imports

    run = check(cast, pupils_csv(3))
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=2)
    )
    assert clear_abandoned_imports.call() == 1
    run.refresh_from_db()
    assert (run.status, run.rows) == (ImportStatus.CANCELLED, [])


def test_the_problems_listed_for_a_file_are_removed_after_30_days(cast):
    from haven.schools.tasks import clear_abandoned_imports

    old, new = check(cast, b"UPN,Forename,Surname,DOB\nX,A,B,soon\n"), check(cast, b"UPN\nX\n")
    ImportRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=31)
    )
    clear_abandoned_imports.call()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.errors, old.error_count) == ([], 2)
    assert new.errors


def test_a_pupil_at_another_school_with_the_same_upn_is_untouched(cast):
    data = csv_bytes([pupil_row(1, UPN=cast.pupil_at_school2.upn)])
    run = import_pupils(cast, data, whole_roll=False)
    assert run.added == 1
    other = Pupil.objects.get(pk=cast.pupil_at_school2.pk)
    assert other.legal_first_name == "Kit"
    assert other.school == cast.school2


def test_the_preview_takes_the_same_queries_for_20_rows_as_for_2000(
    cast, django_assert_num_queries
):
    import_pupils(cast, pupils_csv(20))
    small, large = check(cast, pupils_csv(20)), check(cast, pupils_csv(2000))
    with django_assert_num_queries(1):
        imports.preview(small)
    import_pupils(cast, pupils_csv(2000))
    with django_assert_num_queries(1):
        imports.preview(large)


# --- Staff --------------------------------------------------------------------------------------

STAFF_HEADER = ["Title", "Forename", "Surname", "Work Email", "Job Title", "Haven Role"]


def staff_csv(*rows: tuple[str, str, str, str, str]) -> bytes:
    return csv_bytes(
        [dict(zip(STAFF_HEADER, ("Ms", *row), strict=True)) for row in rows], STAFF_HEADER
    )


def test_a_staff_import_invites_new_staff_as_members_of_staff(cast):
    run = check(cast, staff_csv(("Nia", "New", "nia@elm.test", "Teacher", "")), ImportKind.STAFF)
    run = save(cast, run)
    assert (run.status, run.added) == (ImportStatus.DONE, 1)
    nia = User.objects.get(email="nia@elm.test")
    assert nia.full_name == "Nia New"
    assert not nia.has_usable_password()
    assert not StaffMembership.objects.filter(user=nia).exists()  # not until they accept
    invitation = Invitation.objects.get(user=nia, school=cast.school)
    assert (invitation.roles, invitation.job_title) == (["staff"], "Teacher")
    assert [m.to for m in mail.outbox] == [["nia@elm.test"]]
    assert AuditEvent.objects.get(action="schools.staff_imported").data == {
        "rows": 1, "added": 1, "changed": 0, "left": 0,
    }  # fmt: skip


def held_roles(user) -> set[str]:
    memberships = StaffMembership.objects.filter(user=user, is_active=True)
    return set(memberships.values_list("role", flat=True))


def test_a_staff_import_updates_known_staff_and_only_adds_roles(cast):
    rows = staff_csv(
        ("Tim", "Teacher", "teacher@elm.test", "Head of Year 9", "Staff, School admin"),
        ("Dina", "Lead", "dsl@elm.test", "", "Staff"),
    )
    run = save(cast, check(cast, rows, ImportKind.STAFF))
    assert (run.added, run.changed) == (0, 1)
    assert held_roles(cast.teacher) == {Role.STAFF, Role.SCHOOL_ADMIN}
    assert StaffMembership.objects.filter(user=cast.dsl, is_active=True).count() == 1
    assert mail.outbox == []  # they already use Haven


def test_a_staff_import_asks_for_a_safeguarding_role_and_gives_it_only_when_agreed(cast):
    from haven.schools.models import TeamChange
    from haven.schools.team import agree_to_team_change

    rows = staff_csv(("Tim", "Teacher", "teacher@elm.test", "", "Deputy DSL"))
    run = save(cast, check(cast, rows, ImportKind.STAFF))
    assert (run.status, run.changed) == (ImportStatus.DONE, 1)
    assert held_roles(cast.teacher) == {Role.STAFF}
    change = TeamChange.objects.get(staff_member=cast.teacher)
    assert (change.requested_by, change.roles_added) == (cast.office, ["deputy_dsl"])
    agree_to_team_change(actor=cast.head, change=change)
    assert held_roles(cast.teacher) == {Role.STAFF, Role.DEPUTY_DSL}


def test_a_staff_import_run_by_the_operator_gives_a_safeguarding_role_at_once(cast, tmp_path):
    from django.core.management import call_command

    from haven.alerts.models import Alert

    path = tmp_path / "staff.csv"
    path.write_bytes(staff_csv(("Tim", "Teacher", "teacher@elm.test", "", "Deputy DSL")))
    call_command("import_staff", "--school", "elm", str(path), "--commit")
    assert held_roles(cast.teacher) == {Role.STAFF, Role.DEPUTY_DSL}
    told = set(Alert.objects.values_list("recipient", flat=True))
    assert {cast.dsl.pk, cast.deputy.pk, cast.head.pk, cast.teacher.pk} <= told


def test_a_staff_import_never_removes_anyone(cast):
    run = save(
        cast,
        check(cast, staff_csv(("Tim", "Teacher", "teacher@elm.test", "", "")), ImportKind.STAFF),
    )
    assert run.status == ImportStatus.DONE
    assert StaffMembership.objects.filter(school=cast.school, is_active=True).count() == 6
