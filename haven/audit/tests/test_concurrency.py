"""Concurrent writers: one school's chain never forks; two schools never wait on each other."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from haven.audit.models import AuditEvent
from haven.audit.services import record, scope_for
from haven.audit.verification import verify_chain

WRITERS, EACH = 8, 25


def test_concurrent_writers_at_one_school_never_fork_its_chain(transactional_db, cast):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "the in-memory test database reports 'table is locked' instead of waiting; "
            "the SQLite file test below runs the same writers as Haven runs SQLite"
        )
    errors = []
    ready = threading.Barrier(WRITERS)

    def write(writer):
        try:
            ready.wait()
            for number in range(EACH):
                record(
                    "test.concurrent",
                    actor=None,
                    school=cast.school,
                    data={"w": writer, "n": number},
                )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    scope = scope_for(cast.school.pk)
    assert (
        AuditEvent.objects.filter(scope=scope, action="test.concurrent").count() == WRITERS * EACH
    )
    report = verify_chain(scope)
    assert report.problem is None
    assert report.events == AuditEvent.objects.filter(scope=scope).count()


def test_concurrent_writers_on_an_sqlite_file_never_fork_the_chain(tmp_path):
    env = {
        **os.environ,
        "HAVEN_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/haven.sqlite3",
        "HAVEN_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True}
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0", "--skip-checks"], **run
    )
    assert migrated.returncode == 0, migrated.stderr
    script = "haven.audit.tests.concurrent_writers"
    ran = subprocess.run([sys.executable, "-m", script, str(WRITERS), str(EACH)], **run)
    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout.strip().splitlines()[-1])
    assert outcome == {"errors": [], "written": WRITERS * EACH, "problem": ""}


def test_a_writer_at_one_school_does_not_wait_for_a_writer_at_another(transactional_db, cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time into the whole database, by design")
    holding, release, other_done = threading.Event(), threading.Event(), threading.Event()

    def hold_school_one():
        try:
            with transaction.atomic():
                record("test.slow", actor=None, school=cast.school)  # locks school one's head
                holding.set()
                release.wait(timeout=60)
        finally:
            connection.close()

    def write_school_two():
        try:
            holding.wait(timeout=60)
            record("test.quick", actor=None, school=cast.school2)
            other_done.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=hold_school_one), threading.Thread(target=write_school_two)]
    for thread in threads:
        thread.start()
    # The wait ends as soon as school two has written, while school one still holds its lock.
    finished_while_held = other_done.wait(timeout=60)
    release.set()
    for thread in threads:
        thread.join()
    assert finished_while_held
    assert verify_chain(scope_for(cast.school.pk)).whole
    assert verify_chain(scope_for(cast.school2.pk)).whole
