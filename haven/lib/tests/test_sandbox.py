"""haven.lib.sandbox runs a function in a child process that holds no secrets, cannot write
files, and is stopped when it passes its time or memory limit."""

import json
import time

import pytest

from haven.lib import sandbox

TARGETS = "haven.lib.tests.sandbox_targets"
QUICK = sandbox.Limits(seconds=10.0, memory_bytes=768 * 1024 * 1024)


def test_the_child_gets_the_bytes_and_gives_back_its_answer():
    payload = bytes(range(256)) * 100
    assert sandbox.run(f"{TARGETS}:echo", payload, QUICK) == payload


def test_the_child_holds_none_of_havens_secrets(monkeypatch):
    monkeypatch.setenv("HAVEN_SECRET_KEY", "a secret the parser must never see")
    monkeypatch.setenv("DATABASE_URL", "postgres://haven:password@db/haven")
    seen = json.loads(sandbox.run(f"{TARGETS}:environment", b"", QUICK))
    assert "a secret" not in json.dumps(seen)
    assert not {name for name in seen if name.startswith(("HAVEN", "DATABASE", "PYTHON"))}


def test_a_child_that_runs_past_its_time_is_killed_within_the_limit():
    started = time.monotonic()
    with pytest.raises(sandbox.TookTooLong):
        sandbox.run(f"{TARGETS}:wait", b"60", sandbox.Limits(seconds=1.5))
    assert time.monotonic() - started < 4


def test_a_child_that_needs_more_memory_than_its_limit_is_stopped():
    limits = sandbox.Limits(seconds=20, memory_bytes=200 * 1024 * 1024)
    assert sandbox.run(f"{TARGETS}:fill_memory", b"20", limits) == b"20"
    with pytest.raises(sandbox.RanOutOfMemory):
        sandbox.run(f"{TARGETS}:fill_memory", b"400", limits)


def test_a_child_cannot_write_a_file(tmp_path):
    target = tmp_path / "kept.bin"
    with pytest.raises(sandbox.Crashed):
        sandbox.run(f"{TARGETS}:write_file", str(target).encode(), QUICK)
    assert not target.exists() or target.stat().st_size == 0


def test_an_error_in_the_child_is_a_crash_not_an_answer():
    with pytest.raises(sandbox.Crashed):
        sandbox.run(f"{TARGETS}:fail", b"", QUICK)
