"""Verification catches every kind of tampering a database owner could do with raw SQL."""

import pytest

from haven.audit import checkpoints, verification
from haven.audit.services import record
from haven.audit.tests.tampering import (
    event_at,
    insert_forged,
    move,
    rewrite_from,
    set_head,
    sql,
)
from haven.audit.verification import verify, verify_chain

pytestmark = pytest.mark.django_db


def problem_in(scope):
    return verify_chain(scope).problem


def test_an_untouched_chain_is_whole_and_every_event_is_counted(chain, scope):
    report = verify_chain(scope)
    assert report.whole
    assert report.events == chain


def test_every_chain_is_verified_including_the_global_one(chain, scope, cast):
    record("test.signed_in", actor=cast.dsl)
    reports = {report.scope: report for report in verify()}
    assert {scope, f"school:{cast.school2.pk}", "global"} <= set(reports)
    assert all(report.whole for report in reports.values())


def test_an_edited_field_is_caught_at_that_event(chain, scope):
    edited = event_at(scope, 5)
    sql("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["test.innocent", edited.pk])
    problem = problem_in(scope)
    assert (problem.sequence, problem.event_id) == (5, edited.pk)
    assert problem.problem == "its content was altered"


def test_edited_data_is_caught(chain, scope):
    sql(
        "UPDATE audit_auditevent SET data = %s WHERE scope = %s AND sequence = 6",
        ['{"n": 99}', scope],
    )
    assert problem_in(scope).sequence == 6


def test_a_deleted_middle_event_is_caught_where_it_was(chain, scope):
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence = 4", [scope])
    problem = problem_in(scope)
    assert problem.sequence == 4
    assert problem.problem == "an event is missing before this one"
    assert problem.event_id == event_at(scope, 5).pk


def test_a_forged_event_inserted_in_the_middle_is_caught(chain, scope):
    for sequence in range(chain, 3, -1):  # make room at position 4, newest first
        move(scope, sequence, sequence + 1)
    insert_forged(scope, 4, prev_hash=event_at(scope, 3).hash, like=event_at(scope, 3))
    set_head(scope, chain + 1)
    problem = problem_in(scope)
    assert problem.sequence == 5  # the forgery links back, but the next event does not link to it
    assert problem.problem == "does not follow the event before it"


def test_a_forged_event_added_after_the_head_is_caught(chain, scope):
    newest = event_at(scope, chain)
    insert_forged(scope, chain + 1, prev_hash=newest.hash, like=newest)
    problem = problem_in(scope)
    assert problem.sequence == chain + 1
    assert problem.problem == "there are events after the chain head"


def test_two_events_swapped_are_caught(chain, scope):
    move(scope, 3, 10**9)
    move(scope, 4, 3)
    move(scope, 10**9, 4)
    problem = problem_in(scope)
    assert problem.sequence == 3
    assert problem.problem == "does not follow the event before it"


def test_a_cut_tail_is_caught_by_the_head(chain, scope):
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > %s", [scope, chain - 3])
    problem = problem_in(scope)
    assert problem.sequence == chain - 2
    assert problem.problem == "the chain's newest events were removed"


def test_a_cut_tail_with_a_rewritten_head_passes_the_chain_alone(chain, scope):
    """The reason checkpoints exist: inside the database this looks whole."""
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > %s", [scope, chain - 3])
    set_head(scope, chain - 3)
    assert verify_chain(scope).whole


def test_a_cut_tail_with_a_rewritten_head_is_caught_by_a_checkpoint(chain, scope):
    checkpoints.write(scope)
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > %s", [scope, chain - 3])
    set_head(scope, chain - 3)
    problem = problem_in(scope)
    assert problem.sequence == chain - 2
    assert "its newest events were removed" in problem.problem
    assert f"signed up to position {chain}" in problem.problem


def test_a_chain_rewritten_to_look_whole_is_caught_by_a_checkpoint(chain, scope):
    checkpoints.write(scope)
    sql(
        "UPDATE audit_auditevent SET action = %s WHERE scope = %s AND sequence = 2",
        ["test.innocent", scope],
    )
    rewrite_from(scope, 2)
    problem = problem_in(scope)
    assert problem.sequence == chain  # the first checkpointed position after the edit
    assert "differs from the checkpoint signed at" in problem.problem


def test_a_chain_whose_every_event_was_deleted_is_caught_by_its_checkpoint(chain, scope):
    checkpoints.write(scope)
    sql("DELETE FROM audit_auditevent WHERE scope = %s", [scope])
    sql("DELETE FROM audit_chainhead WHERE scope = %s", [scope])
    reports = {report.scope: report for report in verify()}
    assert "newest events were removed" in reports[scope].problem.problem


def test_a_deleted_head_row_is_caught(chain, scope):
    sql("DELETE FROM audit_chainhead WHERE scope = %s", [scope])
    assert problem_in(scope).problem == "the chain's head row is missing"


def test_events_added_while_a_chain_is_verified_are_left_for_the_next_run(
    chain, scope, cast, monkeypatch
):
    original = verification._head

    def head_then_a_new_event(name):
        head = original(name)
        record("test.viewed", actor=cast.dsl, school=cast.school)
        return head

    monkeypatch.setattr(verification, "_head", head_then_a_new_event)
    report = verify_chain(scope)
    assert report.whole
    assert report.events == chain
    monkeypatch.undo()
    assert verify_chain(scope).events == chain + 2


def test_a_chain_read_a_few_events_at_a_time_is_checked_across_chunk_edges(
    chain, scope, monkeypatch
):
    monkeypatch.setattr(verification, "CHUNK", 3)
    assert verify_chain(scope).events == chain
    move(scope, 6, 10**9)
    move(scope, 7, 6)
    move(scope, 10**9, 7)
    assert problem_in(scope).sequence == 6
