"""Reading a curriculum plan kept in a spreadsheet and saved as CSV: one row per lesson planned for
a year group (or a class in it) in a term.

Pure: text in, rows and line errors out. No ORM and no HTTP (the CSV reading itself is the MIS
import's, haven.schools.mis). Matching the rows with the school's year groups, units and lessons,
and saving them, is haven.curriculum.imports. docs/curriculum.md lists the columns for schools.

A parsed row is a plain dict: line, year (national curriculum year), class_name, unit, lesson,
topics (Topic values, in Haven's order), school_year, term (a Term value) and week (or None).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from haven.curriculum.rules import TOPIC_LABELS, Term, Topic, school_year_label, school_year_of
from haven.schools.mis import Column, LineError, match_columns, read_rows
from haven.schools.mis_cells import BadValue, read_year

MAX_ROWS = 1000  # a whole school's plan for a year is a few hundred rows at most
TITLE_MAX = 150  # as the Unit and Lesson models
CLASS_MAX = 50

COLUMNS: tuple[Column, ...] = (
    Column("year", "year group", ("Year Group", "Year", "NC Year", "Curriculum Year"), True),
    Column("class_name", "class", ("Class", "Class Name", "Teaching Group", "Group", "Form")),
    Column("unit", "unit", ("Unit", "Unit Title", "Module", "Topic Area"), True),
    Column("lesson", "lesson", ("Lesson", "Lesson Title", "Title"), True),
    Column("topics", "topics", ("Topics", "Topic", "Haven Topics"), True),
    Column("term", "term", ("Term", "Term Planned", "When", "Half Term"), True),
    Column("week", "week", ("Week", "Week Of Term", "Week Planned", "Wk")),
    Column("school_year", "school year", ("School Year", "Academic Year")),
)
LABELS = {column.field: column.label for column in COLUMNS}


@dataclass
class Parsed:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as in the file
    ignored: list[str] = field(default_factory=list)  # headers Haven does not use
    row_count: int = 0


def _key(text: str) -> str:
    """ "Sharing Nudes & Semi-Nudes " and "sharing_nudes_and_semi-nudes" read alike."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


# The names a school may give each topic: Haven's label (with and without its brackets), its code,
# and the short names people use. Compared after _key, so case, spaces and punctuation do not count.
_EXTRA_TOPIC_NAMES: dict[Topic, tuple[str, ...]] = {
    Topic.SHARING_NUDES: ("nudes", "sharing nudes", "nudes and semi-nudes", "sexting"),
    Topic.CONSENT: (),
    Topic.LAW_AND_POLICE: ("the law", "law", "law and police", "the law and the police"),
    Topic.SEXTORTION: (),
    Topic.AI_IMAGES: ("AI images", "AI-generated images", "deepfakes", "AI and deepfakes"),
    Topic.ONLINE_RELATIONSHIPS: (),
    Topic.PRESSURE_AND_FRIENDSHIPS: ("healthy friendships", "pressure", "pressure and friendships"),
    Topic.WHERE_TO_GET_HELP: ("where to get help", "getting help", "help"),
    Topic.KEEPING_SAFE_ONLINE: ("online safety", "staying safe online", "keeping safe"),
}


def _topic_names() -> dict[str, Topic]:
    names: dict[str, Topic] = {}
    for topic, label in TOPIC_LABELS.items():
        for name in (label, label.split("(")[0], topic.value, *_EXTRA_TOPIC_NAMES[topic]):
            names[_key(name)] = topic
    return names


TOPIC_NAMES = _topic_names()


def read_topics(value: str) -> list[str]:
    """Topic names separated by semicolons, forgiving about case and spaces."""
    chosen: set[Topic] = set()
    for part in value.split(";"):
        if not part.strip():
            continue
        topic = TOPIC_NAMES.get(_key(part))
        if topic is None:
            raise BadValue(
                f'"{part.strip()}" is not one of Haven\'s topics (the list is on the import '
                "page; separate topics with semicolons)"
            )
        chosen.add(topic)
    if not chosen:
        raise BadValue("is empty: name at least one topic the lesson covers")
    return [topic.value for topic in Topic if topic in chosen]


_TERM_WORDS = {
    "autumn": Term.AUTUMN, "aut": Term.AUTUMN, "michaelmas": Term.AUTUMN,
    "spring": Term.SPRING, "spr": Term.SPRING, "lent": Term.SPRING,
    "summer": Term.SUMMER, "sum": Term.SUMMER, "trinity": Term.SUMMER,
}  # fmt: skip
# "Autumn", "Autumn term", "Autumn 2" (a half term), "Aut 1 week 3", "Spring, wk 4".
_TERM = re.compile(
    r"(?P<term>[a-z]+?)(?:half)?(?:term)?(?:[12])?(?:(?:week|wk|w)(?P<week>\d{1,2}))?"
)


def read_term(value: str) -> tuple[str, int | None]:
    """The term and, when the cell says one, the week ("Autumn week 3")."""
    match = _TERM.fullmatch(_key(value))
    term = _TERM_WORDS.get(match["term"]) if match else None
    if match is None or term is None:
        if not value.strip():
            raise BadValue("is empty: say Autumn, Spring or Summer")
        raise BadValue(f'"{value}" is not a term Haven knows (use Autumn, Spring or Summer)')
    return term.value, read_week(match["week"]) if match["week"] else None


def read_week(value: str) -> int | None:
    """A week of the term from 1 to 16: "3", "Week 3", "Wk3". Empty: no week."""
    key = _key(value)
    if not key:
        return None
    digits = re.fullmatch(r"(?:week|wk|w)?(\d{1,2})", key)
    if digits is None or not 1 <= int(digits[1]) <= 16:
        raise BadValue(f'"{value}" is not a week of the term (use a number from 1 to 16)')
    return int(digits[1])


