"""seed_scale makes a trust whose audit chains verify, whose narrative is encrypted, and refuses
production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from haven.audit.models import AuditEvent
from haven.cases.models import Case
from haven.concerns.models import Concern
from haven.concerns.seeding import BENCH_ACCOUNTS
from haven.schools.models import School


def test_seed_scale_at_a_tiny_size_makes_records_whose_audit_chains_verify(db, capsys):
    call_command(
        "seed_scale",
        "--schools=2",
        "--concerns-per-school=20",
        "--audit-events=300",
        "--pupils-per-school=10",
    )
    out = capsys.readouterr().out
    assert "rows per second" in out
    assert School.objects.filter(slug__startswith="scale-").count() == 2
    assert Concern.objects.count() == 40
    assert Case.objects.count() == 4
    assert AuditEvent.objects.filter(action="cases.case_viewed").exists()
    call_command("verify_audit_chain")  # raises CommandError on any broken chain
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM concerns_concern LIMIT 1")
        (stored,) = cursor.fetchone()
    assert "picture" not in stored  # encrypted at rest
    assert "picture" in Concern.objects.first().narrative
    from haven.accounts.models import User

    assert {a.email for a in BENCH_ACCOUNTS} <= set(User.objects.values_list("email", flat=True))
    call_command("seed_scale", "--if-empty")
    assert School.objects.filter(slug__startswith="scale-").count() == 2


def test_seed_scale_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never in production"):
        call_command("seed_scale", "--preset=small")
