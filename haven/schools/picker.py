"""The pupil picker: the one "find a pupil" widget for staff forms.

In a form's template:
    {% include "schools/pupil_picker.html" with picker=picker label="Which pupils?" %}
In its view:
    picker = pupil_picker(request, field_name="pupils")
    if picker.searching:  # the "Find" button (no JavaScript): show the form again, with results
        return render(...)
    ids = picker.chosen_ids  # UUIDs of the ticked pupils, already limited to the user's schools

With JavaScript, HTMX asks `schools:pupil_search` as the user types and swaps in the results;
without it, the "Find" button submits the form and the view shows it again with the results.
Ticked pupils stay ticked either way (they are sent with every search).

Options: `with_roles=True` adds a choice of each pupil's main part (PupilRole), sent as
`role-<pupil id>`, and "Is this pupil in the picture or video?", sent as `pictured-<pupil id>`
(a pupil who sent their own picture is also pictured); `picker.chosen_parts` reads both back;
`school_field="school"` searches only the school chosen in that field of the same form.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict

from haven.schools.models import Pupil, School
from haven.schools.parts import PupilRole, parts_of
from haven.schools.selectors import pupils_chosen, search_pupils, searchable_schools

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
ROLE_PREFIX = "role-"
PICTURED_PREFIX = "pictured-"


@dataclass(frozen=True)
class PupilOption:
    """One pupil as the picker shows them: ticked or not, and the part chosen for them."""

    pupil: Pupil
    checked: bool
    role: str = ""
    pictured: bool = False  # "in the picture or video" ticked beside another part


@dataclass
class PupilPicker:
    field_name: str
    multiple: bool
    with_roles: bool = False
    school_field: str = ""
    query: str = ""
    searching: bool = False  # the form was submitted with the picker's Find button
    chosen: list[Pupil] = field(default_factory=list)
    results: list[Pupil] = field(default_factory=list)
    show_school: bool = False  # the pupils shown may come from more than one school
    roles_sent: dict[str, str] = field(default_factory=dict)  # pupil id -> part, as sent
    pictured_sent: set[str] = field(default_factory=set)  # pupil ids ticked "in the picture"

    @property
    def chosen_ids(self) -> list[uuid.UUID]:
        return [pupil.pk for pupil in self.chosen]

    @property
    def chosen_parts(self) -> list[tuple[Pupil, list[str]]]:
        """The ticked pupils, each with their parts: the part chosen ("unknown" if none was),
        and "pictured" too if they are in the picture or video (`parts_of` order)."""
        return [(pupil, self.parts_of(pupil)) for pupil in self.chosen]

    @property
    def options(self) -> list[PupilOption]:
        ticked = [self._option(p, True) for p in self.chosen]
        return ticked + [self._option(p, False) for p in self.results]

    def _option(self, pupil: Pupil, checked: bool) -> PupilOption:
        return PupilOption(pupil, checked, self.role_of(pupil), str(pupil.pk) in self.pictured_sent)

    def parts_of(self, pupil: Pupil) -> list[str]:
        main = self.role_of(pupil) or PupilRole.UNKNOWN
        also = [PupilRole.PICTURED] if str(pupil.pk) in self.pictured_sent else []
        return parts_of([main, *also])

    @property
    def roles(self) -> list[tuple[str, str]]:
        return list(PupilRole.choices) if self.with_roles else []

    @property
    def searched(self) -> bool:
        return bool(self.query.strip())

    @property
    def search_name(self) -> str:
        return f"{self.field_name}_search"

    def role_of(self, pupil: Pupil) -> str:
        if not self.with_roles:
            return ""
        return self.roles_sent.get(str(pupil.pk), PupilRole.UNKNOWN)


def check_field_name(name: str) -> str:
    """Field names go into ids, names and HTMX attributes: plain lower-case words only."""
    if not FIELD_NAME.match(name):
        raise ValueError(f"picker field names are lower-case words: {name!r}")
    return name


def _in_scope(schools: list[School], data: QueryDict, school_field: str) -> list[School]:
    """The school chosen in the form (the first of the user's if none or another is sent)."""
    if not school_field:
        return schools
    wanted = str(data.get(school_field, ""))
    return [school for school in schools if str(school.pk) == wanted] or schools[:1]


def _in_order_ticked(pupils: list[Pupil], ticked: list[str]) -> list[Pupil]:
    """Pupils in the order they were ticked, so a form keeps (and saves) them as chosen."""
    place = {key: n for n, key in reversed(list(enumerate(ticked)))}
    return sorted(pupils, key=lambda pupil: place.get(str(pupil.pk), len(ticked)))


def _roles_sent(data: QueryDict, ids: list[str]) -> dict[str, str]:
    """Each pupil's part as sent, if it is one of the parts there are."""
    sent = {key: str(data.get(f"{ROLE_PREFIX}{key}", "")) for key in ids}
    return {key: role for key, role in sent.items() if role in PupilRole.values}


def pupil_picker(
    request: HttpRequest,
    *,
    field_name: str = "pupils",
    multiple: bool = True,
    with_roles: bool = False,
    school_field: str = "",
) -> PupilPicker:
    """What the picker shows: the pupils already ticked, and those matching the words typed."""
    check_field_name(field_name)
    if school_field:
        check_field_name(school_field)
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    schools = _in_scope(searchable_schools(request.user), data, school_field)
    picker = PupilPicker(
        field_name=field_name,
        multiple=multiple,
        with_roles=with_roles,
        school_field=school_field,
        query=str(data.get(f"{field_name}_search") or data.get("q") or "")[:100],
        searching=f"{field_name}_find" in data,
        show_school=len(schools) > 1,
    )
    ticked = data.getlist(field_name)
    picker.chosen = _in_order_ticked(
        pupils_chosen(schools, ticked if multiple else ticked[:1]), ticked
    )
    if picker.searched:
        picker.results = search_pupils(schools, picker.query, exclude=picker.chosen_ids)
    if with_roles:
        shown = [str(pupil.pk) for pupil in picker.chosen + picker.results]
        picker.roles_sent = _roles_sent(data, shown)
        picker.pictured_sent = {key for key in shown if data.get(f"{PICTURED_PREFIX}{key}")}
    return picker
