"""bench_alert_latency runs a real worker and reports its figures in a fixed format.

It runs in its own processes on a fresh SQLite database (the worker cannot see the test
database), and asserts only the output's shape: speed belongs to the benchmark, not to a test.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_benchmark_prints_median_and_p95_alert_latency(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(HAVEN_ENV="test", HAVEN_VAR_DIR=str(tmp_path))
    assert run(["migrate", "-v0"], env).returncode == 0
    result = run(["bench_alert_latency", "--count", "2"], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.fullmatch(r"median alert latency: \d+\.\d\d s", lines[-2])
    assert re.fullmatch(r"p95 alert latency: \d+\.\d\d s", lines[-1])
