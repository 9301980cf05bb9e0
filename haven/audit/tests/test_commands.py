"""The operators' commands: verify_audit_chain and write_audit_checkpoint."""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from haven.audit.tests.tampering import event_at, set_head, sql

pytestmark = pytest.mark.django_db


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_verify_prints_each_chain_and_succeeds_when_all_are_whole(chain, scope, cast):
    output = run("verify_audit_chain")
    assert f"whole {scope}: {chain} events" in output
    assert f"whole school:{cast.school2.pk}" in output


def test_verify_fails_naming_the_first_broken_event(chain, scope):
    edited = event_at(scope, 7)
    sql("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [edited.pk])
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain", stdout=out)
    message = str(failure.value)
    assert f"{scope}: event {edited.pk} at position 7: its content was altered" in message
    assert f"BROKEN {scope}" in out.getvalue()


def test_verify_can_check_one_chain(chain, scope, cast):
    output = run("verify_audit_chain", "--scope", scope)
    assert scope in output
    assert f"school:{cast.school2.pk}" not in output


def test_verify_exits_with_status_one_from_the_command_line(chain, scope, capsys):
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence = 3", [scope])
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "verify_audit_chain", "--scope", scope]).execute()
    assert exit_.value.code == 1
    assert "an event is missing before this one" in capsys.readouterr().err


def test_checkpoint_command_writes_then_verify_catches_a_cut_tail(chain, scope):
    assert f"written {scope} at position {chain}" in run("write_audit_checkpoint")
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > 5", [scope])
    set_head(scope, 5)
    with pytest.raises(CommandError, match="its newest events were removed"):
        run("verify_audit_chain")


def test_checkpoint_command_refuses_a_broken_chain(chain, scope):
    run("write_audit_checkpoint")
    sql("DELETE FROM audit_auditevent WHERE scope = %s AND sequence > 5", [scope])
    set_head(scope, 5)
    with pytest.raises(CommandError, match="not checkpointed"):
        run("write_audit_checkpoint", "--scope", scope)


def test_verify_refuses_a_chain_that_does_not_exist(chain):
    with pytest.raises(CommandError, match='no audit chain "school:999999"'):
        run("verify_audit_chain", "--scope", "school:999999")
