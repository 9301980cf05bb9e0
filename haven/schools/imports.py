"""Importing pupils and staff from the MIS: check the file, show what would change, then save it.

1. `check_file` reads the upload (haven.schools.mis) and keeps its rows in an ImportRun: either
   INVALID (every bad row listed by line; nothing can be saved) or PREVIEW.
2. `preview` compares the rows with the school's records: adds, changes (which fields), leavers.
3. `start_import` queues the save (haven.schools.tasks.save_import); `run_import` does it: it
   checks each row against the records (progress is counted as it goes), then saves everything
   in ONE transaction, so a failure saves nothing at all.
"""

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.services import invite_staff_member
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.schools import mis, mis_cells, rules
from haven.schools.models import (
    ImportKind,
    ImportRun,
    ImportStatus,
    Pupil,
    RegistrationGroup,
    Role,
    School,
    StaffMembership,
    YearGroup,
)
from haven.schools.team import add_roles

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 500  # a file of nothing but errors still gives a page that loads
CHUNK = 500  # rows checked between progress updates, and rows per bulk write
FAILED_MESSAGE = (
    "Something went wrong while saving, so nothing was saved. Try again. If it happens again, "
    "tell whoever looks after Haven for your school."
)


class ImportRefused(Exception):
    """The import cannot go ahead; the message (and any line errors) say why."""

    def __init__(self, message: str, errors: Sequence[mis.LineError] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


# --- 1. Checking the file -----------------------------------------------------------------------


def check_file(
    *, actor: User | None, school: School, kind: ImportKind, data: bytes, whole_roll: bool = True
) -> ImportRun:
    """Read the file and keep its rows for the preview. Raises mis.NotCsv for a file that is not
    CSV text. Audit: schools.import_checked (counts only)."""
    # Read before the transaction: a big file takes a moment, and nothing waits on it meanwhile.
    text = mis.decode(data)
    parse = mis.parse_pupils if kind == ImportKind.PUPILS else mis.parse_staff
    parsed = parse(text, today=timezone.localdate())
    with transaction.atomic():
        run = ImportRun.objects.create(
            school=school,
            kind=kind,
            status=ImportStatus.INVALID if parsed.errors else ImportStatus.PREVIEW,
            started_by=actor,
            whole_roll=whole_roll and kind == ImportKind.PUPILS,
            rows=[] if parsed.errors else parsed.rows,
            columns=parsed.columns,
            ignored_columns=parsed.ignored,
            errors=[error.as_dict() for error in parsed.errors[:MAX_STORED_ERRORS]],
            error_count=len(parsed.errors),
            total_rows=parsed.row_count,
        )
        counts = {"kind": kind.value, "rows": parsed.row_count, "errors": len(parsed.errors)}
        record("schools.import_checked", actor=actor, school=school, obj=run, data=counts)
    return run


# --- 2. What the import would change ------------------------------------------------------------


@dataclass
class Preview:
    plan: rules.Plan
    leaver_names: list[str] = field(default_factory=list)  # pupils marked left / staff not listed


PUPIL_SNAPSHOT_FIELDS = (
    "upn",
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "year_group__curriculum_year",
    "reg_group__name",
    "gender",
    "send",
    "looked_after",
    "has_social_worker",
    "on_roll",
)


def pupil_snapshots(school: School) -> dict[str, dict[str, Any]]:
    """Every pupil of the school (on roll or not) as the file would describe them. One query."""
    snapshots = {}
    for values in Pupil.objects.filter(school=school).values(*PUPIL_SNAPSHOT_FIELDS):
        values["date_of_birth"] = values["date_of_birth"].isoformat()
        values["year"] = values.pop("year_group__curriculum_year")
        values["reg_group"] = values.pop("reg_group__name") or ""
        snapshots[values["upn"]] = values
    return snapshots


def staff_snapshots(school: School) -> dict[str, dict[str, Any]]:
    """The school's active staff, per e-mail address, as the file would describe them."""
    memberships = StaffMembership.objects.filter(school=school, is_active=True).select_related(
        "user"
    )
    snapshots: dict[str, dict[str, Any]] = {}
    for membership in memberships:
        user = membership.user
        entry = snapshots.setdefault(
            user.email.lower(),
            {"user": user, "full_name": user.full_name, "job_title": "", "roles": []},
        )
        entry["roles"].append(membership.role)
        entry["job_title"] = entry["job_title"] or membership.job_title
    elsewhere = set(
        StaffMembership.objects.filter(
            is_active=True, user__in=[e["user"] for e in snapshots.values()]
        )
        .exclude(school=school)
        .values_list("user_id", flat=True)
    )
    for entry in snapshots.values():
        # Someone who also works at another school keeps the name that school knows them by.
        entry["may_rename"] = entry["user"].pk not in elsewhere
    return snapshots


def preview(run: ImportRun) -> Preview:
    """What saving this run would change now. A fixed number of queries, however long the file."""
    if run.kind == ImportKind.PUPILS:
        snapshots = pupil_snapshots(run.school)
        plan = rules.plan_pupils(run.rows, snapshots)
        plan.leavers = _pupil_leavers(run, snapshots)
        names = [rules.pupil_name(snapshots[upn]) for upn in plan.leavers]
        return Preview(plan=plan, leaver_names=names)
    staff = staff_snapshots(run.school)
    plan = rules.plan_staff(run.rows, staff)
    listed = {row["email"] for row in run.rows}
    names = sorted(entry["full_name"] for email, entry in staff.items() if email not in listed)
    return Preview(plan=plan, leaver_names=names)


def _pupil_leavers(run: ImportRun, snapshots: dict[str, dict[str, Any]]) -> list[str]:
    if not run.whole_roll:
        return []
    on_roll = [upn for upn, values in snapshots.items() if values["on_roll"]]
    return rules.leavers(on_roll, (row["upn"] for row in run.rows))


# --- 3. Saving ----------------------------------------------------------------------------------


@transaction.atomic
def start_import(*, actor: User | None, run: ImportRun, enqueue: bool = True) -> None:
    """Queue the save of a previewed import (the command, with enqueue=False, then runs it
    itself). Audit: schools.import_started."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportStatus.PREVIEW:
        raise ImportRefused("This import has already been saved or cancelled.")
    others = ImportRun.objects.filter(school_id=run.school_id).exclude(pk=run.pk)
    if others.filter(status__in=ImportRun.ACTIVE).exists():
        raise ImportRefused(
            "Another import for this school is being saved. Wait for it to finish, then upload "
            "your file again."
        )
    if others.filter(kind=run.kind, status=ImportStatus.DONE, finished_at__gt=run.created_at):
        raise ImportRefused(
            "Another import was saved after you uploaded this file, so this preview is out of "
            "date. Upload the file again to see what it would change now."
        )
    run.status = ImportStatus.QUEUED
    run.save(update_fields=["status"])
    record(
        "schools.import_started",
        actor=actor,
        school=run.school_id,
        obj=run,
        data={"kind": run.kind, "rows": run.total_rows},
    )
    if enqueue:
        # Enqueued in this transaction: if it rolls back, no task runs; if it commits, one will.
        save_import.enqueue(str(run.pk))


@transaction.atomic
def cancel_import(*, actor: User | None, run: ImportRun) -> None:
    """Throw away a previewed import. Audit: schools.import_cancelled."""
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.CANCELLED, rows=[], finished_at=timezone.now()
    )
    if not updated:
        raise ImportRefused("This import has already been saved or cancelled.")
    record(
        "schools.import_cancelled",
        actor=actor,
        school=run.school_id,
        obj=run,
        data={"kind": run.kind},
    )


def run_import(run_id: str) -> str:
    """Check then save a queued import; the background task and the command both call this.

    Safe to run twice: a finished run is left alone, and a run whose worker died part-way
    starts again from the beginning (nothing of it was saved).
    """
    run = ImportRun.objects.select_related("school", "started_by").get(pk=run_id)
    if run.status not in ImportRun.ACTIVE:
        return str(run.status)
    _update(run, status=ImportStatus.CHECKING, started_at=timezone.now(), checked_rows=0)
    try:
        checked = _check(run)
        _update(run, status=ImportStatus.SAVING)
        _save(run, checked)
    except ImportRefused as refused:
        _fail(run, str(refused), refused.errors)
    except Exception:
        logger.exception("import failed run=%s", run.pk)
        _fail(run, FAILED_MESSAGE, [])
        raise
    return str(run.status)


def _update(run: ImportRun, **fields: Any) -> None:
    """Write progress in its own short transaction, so the page can show it at once."""
    for name, value in fields.items():
        setattr(run, name, value)
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(**fields)


def _fail(run: ImportRun, message: str, errors: Sequence[mis.LineError]) -> None:
    listed = [{"line": 0, "message": message}] + [e.as_dict() for e in errors]
    with transaction.atomic():
        _update(
            run,
            status=ImportStatus.FAILED,
            errors=listed[:MAX_STORED_ERRORS],
            error_count=len(listed),
            rows=[],
            finished_at=timezone.now(),
        )
        record(
            "schools.import_failed",
            actor=run.started_by,
            school=run.school_id,
            obj=run,
            data={"kind": run.kind, "errors": len(errors)},
        )


@dataclass
class Checked:
    plan: rules.Plan
    snapshots: dict[str, dict[str, Any]]


def _check(run: ImportRun) -> Checked:
    """Compare every row with the records, a chunk at a time, counting progress."""
    plan = rules.Plan()
    if run.kind == ImportKind.PUPILS:
        snapshots = pupil_snapshots(run.school)
        compare: Callable[..., rules.Plan] = rules.plan_pupils
    else:
        snapshots = staff_snapshots(run.school)
        compare = rules.plan_staff
    for start in range(0, len(run.rows), CHUNK):
        plan.extend(compare(run.rows[start : start + CHUNK], snapshots))
        _update(run, checked_rows=min(start + CHUNK, len(run.rows)))
    if run.kind == ImportKind.PUPILS:
        plan.leavers = _pupil_leavers(run, snapshots)
    return Checked(plan=plan, snapshots=snapshots)


def _save(run: ImportRun, checked: Checked) -> None:
    with transaction.atomic():
        # One import per school at a time: a second run of the same task waits here, then
        # finds the run finished and leaves it.
        School.objects.select_for_update().get(pk=run.school_id)
        if ImportRun.objects.get(pk=run.pk).status != ImportStatus.SAVING:
            return
        if run.kind == ImportKind.PUPILS:
            save_pupils(run, checked.plan)
        else:
            save_staff(run, checked.plan, checked.snapshots)
        plan = checked.plan
        _finish(run, added=len(plan.adds), changed=len(plan.changes), left=len(plan.leavers))


def _finish(run: ImportRun, *, added: int, changed: int, left: int) -> None:
    run.status, run.added, run.changed, run.left = ImportStatus.DONE, added, changed, left
    run.rows, run.checked_rows, run.finished_at = [], run.total_rows, timezone.now()
    run.save(
        update_fields=["status", "added", "changed", "left", "rows", "checked_rows", "finished_at"]
    )
    action = (
        "schools.pupils_imported" if run.kind == ImportKind.PUPILS else "schools.staff_imported"
    )
    record(
        action,
        actor=run.started_by,
        school=run.school_id,
        obj=run,
        data={"rows": run.total_rows, "added": added, "changed": changed, "left": left},
    )


# --- Saving pupils ------------------------------------------------------------------------------


def save_pupils(run: ImportRun, plan: rules.Plan) -> None:
    """Adds, changes and leavers, in bulk. Call inside the import's transaction."""
    rows_by_upn = {row["upn"]: row for row in run.rows}
    changed_rows = [rows_by_upn[change.key] for change in plan.changes]
    groups = _Groups.for_rows(run.school, [*plan.adds, *changed_rows])
    Pupil.objects.bulk_create(
        [_new_pupil(run.school, row, groups) for row in plan.adds], batch_size=CHUNK
    )
    _save_changes(run.school, plan.changes, rows_by_upn, groups)
    today = timezone.localdate()
    for upns in _chunks(plan.leavers):
        Pupil.objects.filter(school=run.school, upn__in=upns, on_roll=True).update(
            on_roll=False, left_on=today
        )


PUPIL_MODEL_FIELDS = {
    "legal_first_name", "legal_last_name", "preferred_first_name", "preferred_last_name",
    "gender", "send", "looked_after", "has_social_worker",
}  # fmt: skip


@dataclass
class _Groups:
    """The school's year and registration groups, made where the file names a new one."""

    years: dict[int, YearGroup]
    regs: dict[str, RegistrationGroup]

    @classmethod
    def for_rows(cls, school: School, rows: Sequence[dict[str, Any]]) -> "_Groups":
        years: dict[int, YearGroup] = {}
        for group in YearGroup.objects.filter(school=school):
            years.setdefault(group.curriculum_year, group)
        for year in sorted({row["year"] for row in rows if row.get("year") is not None}):
            if year not in years:
                years[year] = YearGroup.objects.create(
                    school=school, name=mis_cells.year_name(year), curriculum_year=year
                )
        regs = {group.name: group for group in RegistrationGroup.objects.filter(school=school)}
        for row in rows:
            name = row.get("reg_group")
            if name and name not in regs:
                year = years.get(row["year"]) if row.get("year") is not None else None
                regs[name] = RegistrationGroup.objects.create(
                    school=school, name=name, year_group=year
                )
        return cls(years=years, regs=regs)

    def apply(self, pupil: Pupil, row: dict[str, Any]) -> None:
        if "year" in row:
            pupil.year_group = self.years[row["year"]] if row["year"] is not None else None
        if "reg_group" in row:
            pupil.reg_group = self.regs[row["reg_group"]] if row["reg_group"] else None


def _new_pupil(school: School, row: dict[str, Any], groups: _Groups) -> Pupil:
    pupil = Pupil(
        school=school, upn=row["upn"], date_of_birth=date.fromisoformat(row["date_of_birth"])
    )
    for name in PUPIL_MODEL_FIELDS & row.keys():
        setattr(pupil, name, row[name])
    groups.apply(pupil, row)
    pupil.refresh_search_name()  # bulk_create skips save()
    return pupil


def _save_changes(
    school: School, changes: list[rules.Change], rows: dict[str, dict[str, Any]], groups: _Groups
) -> None:
    for batch in _chunks(changes):
        pupils = Pupil.objects.filter(school=school, upn__in=[change.key for change in batch])
        updated, fields = [], {"search_name"}
        for pupil in pupils:
            row = rows[pupil.upn]
            for name in PUPIL_MODEL_FIELDS & row.keys():
                setattr(pupil, name, row[name])
            pupil.date_of_birth = date.fromisoformat(row["date_of_birth"])
            groups.apply(pupil, row)
            pupil.on_roll, pupil.left_on = True, None
            pupil.refresh_search_name()
            updated.append(pupil)
            fields |= _model_fields(row)
        Pupil.objects.bulk_update(updated, sorted(fields))


def _model_fields(row: dict[str, Any]) -> set[str]:
    fields = (PUPIL_MODEL_FIELDS & row.keys()) | {"date_of_birth", "on_roll", "left_on"}
    if "year" in row:
        fields.add("year_group")
    if "reg_group" in row:
        fields.add("reg_group")
    return fields


def _chunks[T](items: Sequence[T]) -> Iterable[Sequence[T]]:
    # Keeps each IN (...) list under SQLite's limit on query parameters.
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# --- Saving staff -------------------------------------------------------------------------------


def save_staff(run: ImportRun, plan: rules.Plan, snapshots: dict[str, dict[str, Any]]) -> None:
    """New staff are invited (their roles start when they accept, as on the staff page); known
    staff get their new name, job title and roles (safeguarding roles only once a DSL or
    headteacher agrees). Nobody is removed: leavers are deactivated one by one on the staff page.
    Call inside the import's transaction."""
    rows = {row["email"]: row for row in run.rows}
    for row in plan.adds:
        with _refused_at(row):
            invite_staff_member(
                actor=run.started_by,
                school=run.school,
                email=row["email"],
                full_name=rules.staff_full_name(row),
                roles=_roles(row),
                job_title=row.get("job_title", ""),
            )
    for change in plan.changes:
        row = rows[change.key]
        with _refused_at(row):
            _save_staff_change(run, change, row, snapshots[change.key]["user"])


@contextmanager
def _refused_at(row: dict[str, Any]) -> Iterator[None]:
    """A row the rules refuse stops the whole import, naming its line."""
    try:
        yield
    except Refused as error:
        raise ImportRefused(
            "A row cannot be saved, so nothing was saved.", [mis.LineError(row["line"], str(error))]
        ) from error


def _save_staff_change(
    run: ImportRun, change: rules.Change, row: dict[str, Any], user: User
) -> None:
    if "full_name" in change.fields:
        user.full_name = rules.staff_full_name(row)
        user.save(update_fields=["full_name"])
    if "job_title" in change.fields:
        StaffMembership.objects.filter(user=user, school=run.school).update(
            job_title=row["job_title"]
        )
    if "roles" in change.fields:
        held = StaffMembership.objects.filter(user=user, school=run.school, is_active=True)
        roles = rules.new_roles(row["haven_roles"], held.values_list("role", flat=True))
        # A safeguarding role is asked for (a DSL or head agrees) unless the operator runs it.
        add_roles(
            actor=run.started_by, school=run.school, user=user, roles=[Role(role) for role in roles]
        )


def _roles(row: dict[str, Any]) -> list[Role]:
    return [Role(role) for role in row.get("haven_roles", ["staff"])]


@task
def save_import(run_id: str) -> str:
    """Check and save a confirmed import (`run_import`), as a worker job. Safe to run twice."""
    return run_import(run_id)
