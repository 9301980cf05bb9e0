"""Fixtures for the schools app: CSV files as an MIS exports them, and running queued tasks."""

import csv
import io
from datetime import date

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from haven.schools.models import Role

PUPIL_HEADER = [
    "UPN", "Legal Surname", "Legal Forename", "Preferred Forename", "DOB", "Year", "Reg Group",
    "Gender", "SEN Status", "In Care", "Social Worker",
]  # fmt: skip


def upn(n: int) -> str:
    return f"T{n:012d}"


def pupil_row(n: int, **overrides) -> dict[str, str]:
    row = {
        "UPN": upn(n),
        "Legal Surname": f"Surname{n}",
        "Legal Forename": f"First{n}",
        "Preferred Forename": "",
        "DOB": date(2012, 1 + n % 12, 1 + n % 28).strftime("%d/%m/%Y"),
        "Year": str(7 + n % 5),
        "Reg Group": f"{7 + n % 5}{'ABC'[n % 3]}",
        "Gender": "F" if n % 2 else "M",
        "SEN Status": "N",
        "In Care": "N",
        "Social Worker": "N",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or PUPIL_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def pupils_csv(count: int, start: int = 1, **overrides) -> bytes:
    return csv_bytes([pupil_row(n, **overrides) for n in range(start, start + count)])


def run_queued_tasks() -> None:
    """What the worker does: run every task waiting in the queue, oldest first, then stop.

    django-tasks-db's own worker loop closes database connections between tasks, which would end
    a test's transaction on PostgreSQL; this uses the same Worker.run_task without the loop.
    """
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test-worker",
                    excluded_queue_names=[])  # fmt: skip
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


@pytest.fixture
def office2(cast):
    """The school administrator of the second school: must not reach the first school's pages."""
    return make_user(cast.school2, "office@birch.test", "Orla Office", Role.SCHOOL_ADMIN)
