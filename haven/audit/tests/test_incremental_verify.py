"""verify_audit_chain checks the events since each chain's newest signed checkpoint by default,
and every event with --full; it prints how many it checked and how fast."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from haven.audit.services import record
from haven.audit.tests.tampering import event_at, sql
from haven.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def more(cast, n):
    for number in range(n):
        record("test.viewed", actor=cast.dsl, school=cast.school, data={"more": number})


def test_after_a_checkpoint_only_the_newer_events_are_read(chain, scope, cast):
    call_command("write_audit_checkpoint", stdout=StringIO())
    more(cast, 4)
    report = verify_chain(scope, full=False)
    assert report.whole
    assert (report.since, report.checked, report.events) == (chain, 4, chain + 4)
    assert verify_chain(scope, full=True).checked == chain + 4
    output = run("--scope", scope)
    assert f"checked the 4 since the checkpoint at position {chain}" in output
    assert "Checked 4 events in" in output
    assert "a second" in output


def test_an_edit_after_the_checkpoint_is_caught_by_the_quick_check(chain, scope, cast):
    call_command("write_audit_checkpoint", stdout=StringIO())
    more(cast, 3)
    edited = event_at(scope, chain + 2)
    sql("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [edited.pk])
    with pytest.raises(CommandError, match="its content was altered"):
        run()


def test_an_edit_before_the_checkpoint_needs_the_full_check(chain, scope, cast):
    call_command("write_audit_checkpoint", stdout=StringIO())
    edited = event_at(scope, 3)
    sql("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [edited.pk])
    assert "whole" in run("--scope", scope)  # the quick check starts at the checkpoint
    with pytest.raises(CommandError, match="its content was altered"):
        run("--full")


def test_the_signed_event_itself_rewritten_is_caught_by_the_quick_check(chain, scope, cast):
    call_command("write_audit_checkpoint", stdout=StringIO())
    signed = event_at(scope, chain)
    sql("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [signed.pk])
    with pytest.raises(CommandError, match="differs from the checkpoint"):
        run()
