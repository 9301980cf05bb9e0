"""manage.py import_pupils and import_staff: the same checks and saving as the page."""

import pytest
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEvent
from haven.schools.models import ImportRun, ImportStatus, Pupil
from haven.schools.tests.conftest import csv_bytes, pupil_row, pupils_csv


@pytest.fixture
def csv_file(tmp_path):
    def write(data: bytes, name: str = "pupils.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def test_without_commit_the_command_shows_the_changes_and_saves_nothing(cast, csv_file, capsys):
    call_command("import_pupils", "--school", "elm", csv_file(pupils_csv(3)))
    out = capsys.readouterr().out
    assert "New: 3" in out
    assert "Marked as left: 2" in out
    assert "Nothing saved" in out
    assert not Pupil.objects.filter(upn__startswith="T").exists()
    assert ImportRun.objects.get().status == ImportStatus.CANCELLED


def test_with_commit_the_command_saves_and_is_audited(cast, csv_file, capsys):
    call_command("import_pupils", "--school", "elm", csv_file(pupils_csv(3)), "--commit")
    assert "Saved: 3 added, 0 changed, 2 left." in capsys.readouterr().out
    assert Pupil.objects.filter(upn__startswith="T", on_roll=True).count() == 3
    event = AuditEvent.objects.get(action="schools.pupils_imported")
    assert event.actor is None
    assert event.data["added"] == 3


def test_a_partial_file_marks_nobody_as_left(cast, csv_file):
    call_command(
        "import_pupils", "--school", "elm", csv_file(pupils_csv(3)), "--commit", "--partial"
    )
    assert Pupil.objects.get(pk=cast.pupil.pk).on_roll


def test_bad_rows_are_listed_by_line_and_nothing_is_saved(cast, csv_file, capsys):
    data = csv_bytes([pupil_row(1), pupil_row(2, DOB="soon")])
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_pupils", "--school", "elm", csv_file(data), "--commit")
    assert "line 3: Date of birth" in capsys.readouterr().err
    assert not Pupil.objects.filter(upn__startswith="T").exists()


def test_a_file_that_is_not_csv_is_refused(cast, csv_file):
    with pytest.raises(CommandError, match="looks like an image"):
        call_command("import_pupils", "--school", "elm", csv_file(b"\x89PNG\r\n\x1a\n\x00\x00"))


def test_an_unknown_school_is_refused(cast, csv_file):
    with pytest.raises(CommandError, match="No school"):
        call_command("import_pupils", "--school", "nowhere", csv_file(pupils_csv(1)))


def test_the_staff_command_invites_new_staff(cast, csv_file, capsys, mailoutbox):
    data = b"Forename,Surname,Email\nNia,New,nia@elm.test\n"
    call_command("import_staff", "--school", "elm", csv_file(data), "--commit")
    assert "Saved: 1 added" in capsys.readouterr().out
    from haven.schools.tests.conftest import run_queued_tasks

    run_queued_tasks()
    assert [m.to for m in mailoutbox] == [["nia@elm.test"]]


# --- Setting up a school ------------------------------------------------------------------------


def test_the_operator_sets_up_a_trust_and_a_school_and_both_are_audited(db, capsys):
    from haven.schools.models import School, Trust

    call_command("create_trust", "--name", "Oak Trust", "--slug", "oak-trust")
    call_command("create_school", "--name", "Ash School", "--slug", "ash", "--trust", "oak-trust")
    out = capsys.readouterr().out
    assert "School Ash School set up (ash)." in out
    assert "add_staff --school ash" in out
    school = School.objects.get(slug="ash")
    assert school.trust == Trust.objects.get(slug="oak-trust")
    events = AuditEvent.objects.filter(action__in=["schools.trust_created",
                                                   "schools.school_created"])  # fmt: skip
    assert [(e.action, e.actor) for e in events.order_by("pk")] == [
        ("schools.trust_created", None), ("schools.school_created", None),
    ]  # fmt: skip


def test_a_school_needs_a_new_slug_and_a_known_trust(cast):
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_school", "--name", "Elm Again", "--slug", "elm")
    with pytest.raises(CommandError, match="No trust"):
        call_command("create_school", "--name", "Ash", "--slug", "ash", "--trust", "nowhere")
    with pytest.raises(CommandError, match="not a slug"):
        call_command("create_school", "--name", "Ash", "--slug", "ash school")


def test_the_operator_adds_a_new_schools_first_dsl_who_needs_nobodys_agreement(
    db, capsys, mailoutbox
):
    from haven.accounts.models import Invitation
    from haven.schools.joining import accept_invitation
    from haven.schools.models import Role, StaffMembership
    from haven.schools.tests.conftest import run_queued_tasks

    call_command("create_school", "--name", "Ash School", "--slug", "ash")
    call_command("add_staff", "--school", "ash", "--email", "Ada@Ash.test", "--name", "Ada Ash",
                 "--role", "dsl", "--role", "headteacher")  # fmt: skip
    assert "Invitation to Ash School for ada@ash.test" in capsys.readouterr().out
    run_queued_tasks()
    assert [m.to for m in mailoutbox] == [["ada@ash.test"]]
    invitation = Invitation.objects.get()
    assert (invitation.invited_by, invitation.roles) == (None, ["dsl", "headteacher"])
    user = accept_invitation(invitation=invitation, password="a-very-long-pass-phrase-9")
    roles = StaffMembership.objects.filter(user=user, is_active=True).values_list("role", flat=True)
    assert set(roles) == {Role.DSL, Role.HEADTEACHER}
    created = AuditEvent.objects.get(action="accounts.invitation_created")
    assert created.actor is None


def test_add_staff_refuses_an_unknown_school_a_bad_address_and_a_trust_lead(db):
    call_command("create_school", "--name", "Ash School", "--slug", "ash")
    with pytest.raises(CommandError, match="No school"):
        call_command("add_staff", "--school", "oak", "--email", "a@b.test", "--name", "A",
                     "--role", "dsl")  # fmt: skip
    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("add_staff", "--school", "ash", "--email", "nope", "--name", "A",
                     "--role", "dsl")  # fmt: skip
    with pytest.raises(CommandError):
        call_command("add_staff", "--school", "ash", "--email", "a@b.test", "--name", "A",
                     "--role", "trust_lead")  # fmt: skip
