"""The one authority on who may do what to which object. Deny by default.

Views ask `can(user, action, obj)` or fetch through `get_for(user, action, queryset, **lookup)`,
which answers 404 both when the object does not exist and when the user may not act on it, so
nobody can learn that a record exists by probing addresses. Rules are written against an object's
school (and, for staff, whether they reported it); a new kind of object needs a rule here first.

Second-factor checks belong to the views' decorators (`haven.accounts.decorators`): every rule here
assumes the user has already passed MFA.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, Protocol

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from haven.accounts.rules import (
    may_ask_for_team_change,
    may_name_for_restricted_case,
    may_see_restricted_case,
    may_take_part_in_mfa_reset,
    may_take_part_in_policy,
)
from haven.schools.models import SAFEGUARDING_TEAM, Role, School, StaffMembership, Trust


class Action(StrEnum):
    # On a school
    RECORD_CONCERN = "record_concern"
    SEARCH_PUPILS = "search_pupils"
    VIEW_INBOX = "view_inbox"
    VIEW_SCHOOL_REPORTS = "view_school_reports"
    VIEW_AUDIT = "view_audit"
    MANAGE_SCHOOL = "manage_school"  # settings, staff accounts, imports, public-page content
    RESET_STAFF_MFA = "reset_staff_mfa"  # one side of the two-person reset of a lost authenticator
    CHANGE_SAFEGUARDING_TEAM = "change_safeguarding_team"  # ask for or agree to a team change
    SET_SAFEGUARDING_POLICY = "set_safeguarding_policy"  # the DSL and head, together
    MANAGE_OUT_OF_HOURS = "manage_out_of_hours"  # closed days and the on-call rota
    # On a concern
    VIEW_CONCERN = "view_concern"
    ADD_TO_CONCERN = "add_to_concern"
    TRIAGE_CONCERN = "triage_concern"
    # On a case
    VIEW_CASE = "view_case"
    MANAGE_CASE = "manage_case"
    AGREE_AS_HEAD = "agree_as_head"
    NAME_FOR_RESTRICTED_CASE = "name_for_restricted_case"  # the DSL or head names who else sees it
    # On a pupil
    VIEW_PUPIL_RECORD = "view_pupil_record"  # chronology and safeguarding history
    # Retention (haven.records): on a school (the queue) or a pupil (holds, deletion)
    MANAGE_RECORDS = "manage_records"  # the review queue, legal holds
    DELETE_RECORDS = "delete_records"  # delete at the end of retention; set the retention policy
    START_TRANSFER = "start_transfer"  # send the child protection file to the next school
    SUBJECT_ACCESS = "subject_access"  # answer a subject access request: redact and release
    # The curriculum (haven.curriculum), on a school
    VIEW_CURRICULUM = "view_curriculum"  # the plan and the picture beside incidents (counts only)
    PLAN_LESSONS = "plan_lessons"  # plan, record delivered lessons and responsive sessions
    # On a trust
    VIEW_TRUST_FIGURES = "view_trust_figures"
    # On a report file (haven.reports): the one who asked for it, while on the school's team
    DOWNLOAD_REPORT = "download_report"


class Person(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_authenticated(self) -> bool: ...


def memberships(user: Person) -> list[StaffMembership]:
    """The user's active roles, read once per user object (a request) and kept on it."""
    cached: list[StaffMembership] | None = getattr(user, "_haven_memberships", None)
    if cached is None:
        cached = list(
            StaffMembership.objects.filter(user_id=user.pk, is_active=True).select_related(
                "school", "trust"
            )
        )
        user._haven_memberships = cached  # type: ignore[attr-defined]
    return cached


def read_memberships(users: Iterable[Person]) -> None:
    """Read the roles of many users in one query (a list page asks `roles_at` for each).
    Several objects may stand for one user (each row's select_related makes its own)."""
    waiting: dict[Any, list[Person]] = {}
    for user in users:
        if getattr(user, "_haven_memberships", None) is None:
            waiting.setdefault(user.pk, []).append(user)
    found: dict[Any, list[StaffMembership]] = {pk: [] for pk in waiting}
    rows = StaffMembership.objects.filter(user_id__in=list(waiting), is_active=True)
    for membership in rows.select_related("school", "trust"):
        found[membership.user_id].append(membership)
    for pk, same_user in waiting.items():
        for user in same_user:
            user._haven_memberships = found[pk]  # type: ignore[attr-defined]


