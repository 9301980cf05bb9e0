"""Signed checkpoints: written outside the database, only for a chain that holds, never forged."""

import json

import pytest

from haven.audit import checkpoints
from haven.audit.checkpoints import Outcome
from haven.audit.installation import installation_id
from haven.audit.services import record
from haven.audit.tests.tampering import set_head, sql
from haven.audit.verification import verify_chain
from haven.system.schedule import registered_jobs

pytestmark = pytest.mark.django_db


def lines(scope):
    return checkpoints.file_for(scope).read_text().splitlines()


def test_a_checkpoint_line_is_signed_and_names_the_chain_head(chain, scope, checkpoint_dir):
    result = checkpoints.write(scope)
    assert result.outcome == Outcome.WRITTEN
    [line] = lines(scope)
    written = json.loads(line)
    assert set(written) == {
        "scope",
        "sequence",
        "hash",
        "count",
        "written_at",
        "installation",
        "mac",
    }
    assert (written["scope"], written["sequence"], written["count"]) == (scope, chain, chain)
    assert written["mac"] == checkpoints.mac({k: v for k, v in written.items() if k != "mac"})
    assert checkpoints.file_for(scope).parent == checkpoint_dir / installation_id()


def test_a_chain_that_has_not_grown_gets_no_new_line(chain, scope):
    checkpoints.write(scope)
    assert checkpoints.write(scope).outcome == Outcome.UNCHANGED
    assert len(lines(scope)) == 1


def test_a_grown_chain_gets_a_new_line_that_counts_every_event(chain, scope, cast):
    checkpoints.write(scope)
    record("test.viewed", actor=cast.dsl, school=cast.school)
    newest = checkpoints.write(scope).checkpoint
    assert (newest.sequence, newest.count) == (chain + 1, chain + 1)
    assert len(lines(scope)) == 2
    assert verify_chain(scope).checkpoints == 2


def test_every_chain_is_checkpointed(chain, cast):
    record("test.signed_in", actor=cast.dsl)
    written = {r.scope for r in checkpoints.write_all() if r.outcome == Outcome.WRITTEN}
    assert {f"school:{cast.school.pk}", f"school:{cast.school2.pk}", "global"} <= written


def test_a_broken_chain_is_not_signed(chain, scope):
    checkpoints.write(scope)
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > %s", [scope, chain - 3])
    set_head(scope, chain - 3)
    result = checkpoints.write(scope)
    assert result.outcome == Outcome.REFUSED
    assert "it was cut" in result.problem.problem
    assert len(lines(scope)) == 1


def test_an_event_broken_since_the_last_checkpoint_is_not_signed(chain, scope, cast):
    checkpoints.write(scope)
    record("test.viewed", actor=cast.dsl, school=cast.school)
    sql(
        "UPDATE audit_auditevent SET action = 'x' WHERE scope = %s AND sequence = %s",
        [scope, chain + 1],
    )
    result = checkpoints.write(scope)
    assert result.outcome == Outcome.REFUSED
    assert result.problem.sequence == chain + 1


def test_a_forged_checkpoint_line_is_reported(chain, scope):
    checkpoints.write(scope)
    forged = json.loads(lines(scope)[0])
    forged.update(sequence=chain + 50, count=chain + 50)
    with checkpoints.file_for(scope).open("a") as log:
        log.write(json.dumps(forged) + "\n")
    problem = verify_chain(scope).problem
    assert "checkpoint line 2" in problem.problem
    assert "bad signature" in problem.problem
    assert problem.sequence == chain + 50


def test_a_checkpoint_signed_with_another_key_is_reported(chain, scope, settings):
    settings.HAVEN_AUDIT_KEY = "some-other-key"
    checkpoints.write(scope)
    settings.HAVEN_AUDIT_KEY = "the-real-key"
    assert "bad signature" in verify_chain(scope).problem.problem


def test_an_unreadable_checkpoint_line_is_reported(chain, scope):
    checkpoints.write(scope)
    with checkpoints.file_for(scope).open("a") as log:
        log.write("not json\n")
    assert "checkpoint line 2" in verify_chain(scope).problem.problem


def test_a_checkpoint_moved_to_another_chains_file_is_reported(chain, scope, cast):
    checkpoints.write(scope)
    other = checkpoints.file_for(f"school:{cast.school2.pk}")
    other.write_text(lines(scope)[0] + "\n")
    reports = checkpoints.read(f"school:{cast.school2.pk}")
    assert reports.valid == []
    assert f"belongs to the chain {scope}" in reports.problems[0].problem


def test_a_forged_line_is_never_trusted_as_the_newest_checkpoint(chain, scope, cast):
    checkpoints.write(scope)
    with checkpoints.file_for(scope).open("a") as log:
        log.write(
            json.dumps(
                {
                    "scope": scope,
                    "sequence": 1,
                    "hash": "0" * 64,
                    "count": 1,
                    "written_at": "x",
                    "mac": "0" * 64,
                }
            )
            + "\n"
        )
    record("test.viewed", actor=cast.dsl, school=cast.school)
    assert checkpoints.write(scope).checkpoint.sequence == chain + 1


def test_checkpoints_are_written_every_fifteen_minutes_by_the_worker():
    [job] = [job for job in registered_jobs() if job.name.startswith("haven.audit.")]
    assert job.interval.total_seconds() == 15 * 60
    assert job.name == "haven.audit.tasks.write_audit_checkpoints"


def test_the_periodic_job_reports_what_it_did(chain):
    from haven.audit.tasks import write_audit_checkpoints

    counts = write_audit_checkpoints.call()
    assert counts["written"] >= 2
    assert write_audit_checkpoints.call()["written"] == 0


def test_the_newest_checkpoint_is_found_at_the_end_of_a_long_file(chain, scope, cast, monkeypatch):
    monkeypatch.setattr(checkpoints, "TAIL_BYTES", 600)  # about two lines
    for _ in range(5):
        record("test.viewed", actor=cast.dsl, school=cast.school)
        checkpoints.write(scope)
    assert checkpoints.newest(scope) == checkpoints.read(scope).newest
    assert checkpoints.newest(scope).sequence == chain + 5


def test_a_damaged_end_of_file_falls_back_to_reading_it_all(chain, scope, monkeypatch):
    monkeypatch.setattr(checkpoints, "TAIL_BYTES", 600)
    checkpoints.write(scope)
    with checkpoints.file_for(scope).open("a") as log:
        log.write(("x" * 100 + "\n") * 10)
    assert checkpoints.newest(scope).sequence == chain
