"""What an import would change: the rows of an MIS file compared with the school's records.

Pure: plain dicts in (parsed rows from haven.schools.mis, and snapshots of the records), a plan
out. No ORM. Tested by table in haven/schools/tests/test_mis.py.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

PUPIL_FIELD_LABELS = {
    "legal_first_name": "legal first name",
    "legal_last_name": "legal surname",
    "preferred_first_name": "preferred first name",
    "preferred_last_name": "preferred surname",
    "date_of_birth": "date of birth",
    "year": "year group",
    "reg_group": "registration group",
    "gender": "gender",
    "send": "SEN status",
    "looked_after": "looked after",
    "has_social_worker": "social worker",
    "on_roll": "back on roll",
}
STAFF_FIELD_LABELS = {"full_name": "name", "job_title": "job title", "roles": "roles"}


@dataclass(frozen=True)
class Change:
    key: str  # UPN or e-mail address
    name: str
    fields: tuple[str, ...]  # the fields that change (keys of the *_FIELD_LABELS dicts)

    @property
    def labels(self) -> list[str]:
        labels = PUPIL_FIELD_LABELS | STAFF_FIELD_LABELS
        return [labels[name] for name in self.fields]


@dataclass
class Plan:
    adds: list[dict[str, Any]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)  # keys on record but not in the file
    unchanged: int = 0

    def extend(self, other: "Plan") -> None:
        self.adds += other.adds
        self.changes += other.changes
        self.leavers += other.leavers
        self.unchanged += other.unchanged


def pupil_name(row: Mapping[str, Any]) -> str:
    first = row.get("preferred_first_name") or row["legal_first_name"]
    last = row.get("preferred_last_name") or row["legal_last_name"]
    return f"{first} {last}"


def plan_pupils(
    rows: Iterable[Mapping[str, Any]], existing: Mapping[str, Mapping[str, Any]]
) -> Plan:
    """Compare file rows with the pupils on record (a snapshot per UPN, same keys as a row plus
    "on_roll"). Leavers are worked out separately (`leavers`), over the whole roll."""
    plan = Plan()
    for row in rows:
        current = existing.get(row["upn"])
        if current is None:
            plan.adds.append(dict(row))
            continue
        changed = [
            name
            for name, value in row.items()
            if name not in {"line", "upn"} and current.get(name) != value
        ]
        if not current.get("on_roll", True):
            changed.append("on_roll")
        if changed:
            plan.changes.append(Change(row["upn"], pupil_name(row), tuple(changed)))
        else:
            plan.unchanged += 1
    return plan


def leavers(on_roll: Iterable[str], in_file: Iterable[str]) -> list[str]:
    """Keys on roll now that the file does not list: they have left (never deleted)."""
    listed = set(in_file)
    return sorted(key for key in on_roll if key not in listed)


def new_roles(wanted: Iterable[str], held: Iterable[str]) -> list[str]:
    """The roles to add. Every role includes being a member of staff, so "staff" adds nothing
    for someone who already holds a role."""
    held = set(held)
    return [role for role in wanted if role not in held and not (role == "staff" and held)]


def staff_full_name(row: Mapping[str, Any]) -> str:
    return f"{row['first_name']} {row['last_name']}"


def plan_staff(
    rows: Iterable[Mapping[str, Any]], existing: Mapping[str, Mapping[str, Any]]
) -> Plan:
    """Compare file rows with the school's staff (per e-mail: full_name, job_title, roles, and
    may_rename: false when the person also works at another school, whose name stays as it is).
    Roles are only ever added by an import; removing one is done on the staff page."""
    plan = Plan()
    for row in rows:
        current = existing.get(row["email"])
        if current is None:
            plan.adds.append(dict(row))
            continue
        changed = []
        if current.get("may_rename", True) and current["full_name"] != staff_full_name(row):
            changed.append("full_name")
        if "job_title" in row and current["job_title"] != row["job_title"]:
            changed.append("job_title")
        if "haven_roles" in row and new_roles(row["haven_roles"], current["roles"]):
            changed.append("roles")
        if changed:
            plan.changes.append(Change(row["email"], staff_full_name(row), tuple(changed)))
        else:
            plan.unchanged += 1
    return plan
