"""Backup and restore round trip: into an empty database, with the audit chain verified after.

Runs on SQLite, and on PostgreSQL when DATABASE_URL names one (pg_dump and pg_restore)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from haven.audit import checkpoints
from haven.audit.installation import become_new_installation, installation_id
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.services import record, scope_for
from haven.schools.models import Pupil

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.HAVEN_AUDIT_CHECKPOINT_DIR


def run(name, *args, **options):
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def grow(cast, times):
    for number in range(times):
        record(
            "test.viewed", actor=cast.dsl, school=cast.school, pupil=cast.pupil, data={"n": number}
        )


def empty_the_database():
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()


def test_backup_then_restore_into_an_empty_database_verifies_and_says_what_was_lost(cast, tmp_path):
    scope = scope_for(cast.school.pk)
    grow(cast, 5)
    out = tmp_path / "backup"
    assert "Backed up" in run("backup", "--out", str(out))
    at_backup = ChainHead.objects.get(scope=scope).sequence
    grow(cast, 4)  # written after the backup, signed, then lost with the database
    run("write_audit_checkpoint")
    lost_upto = at_backup + 4
    installation = installation_id()

    empty_the_database()
    output = run("restore", str(out))
    assert f"restored {scope} to position {at_backup}" in output

    assert installation_id() == installation
    assert Pupil.objects.filter(pk=cast.pupil.pk).exists()
    verified = run("verify_audit_chain")
    line = next(row for row in verified.splitlines() if row.startswith(f"whole {scope}:"))
    assert f"restored to position {at_backup} on" in line
    assert f"lost since the backup: events {at_backup + 1} to {lost_upto}" in line
    assert AuditEvent.objects.filter(action="audit.restored_from_backup").exists()

    # The restored database carries on: new events are checkpointed and verify.
    grow(cast, 2)
    run("write_audit_checkpoint")
    run("verify_audit_chain")


def test_a_backup_never_holds_the_keys(cast, tmp_path):
    out = tmp_path / "backup"
    run("backup", "--out", str(out))
    secrets = [settings.HAVEN_AUDIT_KEY, settings.SECRET_KEY, *settings.HAVEN_DATA_KEYS.split(",")]
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.split(":")[-1].encode() not in data, path.name
    manifest = json.loads((out / "manifest.json").read_text())
    assert any(name.startswith("checkpoints/") for name in manifest["files"])


def test_restore_refuses_a_database_that_is_not_empty(cast, tmp_path):
    out = tmp_path / "backup"
    run("backup", "--out", str(out))
    with pytest.raises(CommandError, match="not empty"):
        run("restore", str(out))


def test_restore_refuses_a_changed_backup(cast, tmp_path):
    out = tmp_path / "backup"
    run("backup", "--out", str(out))
    [stored] = [p for p in out.iterdir() if p.name.startswith("database.")]
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 1
    stored.write_bytes(bytes(data))
    empty_the_database()
    with pytest.raises(CommandError, match="missing or was changed"):
        run("restore", str(out))


def test_backup_refuses_a_folder_that_is_not_empty(cast, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        run("backup", "--out", str(tmp_path / "full"))


def test_another_database_with_the_same_checkpoint_folder_is_another_installation(cast):
    grow(cast, 3)
    run("write_audit_checkpoint")
    first = installation_id()
    become_new_installation()  # as a fresh database pointed at the same folder would be
    output = run("verify_audit_chain")
    assert "BROKEN" not in output
    assert f"other installations, not checked against it: {first}" in output
    run("write_audit_checkpoint")
    assert checkpoints.file_for(scope_for(cast.school.pk)).exists()
    run("verify_audit_chain")


def test_a_restore_as_a_copy_is_a_new_installation_that_verifies(cast, tmp_path):
    grow(cast, 3)
    out = tmp_path / "backup"
    run("backup", "--out", str(out))
    original = installation_id()
    empty_the_database()
    run("restore", str(out), as_copy=True)
    assert installation_id() != original
    output = run("verify_audit_chain")
    assert "BROKEN" not in output
    assert "restored to position" in output
