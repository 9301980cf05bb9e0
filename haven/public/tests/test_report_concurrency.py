"""The same form sent several times at the same moment (a double-click, a phone resending on a
poor signal): one report, and every answer shows its reference and code."""

import threading
import uuid

import pytest
from django.db import connection

from haven.alerts.models import OutboxMessage
from haven.concerns.models import Concern
from haven.public import reports

SENDERS = 6


def test_simultaneous_sends_of_one_form_save_one_report(transactional_db, cast):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory test database reports 'table is locked' instead of waiting")
    submission = uuid.uuid4()
    ready = threading.Barrier(SENDERS)
    receipts, errors = [], []

    def send():
        try:
            ready.wait()
            receipts.append(
                reports.send_report(
                    school=cast.school,
                    context=None,
                    source="pupil",
                    narrative="Someone is asking me for pictures.",
                    child_description="",
                    anonymous=True,
                    submission_id=submission,
                )
            )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    concern = Concern.objects.get()
    assert {(r.reference, r.secret_code) for r in receipts} == {
        (concern.reference, receipts[0].secret_code)
    }
    assert receipts[0].secret_code
    assert sum(r.created for r in receipts) == 1
    assert OutboxMessage.objects.filter(concern=concern).count() == 1