def read_school_year(value: str, *, today: date) -> int:
    """ "2026 to 2027", "2026-27", "2026/2027" or "2026"; empty: this school year. A plan is for
    this school year or the next."""
    this_year = school_year_of(today)
    text = value.strip()
    if not text:
        return this_year
    match = re.fullmatch(r"(\d{4})(?:\s*(?:-|/|to)\s*(\d{2}|\d{4}))?", text.lower())
    start = int(match[1]) if match else None
    if match and match[2] and int(match[2][-2:]) != (int(match[1]) + 1) % 100:
        start = None
    if start is None:
        raise BadValue(f'"{value}" is not a school year (write it as {this_year}-{this_year + 1})')
    if start not in (this_year, this_year + 1):
        raise BadValue(
            f'"{value}" is not this school year ({school_year_label(this_year)}) or the next'
        )
    return start


def read_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise BadValue("is empty")
    if len(title) > TITLE_MAX:
        raise BadValue(f"is longer than {TITLE_MAX} characters")
    return title


def read_class(value: str) -> str:
    name = " ".join(value.split())
    if len(name) > CLASS_MAX:
        raise BadValue(f"is longer than {CLASS_MAX} characters")
    return name


def read_year_group(value: str) -> int:
    year = read_year(value)
    if year is None:
        raise BadValue("is empty: say which year group, for example Year 9")
    return year


def _readers(today: date) -> dict[str, Callable[[str], Any]]:
    return {
        "year": read_year_group,
        "class_name": read_class,
        "unit": read_title,
        "lesson": read_title,
        "topics": read_topics,
        "term": read_term,
        "week": read_week,
        "school_year": lambda value: read_school_year(value, today=today),
    }


type PlanKey = tuple[str, str, int, str, int, str]


def plan_key(row: Mapping[str, Any]) -> PlanKey:
    """What makes two rows the same plan: the lesson, for the same year group (and class), in
    the same term of the same school year. A different week is a change, not another plan."""
    return (
        row["unit"].casefold(),
        row["lesson"].casefold(),
        row["year"],
        row["class_name"].casefold(),
        row["school_year"],
        row["term"],
    )


def parse(text: str, *, today: date) -> Parsed:
    """Every row read; each bad cell, repeated plan and disagreeing lesson reported by line.
    Raises haven.schools.mis.NotCsv for text that cannot be read as CSV at all."""
    header, rows = read_rows(text)
    found, ignored = match_columns(header, COLUMNS)
    parsed = Parsed(
        columns={f: header[i] for f, i in found.items()}, ignored=ignored, row_count=len(rows)
    )
    missing = [column for column in COLUMNS if column.required and column.field not in found]
    if missing:
        parsed.errors = [LineError(1, _missing(column)) for column in missing]
        return parsed
    if len(rows) > MAX_ROWS:
        parsed.errors = [LineError(0, f"The file has more than {MAX_ROWS} rows. Split it.")]
        return parsed
    readers, headers = _readers(today), parsed.columns
    first_line: dict[PlanKey, int] = {}
    lessons: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for line, cells in rows:
        row, problems = _parse_row(line, cells, found, readers, headers)
        if not problems:
            problems = _repeats(row, first_line, lessons, headers)
        parsed.errors.extend(problems)
        if not problems:
            parsed.rows.append(row)
    return parsed


def _parse_row(
    line: int,
    cells: Sequence[str],
    found: Mapping[str, int],
    readers: Mapping[str, Callable[[str], Any]],
    headers: Mapping[str, str],
) -> tuple[dict[str, Any], list[LineError]]:
    row: dict[str, Any] = {"line": line, "class_name": "", "week": None, "school_year": None}
    problems = []
    for name in [column.field for column in COLUMNS if column.field in found]:
        index = found[name]
        value = cells[index] if index < len(cells) else ""
        try:
            row[name] = readers[name](value)
        except BadValue as error:
            problems.append(LineError(line, f'The "{headers[name]}" column {error}.'))
    if not problems:
        row["term"], week_in_term = row["term"]
        if row["week"] is None:
            row["week"] = week_in_term
        if row["school_year"] is None:
            row["school_year"] = readers["school_year"]("")
    return row, problems


def _repeats(
    row: dict[str, Any],
    first_line: dict[PlanKey, int],
    lessons: dict[tuple[str, str], tuple[int, list[str]]],
    headers: Mapping[str, str],
) -> list[LineError]:
    line, key = row["line"], plan_key(row)
    if key in first_line:
        return [
            LineError(
                line,
                f"The same lesson for the same year group and term is on line {first_line[key]}.",
            )
        ]
    lesson = (row["unit"].casefold(), row["lesson"].casefold())
    if lesson in lessons and lessons[lesson][1] != row["topics"]:
        earlier = lessons[lesson][0]
        return [
            LineError(
                line,
                f'The "{headers["topics"]}" column names other topics for this lesson than line '
                f"{earlier} does. A lesson has one set of topics: make them the same.",
            )
        ]
    first_line[key] = line
    lessons.setdefault(lesson, (line, row["topics"]))
    return []


def _missing(column: Column) -> str:
    spellings = " or ".join(f'"{alias}"' for alias in column.aliases[:3])
    return f"There is no {column.label} column. Haven looks for a column called {spellings}."


def topic_names(topics: Sequence[str]) -> str:
    return "; ".join(TOPIC_LABELS[Topic(topic)] for topic in topics)