def roles_at(user: Person, school_id: int | None) -> set[Role]:
    if not user.is_authenticated or not user.is_active or school_id is None:
        return set()
    return {Role(m.role) for m in memberships(user) if m.school_id == school_id}


def schools_of(user: Person) -> list[School]:
    seen: dict[int, School] = {}
    for m in memberships(user):
        if m.school is not None:
            seen.setdefault(m.school.pk, m.school)
    return sorted(seen.values(), key=lambda s: s.name)


def school_id_of(obj: Model) -> int | None:
    if isinstance(obj, School):
        return obj.pk
    return getattr(obj, "school_id", None)


# Named role tests: the one place that says which roles count as what. Use these (or `can`)
# instead of set arithmetic on `roles_at` anywhere else.
NO_CONCERNS_RECORDED = frozenset({Role.SCHOOL_ADMIN, Role.PSHE_LEAD})


def in_team(user: Person, school_id: int | None) -> bool:
    """A member of the school's safeguarding team (DSL, deputy or headteacher)."""
    return bool(roles_at(user, school_id) & SAFEGUARDING_TEAM)


def is_head(user: Person, school_id: int | None) -> bool:
    return Role.HEADTEACHER in roles_at(user, school_id)


def is_head_anywhere(user: Person) -> bool:
    return any(m.role == Role.HEADTEACHER for m in memberships(user))


def head_school_ids(user: Person) -> list[int]:
    """The schools where this person is a headteacher."""
    return [m.school_id for m in memberships(user) if m.role == Role.HEADTEACHER and m.school_id]


def works_at(user: Person, school_id: int | None) -> bool:
    """Holds any role at the school (the office included)."""
    return bool(roles_at(user, school_id))


def is_school_staff(user: Person, school_id: int | None) -> bool:
    """Staff who work with pupils: any role at the school but the office's."""
    return bool(roles_at(user, school_id) - {Role.SCHOOL_ADMIN})


def records_concerns_at(user: Person, school_id: int | None) -> bool:
    """May record concerns here. The office and the PSHE lead (as such) record no concerns and see
    no pupils; a PSHE lead who also teaches holds STAFF too, and records as a member of staff."""
    return bool(roles_at(user, school_id) - NO_CONCERNS_RECORDED)


def _in_team(user: Person, obj: Model) -> bool:
    return in_team(user, school_id_of(obj))


def named_for(user: Person, case: Model) -> bool:
    """Named by the DSL to see this restricted case (one query, asked only of a restricted case;
    the answer is kept on the case object for the rest of the request)."""
    cache: dict[Any, bool] = case.__dict__.setdefault("_haven_named", {})
    if user.pk not in cache:
        named = case.named_access  # type: ignore[attr-defined]  # the cases app's NamedAccess
        cache[user.pk] = named.filter(user_id=user.pk, removed_at__isnull=True).exists()
    return cache[user.pk]


def sees_case(user: Person, case: Model) -> bool:
    """On the case's school's team and, when the case is restricted (an adult who works with
    children is involved), the DSL, the headteacher or someone they named."""
    school_id = school_id_of(case)
    if not in_team(user, school_id):
        return False
    if not getattr(case, "restricted", False):
        return True
    roles = roles_at(user, school_id)
    return may_see_restricted_case(roles, named=False) or may_see_restricted_case(
        roles, named=named_for(user, case)
    )


def restricted_case_school_ids(user: Person) -> list[int]:
    """Schools where the user sees every restricted case without being named (for lists)."""
    return sorted(
        {
            m.school_id
            for m in memberships(user)
            if m.school_id and may_see_restricted_case({Role(m.role)}, named=False)
        }
    )


def _sees_case(user: Person, obj: Model) -> bool:
    return sees_case(user, obj)


def _may_name_for_case(user: Person, obj: Model) -> bool:
    return sees_case(user, obj) and may_name_for_restricted_case(roles_at(user, school_id_of(obj)))


def _is_head(user: Person, obj: Model) -> bool:
    return is_head(user, school_id_of(obj))


def _any_staff_role(user: Person, obj: Model) -> bool:
    return records_concerns_at(user, school_id_of(obj))


def _curriculum_planner(user: Person, obj: Model) -> bool:
    roles = roles_at(user, school_id_of(obj))
    return bool(roles & (SAFEGUARDING_TEAM | {Role.PSHE_LEAD}))


def _is_admin(user: Person, obj: Model) -> bool:
    return Role.SCHOOL_ADMIN in roles_at(user, school_id_of(obj))


