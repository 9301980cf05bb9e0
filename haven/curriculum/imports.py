"""Importing a curriculum plan from a CSV file, as the MIS import does: check the file, show what
would change, then save it all or nothing.

1. `read_upload` reads the file through Haven's document reading (haven.lib.documents), so a
   picture is refused by what it is, not by its name, and only the words are kept; then
   haven.curriculum.plan_csv reads the rows.
2. `preview` matches the rows with the school's year groups, units, lessons and plan: new units,
   new lessons, lessons whose topics change, new plans, plans whose week changes, and rows already
   in the plan (so importing the same file twice adds nothing). A row naming a year group the
   school does not have is a line error.
3. The preview page carries the file's words back, signed (`seal`), so nothing is stored before
   the PSHE lead says save; `import_plan` checks everything again and saves it in one
   transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core import signing
from django.db import transaction

from haven.accounts.models import User
from haven.audit import services as audit
from haven.audit.context import AuditContext
from haven.curriculum import plan_csv, services
from haven.curriculum.models import Lesson, PlannedLesson, Programme, Unit
from haven.curriculum.rules import Term, school_year_label
from haven.lib import documents
from haven.lib.uploads import DocumentKind, ImageryRefused, UploadRefused, display_name
from haven.schools.mis import LineError, NotCsv
from haven.schools.mis_cells import year_name
from haven.schools.models import School, YearGroup

SEAL_SALT = "haven.curriculum.plan-import"
SEAL_MAX_AGE = 2 * 60 * 60  # seconds a preview may wait before it must be uploaded again
_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


class NotAPlan(ValueError):
    """The upload cannot be read as a CSV file; the message says what to do instead."""


class PlanImportRefused(services.CurriculumRefused):
    """The file's rows cannot all be saved: nothing was. `errors` names each line."""

    def __init__(self, message: str, errors: Sequence[LineError] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


# --- 1. Reading the file ------------------------------------------------------------------------


def read_upload(data: bytes, declared_name: str) -> str:
    """The file's words, or NotAPlan saying why not. Images, video and sound are refused by
    content (whatever the file is called); so is anything that is not plain text."""
    name = display_name(declared_name)
    if data.startswith(_SPREADSHEETS):
        raise NotAPlan(
            f"“{name}” is a spreadsheet workbook, not a CSV file. In your spreadsheet choose "
            "Save As (or Download) and pick CSV (comma separated values), then upload that."
        )
    try:
        document = documents.read_document(data, declared_name)
    except ImageryRefused:
        raise NotAPlan(
            f"“{name}” is a picture, video or sound file, not a CSV file. Haven never holds "
            "pictures. Upload the plan saved as CSV from your spreadsheet."
        ) from None
    except UploadRefused:
        raise NotAPlan(
            f"Haven cannot read “{name}” as a CSV file. Save the plan from your spreadsheet as "
            "CSV (comma separated values) and upload it again."
        ) from None
    if document.kind is not DocumentKind.TEXT:
        raise NotAPlan(
            f"“{name}” is a {document.kind.label}, not a CSV file. Save the plan from your "
            "spreadsheet as CSV (comma separated values) and upload that."
        )
    return document.text


def seal(school: School, text: str) -> str:
    """The file's words, signed for this school, for the preview page to send back."""
    return signing.dumps({"school": school.pk, "text": text}, salt=SEAL_SALT, compress=True)


def unseal(school: School, token: str) -> str | None:
    """The words a preview page sent back, or None if they are not what Haven signed for this
    school, or the preview is too old."""
    try:
        value = signing.loads(token, salt=SEAL_SALT, max_age=SEAL_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("school") != school.pk:
        return None
    text = value.get("text")
    return text if isinstance(text, str) else None


# --- 2. What the import would change ------------------------------------------------------------


@dataclass
class Preview:
    errors: list[LineError] = field(default_factory=list)
    # Every good row, with "status" (new, week or same) and "year_label".
    rows: list[dict[str, Any]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_lessons: list[dict[str, Any]] = field(default_factory=list)  # unit, lesson, topics
    topic_changes: list[dict[str, Any]] = field(default_factory=list)  # unit, lesson, old, new
    row_count: int = 0
    ignored: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row["status"] == status)

    @property
    def new_plans(self) -> int:
        return self.count("new")

    @property
    def week_changes(self) -> int:
        return self.count("week")

    @property
    def unchanged(self) -> int:
        return self.count("same")

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_plans or self.week_changes or self.new_lessons or self.topic_changes)


@dataclass
class _Known:
    """The school's records the rows are matched with: four queries, however long the file."""

    years: dict[int, YearGroup]
    units: dict[str, Unit]
    lessons: dict[tuple[str, str], Lesson]
    plans: dict[plan_csv.PlanKey, PlannedLesson]

    @classmethod
    def of(cls, school: School, programme: Programme, school_years: set[int]) -> "_Known":
        years: dict[int, YearGroup] = {}
        for group in YearGroup.objects.filter(school=school).order_by("curriculum_year", "pk"):
            years.setdefault(group.curriculum_year, group)
        units = {unit.title.casefold(): unit for unit in Unit.objects.filter(programme=programme)}
        lessons = {
            (lesson.unit.title.casefold(), lesson.title.casefold()): lesson
            for lesson in Lesson.objects.filter(unit__programme=programme).select_related(
                "unit__programme"
            )
        }
        plans: dict[plan_csv.PlanKey, PlannedLesson] = {}
        found = PlannedLesson.objects.filter(
            school=school, school_year__in=school_years
        ).select_related("lesson__unit", "year_group")
        for plan in found:
            key = (
                plan.lesson.unit.title.casefold(),
                plan.lesson.title.casefold(),
                plan.year_group.curriculum_year,
                plan.class_name.casefold(),
                plan.school_year,
                plan.term,
            )
            plans.setdefault(key, plan)
        return cls(years=years, units=units, lessons=lessons, plans=plans)


def preview(school: School, programme: Programme, text: str, *, today: date) -> Preview:
    """What saving this file would change now, with every line error (from the file or from the
    school's records). Nothing is saved. Raises NotAPlan for text that is not CSV at all."""
    try:
        parsed = plan_csv.parse(text, today=today)
    except NotCsv as refused:
        raise NotAPlan(str(refused)) from None
    result = Preview(errors=list(parsed.errors), row_count=parsed.row_count, ignored=parsed.ignored)
    known = _Known.of(school, programme, {row["school_year"] for row in parsed.rows})
    header = parsed.columns.get("year", "Year group")
    for row in parsed.rows:
        if row["year"] not in known.years:
            result.errors.append(_no_such_year(row, header, school, known))
            continue
        result.rows.append(_with_status(row, known))
    _new_units_and_lessons(result, known)
    result.errors.sort(key=lambda error: error.line)
    return result


def _no_such_year(row: dict[str, Any], header: str, school: School, known: _Known) -> LineError:
    have = ", ".join(group.name for group in known.years.values()) or "none yet"
    return LineError(
        row["line"],
        f'The "{header}" column says {year_name(row["year"])}, but {school.name} has no '
        f"{year_name(row['year'])} in Haven (year groups come from the pupil import; it has "
        f"{have}).",
    )


def _with_status(row: dict[str, Any], known: _Known) -> dict[str, Any]:
    shown = {
        **row,
        "year_label": known.years[row["year"]].name,
        "topic_labels": plan_csv.topic_names(row["topics"]),
        "school_year_label": school_year_label(row["school_year"]),
    }
    plan = known.plans.get(plan_csv.plan_key(row))
    if plan is None:
        shown["status"] = "new"
    elif row["week"] is not None and plan.week != row["week"] and plan.delivered_on is None:
        # A blank week never clears one, and a lesson already taught keeps its week.
        shown["status"], shown["old_week"] = "week", plan.week
    else:
        shown["status"] = "same"
    return shown


def _new_units_and_lessons(result: Preview, known: _Known) -> None:
    seen: set[tuple[str, str]] = set()
    units = set(known.units)
    for row in result.rows:
        unit_key, lesson_key = row["unit"].casefold(), row["lesson"].casefold()
        if unit_key not in units:
            units.add(unit_key)
            result.new_units.append(row["unit"])
        if (unit_key, lesson_key) in seen:
            continue
        seen.add((unit_key, lesson_key))
        lesson = known.lessons.get((unit_key, lesson_key))
        entry = {"unit": row["unit"], "lesson": row["lesson"], "topics": row["topics"]}
        if lesson is None:
            result.new_lessons.append(entry)
        elif list(lesson.topics) != row["topics"]:
            old = plan_csv.topic_names(lesson.topics)
            new = plan_csv.topic_names(row["topics"])
            result.topic_changes.append({**entry, "from": old, "to": new})


# --- 3. Saving ----------------------------------------------------------------------------------


@transaction.atomic
def import_plan(
    *,
    actor: User | None,
    school: School,
    text: str,
    today: date,
    context: AuditContext | None = None,
) -> Preview:
    """Check the file's rows again and save them all, or nothing (PlanImportRefused, with the
    line errors). Units and lessons are matched by title (case does not matter), plans by lesson,
    year group, class and term, so a second import of the same file adds nothing.
    Audit: the units, lessons and plans' own events, curriculum.lesson_topics_changed,
    curriculum.planned_week_changed, and curriculum.plan_imported (counts only)."""
    services.check_may_plan(actor, school)
    # One import per programme at a time: a second (say, a double click) waits here, then
    # finds everything already planned.
    programme = Programme.objects.select_for_update().filter(school=school).first()
    if programme is None:
        raise PlanImportRefused("Name your programme before importing a plan.")
    result = preview(school, programme, text, today=today)
    if result.errors:
        raise PlanImportRefused("Some rows cannot be saved, so nothing was saved.", result.errors)
    known = _Known.of(school, programme, {row["school_year"] for row in result.rows})
    lessons = _save_lessons(actor, programme, result, known, context)
    for row in result.rows:
        _save_row(actor, school, row, lessons, known, context)
    counts = {
        "rows": result.row_count,
        "units": len(result.new_units),
        "lessons": len(result.new_lessons),
        "topics_changed": len(result.topic_changes),
        "planned": result.new_plans,
        "weeks_changed": result.week_changes,
        "unchanged": result.unchanged,
    }
    audit.record(
        "curriculum.plan_imported",
        actor=actor,
        school=school,
        obj=programme,
        context=context,
        data=counts,
    )
    return result


def _save_lessons(
    actor: User | None,
    programme: Programme,
    result: Preview,
    known: _Known,
    context: AuditContext | None,
) -> dict[tuple[str, str], Lesson]:
    units = dict(known.units)
    lessons = dict(known.lessons)
    for row in result.rows:
        unit_key, lesson_key = row["unit"].casefold(), row["lesson"].casefold()
        if unit_key not in units:
            units[unit_key] = services.add_unit(
                actor=actor, programme=programme, title=row["unit"], context=context
            )
        lesson = lessons.get((unit_key, lesson_key))
        if lesson is None:
            lessons[unit_key, lesson_key] = services.add_lesson(
                actor=actor,
                unit=units[unit_key],
                title=row["lesson"],
                topics=row["topics"],
                context=context,
            )
        elif list(lesson.topics) != row["topics"]:
            lesson.topics = row["topics"]
            lesson.save(update_fields=["topics"])
            audit.record(
                "curriculum.lesson_topics_changed",
                actor=actor,
                school=programme.school_id,
                obj=lesson,
                context=context,
                data={"topics": row["topics"]},
            )
    return lessons


def _save_row(
    actor: User | None,
    school: School,
    row: dict[str, Any],
    lessons: dict[tuple[str, str], Lesson],
    known: _Known,
    context: AuditContext | None,
) -> None:
    if row["status"] == "new":
        services.plan_lesson(
            actor=actor,
            school=school,
            lesson=lessons[row["unit"].casefold(), row["lesson"].casefold()],
            year_group=known.years[row["year"]],
            school_year=row["school_year"],
            term=Term(row["term"]),
            week=row["week"],
            class_name=row["class_name"],
            context=context,
        )
    elif row["status"] == "week":
        plan = known.plans[plan_csv.plan_key(row)]
        plan.week = row["week"]
        plan.save(update_fields=["week"])
        audit.record(
            "curriculum.planned_week_changed",
            actor=actor,
            school=school,
            obj=plan,
            context=context,
            data={"week": row["week"]},
        )
