"""Reading a school's calendar file (iCalendar, `.ics`, as school MIS and calendar apps export
it) for the days the school is closed. Nothing is saved here: the DSL sees what was read first."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import icalendar

from haven.lib.uploads import media_signature
from haven.outofhours import rules

MAX_FILE_BYTES = 1_000_000
MAX_ENTRIES = 1_000
MAX_NAME = 200


class NotACalendar(ValueError):
    """The file is not a calendar Haven can read, in words for the DSL."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # a ClosureKind value
    starts_on: date
    ends_on: date


@dataclass
class Reading:
    closures: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (title, why)


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _last_day(start: object, end: object, first: date) -> date:
    """iCalendar ends are exclusive: an all-day entry on 1 May ends on 2 May; an entry that ends
    at midnight ends the day before."""
    if end is None:
        return first
    if isinstance(end, datetime):
        last = end.date()
        if (end.hour, end.minute, end.second) == (0, 0, 0) and last > first:
            last -= timedelta(days=1)
        return last
    if isinstance(end, date):
        return max(first, end - timedelta(days=1))
    return first


def read_calendar(data: bytes) -> Reading:
    """The closures a calendar file holds, and the entries it skipped with the reason."""
    if len(data) > MAX_FILE_BYTES:
        raise NotACalendar("The file must be smaller than 1 MB.")
    if media_signature(data):
        raise NotACalendar(
            "That is a picture, video or sound file, not a calendar. Haven never holds pictures."
        )
    try:
        calendar = icalendar.Calendar.from_ical(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise NotACalendar(
            "That is not a calendar file Haven can read. Export the school calendar as an"
            " iCalendar (.ics) file and try again."
        ) from error
    reading = Reading()
    events = list(calendar.walk("VEVENT"))
    if len(events) > MAX_ENTRIES:
        raise NotACalendar(f"The file has more than {MAX_ENTRIES} entries: export one year.")
    for event in events:
        _read_event(event, reading)
    return reading


def _read_event(event: icalendar.cal.Component, reading: Reading) -> None:
    title = str(event.get("SUMMARY", "")).strip() or "(no title)"
    start = event.decoded("DTSTART", None)
    end = event.decoded("DTEND", None)
    first = _day(start)
    if first is None:
        reading.skipped.append((title, "it has no date"))
        return
    if event.get("RRULE") is not None:
        reading.skipped.append((title, "it repeats: add repeating closures by hand"))
        return
    kind = rules.kind_of_entry(title)
    if kind is None:
        reading.skipped.append((title, "it does not say the school is closed"))
        return
    if len(title) > MAX_NAME:
        reading.skipped.append((title[:60] + "…", f"its title is over {MAX_NAME} characters"))
        return
    last = _last_day(start, end, first)
    try:
        rules.check_closure(first, last)
    except rules.ClosureProblem as problem:
        reading.skipped.append((title, str(problem)))
        return
    reading.closures.append(Entry(name=title, kind=kind, starts_on=first, ends_on=last))
