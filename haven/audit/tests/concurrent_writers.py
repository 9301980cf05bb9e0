"""Run by test_concurrency.py in a process of its own, against a real SQLite file (WAL, BEGIN
IMMEDIATE, as Haven runs it): several writers append to one school's chain at once. Prints one JSON
object: the errors seen, the events written and the verification result."""

import json
import os
import sys
import threading


def main(writers: int, each: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    import django

    django.setup()
    from django.db import connection

    from haven.audit.models import AuditEvent
    from haven.audit.services import record, scope_for
    from haven.audit.verification import verify_chain
    from haven.schools.services import create_school

    school = create_school(actor=None, name="Concurrent School", slug="concurrent")
    errors: list[str] = []
    ready = threading.Barrier(writers)

    def write(writer: int) -> None:
        try:
            ready.wait()
            for number in range(each):
                record(
                    "test.concurrent", actor=None, school=school, data={"w": writer, "n": number}
                )
        except Exception as error:  # reported to the test, which fails on any
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    scope = scope_for(school.pk)
    report = verify_chain(scope)
    written = AuditEvent.objects.filter(scope=scope, action="test.concurrent").count()
    print(json.dumps({"errors": errors, "written": written, "problem": str(report.problem or "")}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
