"""The pupil picker: a reusable "find a pupil" widget for staff forms.

In a form's template:
    {% include "schools/pupil_picker.html" with picker=picker label="Which pupils?" %}
In its view:
    picker = pupil_picker(request, field_name="pupils")
    if picker.searching:  # the "Search" button (no JavaScript): show the form again, with results
        return render(...)
    ids = picker.chosen_ids  # UUIDs of the ticked pupils, already limited to the user's schools

With JavaScript, HTMX asks `schools:pupil_search` as the user types and swaps in the results;
without it, the "Search" button submits the form and the view shows it again with the results.
Ticked pupils stay ticked either way (they are sent with every search).
"""

import re
import uuid
from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict

from haven.schools.models import Pupil
from haven.schools.selectors import pupils_chosen, search_pupils, searchable_schools

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass
class PupilPicker:
    field_name: str
    multiple: bool
    query: str = ""
    searching: bool = False  # the form was submitted with the picker's Search button
    chosen: list[Pupil] = field(default_factory=list)
    results: list[Pupil] = field(default_factory=list)
    show_school: bool = False  # the user works at more than one school

    @property
    def chosen_ids(self) -> list[uuid.UUID]:
        return [pupil.pk for pupil in self.chosen]

    @property
    def searched(self) -> bool:
        return bool(self.query.strip())

    @property
    def search_name(self) -> str:
        return f"{self.field_name}_search"


def pupil_picker(
    request: HttpRequest, *, field_name: str = "pupils", multiple: bool = True
) -> PupilPicker:
    """What the picker shows: the pupils already ticked, and those matching the words typed."""
    if not FIELD_NAME.match(field_name):
        raise ValueError(f"picker field names are lower-case words: {field_name!r}")
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    schools = searchable_schools(request.user)
    picker = PupilPicker(
        field_name=field_name,
        multiple=multiple,
        query=str(data.get(f"{field_name}_search") or data.get("q") or "")[:100],
        searching=f"{field_name}_find" in data,
        show_school=len(schools) > 1,
    )
    ticked = data.getlist(field_name)
    picker.chosen = pupils_chosen(schools, ticked if multiple else ticked[:1])
    if picker.searched:
        picker.results = search_pupils(schools, picker.query, exclude=picker.chosen_ids)
    return picker