def _may_take_part_in_mfa_reset(user: Person, obj: Model) -> bool:
    return may_take_part_in_mfa_reset(roles_at(user, school_id_of(obj)))


def _may_take_part_in_team_change(user: Person, obj: Model) -> bool:
    # Who asks and who agrees to a change to the safeguarding team is a rule in
    # haven.accounts.rules; haven.schools.team checks each change again.
    return may_ask_for_team_change(roles_at(user, school_id_of(obj)))


def _may_take_part_in_policy(user: Person, obj: Model) -> bool:
    return may_take_part_in_policy(roles_at(user, school_id_of(obj)))


def _team_sees_concern(user: Person, obj: Model) -> bool:
    """The team sees all the school's concerns, but one in a restricted case only if they see
    the case."""
    case = getattr(obj, "case", None) if getattr(obj, "case_id", None) else None
    return _in_team(user, obj) and (case is None or sees_case(user, case))


def _reported_it_or_team(user: Person, obj: Model) -> bool:
    """Staff see the concerns they recorded (and nothing else); the team sees the school's
    (`_team_sees_concern`)."""
    if _team_sees_concern(user, obj):
        return True
    reporter_id = getattr(obj, "reported_by_id", None)
    return reporter_id is not None and reporter_id == user.pk and _any_staff_role(user, obj)


def _trust_lead(user: Person, obj: Model) -> bool:
    if not isinstance(obj, Trust) or not user.is_authenticated or not user.is_active:
        return False
    return any(m.role == Role.TRUST_LEAD and m.trust_id == obj.pk for m in memberships(user))


def _asked_for_it_in_team(user: Person, obj: Model) -> bool:
    """A report file is for the member of the team who asked for it, and nobody else."""
    return _in_team(user, obj) and getattr(obj, "requested_by_id", None) == user.pk


RULES: dict[Action, Callable[[Person, Model], bool]] = {
    Action.RECORD_CONCERN: _any_staff_role,
    Action.SEARCH_PUPILS: _any_staff_role,
    Action.VIEW_INBOX: _in_team,
    Action.VIEW_SCHOOL_REPORTS: _in_team,
    Action.VIEW_AUDIT: _in_team,
    Action.MANAGE_SCHOOL: _is_admin,
    Action.RESET_STAFF_MFA: _may_take_part_in_mfa_reset,
    Action.CHANGE_SAFEGUARDING_TEAM: _may_take_part_in_team_change,
    Action.SET_SAFEGUARDING_POLICY: _may_take_part_in_policy,
    Action.MANAGE_OUT_OF_HOURS: _in_team,
    Action.VIEW_CONCERN: _reported_it_or_team,
    Action.ADD_TO_CONCERN: _reported_it_or_team,
    Action.TRIAGE_CONCERN: _team_sees_concern,
    Action.VIEW_CASE: _sees_case,
    Action.MANAGE_CASE: _sees_case,
    Action.NAME_FOR_RESTRICTED_CASE: _may_name_for_case,
    Action.AGREE_AS_HEAD: _is_head,
    Action.VIEW_PUPIL_RECORD: _in_team,
    Action.MANAGE_RECORDS: _in_team,
    Action.DELETE_RECORDS: _may_take_part_in_policy,  # the DSL and the headteacher
    Action.START_TRANSFER: _may_take_part_in_policy,  # the DSL and the headteacher
    Action.SUBJECT_ACCESS: _may_take_part_in_policy,  # the DSL and the headteacher
    Action.VIEW_TRUST_FIGURES: _trust_lead,
    Action.DOWNLOAD_REPORT: _asked_for_it_in_team,
    Action.VIEW_CURRICULUM: _curriculum_planner,
    Action.PLAN_LESSONS: _curriculum_planner,
}


def can(user: Person, action: Action, obj: Model) -> bool:
    """May this user do this action to this object? False unless a rule says yes."""
    if not user.is_authenticated or not user.is_active:
        return False
    rule = RULES.get(action)
    return rule is not None and rule(user, obj)


def get_for[M: Model](user: Person, action: Action, queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one object the user may act on, or raise Http404 (the same for absent and denied)."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can(user, action, obj):
        raise Http404
    return obj


def team_school_ids(user: Person) -> list[int]:
    """Schools where the user is on the safeguarding team (for scoping lists)."""
    return sorted(
        {m.school_id for m in memberships(user) if m.school_id and m.role in SAFEGUARDING_TEAM}
    )
