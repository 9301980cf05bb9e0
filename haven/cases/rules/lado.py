"""The local authority designated officer (LADO): when an adult who works with children is
involved, and by when the LADO must be told.

Keeping Children Safe in Education says an allegation that an adult who works with children (a
member of staff, a coach, a volunteer, a tutor) may have harmed a child, or behaved in a way that
shows they may pose a risk to children, goes to the LADO within one working day. Sharing nudes
and semi-nudes with a child, asking a child for them or keeping them is such behaviour, so any
part such an adult plays in the incident counts. The case is then seen only by the DSL and the
headteacher (a deputy may work alongside that adult), unless the DSL names someone else: that
rule is haven.accounts.rules.may_see_restricted_case, beside the other rules on who sees what.

Plain data in, outcome out: no Django, no database.
"""

from __future__ import annotations

from datetime import date

from haven.cases.rules.casework import is_overdue, next_working_day
from haven.cases.rules.facts import Facts


def adult_who_works_with_children(facts: Facts) -> bool:
    """Someone involved works with children (staff, coach, volunteer, tutor), in any part."""
    return any(person.works_with_children is True for person in facts.people)


def lado_due(learned_on: date, holidays: frozenset[date] | None = None) -> date:
    """The last day to tell the LADO: one working day after the school learned that an adult who
    works with children is involved (so Thursday before Good Friday gives the Tuesday after
    Easter Monday; a Friday gives the Monday)."""
    return next_working_day(learned_on, holidays)


def lado_overdue(due_on: date | None, *, today: date, told: bool) -> bool:
    """Not told by the end of the day it was due."""
    return is_overdue(due_on, today=today, settled=told)
