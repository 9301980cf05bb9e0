"""Every form in Haven, found by walking the code (not from a list): each is built on
haven.lib.forms, each free-text field refuses a picture written out as text, and each text field
keeps what was typed when it is too long, says its limit and how much was typed, has no
`maxlength` to cut a paste, and is drawn with a character count.
"""

import base64
import importlib
import inspect
import pkgutil
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

import haven
from haven.lib.forms import (
    COUNTED_FROM,
    WORDS_ONLY,
    WordsOnly,
    character_limit,
    is_text,
    takes_words,
)
from haven.schools.models import StaffMembership
from tests.access_world import World, build_world

_MODULES = [
    name
    for _, name, _ in pkgutil.walk_packages(haven.__path__, "haven.")
    if ".tests" not in name and ".migrations" not in name and name != "haven.lib.forms"
]


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes() -> list[type[forms.BaseForm]]:
    for name in _MODULES:
        importlib.import_module(name)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__ in _MODULES and not _abstract(cls)
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _abstract(cls: type) -> bool:
    """A base for forms that fill in its class variables (ReportForm for the two public ones)."""
    hints = inspect.get_annotations(cls)
    return any("ClassVar" in str(hint) and not hasattr(cls, name) for name, hint in hints.items())


FORMS = form_classes()
# What a form needs to be made, by the name of its parameter. A form that needs something else
# fails test_every_form_can_be_made_here until it is taught here.
MAKERS: dict[str, Callable[[Any], Any]] = {
    "request": lambda world: RequestFactory().post("/"),
    "user": lambda world: world.cast.teacher,
    "schools": lambda world: [world.cast.school],
    "school_id": lambda world: world.cast.school.pk,
    "school": lambda world: world.cast.school,
    "case": lambda world: world.case,
    "links": lambda world: list(world.case.case_pupils.select_related("pupil")),
    "candidates": lambda world: list(StaffMembership.objects.filter(school=world.cast.school)),
    "staff": lambda world: [world.cast.teacher, world.cast.dsl],
    "suggestions": lambda world: ["Sam Jones"],
}


def _needed(cls: type[forms.BaseForm]) -> list[inspect.Parameter]:
    parameters = inspect.signature(cls.__init__).parameters.values()
    return [
        p
        for p in parameters
        if p.name != "self"
        and p.default is inspect.Parameter.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def make(cls: type[forms.BaseForm], world: Any, data: dict[str, str]) -> forms.BaseForm:
    args, kwargs = [], {}
    for parameter in _needed(cls):
        value = MAKERS[parameter.name](world)
        if parameter.kind is parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    return cls(*args, data=data, **kwargs)


def text_fields(form: forms.BaseForm, wanted: Callable[[forms.Field], bool]) -> list[str]:
    return [name for name, field in form.fields.items() if wanted(field)]


class LazyWorld:
    """The shared world, built only for a form that needs something from it (most do not)."""

    def __init__(self) -> None:
        self._world: World | None = None

    def __getattr__(self, name: str) -> Any:
        if self._world is None:
            self._world = build_world()
        return getattr(self._world, name)


@pytest.fixture
def world(db) -> LazyWorld:
    return LazyWorld()


def _ids(classes: list[type]) -> list[str]:
    return [f"{cls.__module__.removeprefix('haven.')}.{cls.__qualname__}" for cls in classes]


# A picture of about 600 bytes, written out four of the ways the issue found getting through
# (every other way: haven/lib/tests/test_encoded_files.py).
_BYTES = random.Random(5).randbytes(600)  # noqa: S311 (test data)
PICTURES = {
    "base64 in groups of four": " ".join(
        base64.b64encode(_BYTES).decode()[i : i + 4] for i in range(0, 800, 4)
    ),
    "data: address": "data:image/jpeg;base64," + base64.b64encode(_BYTES).decode(),
    "braille": "".join(chr(0x2800 + byte) for byte in _BYTES),
    "decimal numbers": ", ".join(str(byte) for byte in _BYTES),
}


def test_the_walk_finds_the_forms_people_type_into():
    names = {cls.__name__ for cls in FORMS}
    assert {"ConcernForm", "ParentReportForm", "PupilReportForm", "AddMoreForm"} <= names
    assert {"DecisionForm", "ReviewForm", "OtherPersonForm", "SupportServiceForm"} <= names


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_form_is_built_on_havens_text_rules(cls):
    assert issubclass(cls, WordsOnly), "build it on haven.lib.forms.Form or ModelForm"


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_form_can_be_made_here(cls, world):
    unknown = [p.name for p in _needed(cls) if p.name not in MAKERS]
    assert not unknown, f"teach MAKERS how to make {unknown}"
    make(cls, world, {})


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_free_text_field_refuses_a_picture_and_keeps_what_was_typed(cls, world):
    for name in text_fields(make(cls, world, {}), takes_words):
        for how, picture in PICTURES.items():
            typed = f"Here is what he sent.\n{picture}\nPlease help."
            form = make(cls, world, {name: typed})
            assert not form.is_valid()
            assert WORDS_ONLY in form.errors.get(name, []), f"{cls.__name__}.{name} took {how}"
            assert form[name].value() == typed


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_free_text_field_takes_real_words(cls, world):
    for name in text_fields(make(cls, world, {}), takes_words):
        form = make(cls, world, {name: "Ms Khan, 07700 900 982, 3/12/2026, @jay_2011"})
        form.is_valid()
        assert WORDS_ONLY not in form.errors.get(name, []), f"{cls.__name__}.{name}"


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_text_field_has_a_limit_and_no_maxlength_to_cut_a_paste(cls, world):
    form = make(cls, world, {})
    for name in text_fields(form, is_text):
        assert getattr(form.fields[name], "max_length", None), f"{cls.__name__}.{name}: no limit"
        assert "maxlength" not in str(form[name]), f"{cls.__name__}.{name} would cut a paste"


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_every_free_text_field_shows_its_limit_with_a_character_count(cls, world):
    form = make(cls, world, {})
    for name in text_fields(form, takes_words):
        limit = form.fields[name].max_length  # type: ignore[attr-defined]
        if limit < COUNTED_FROM:
            continue  # a code, a reference or a phone number
        assert character_limit(form.fields[name]) == limit
        assert "govuk-js-character-count" in str(form[name])
        drawn = render_to_string("components/field.html", {"field": form[name]})
        assert f'data-maxlength="{limit}"' in drawn
        assert f'id="{form[name].auto_id}-info"' in drawn


@pytest.mark.parametrize("cls", FORMS, ids=_ids(FORMS))
def test_text_over_the_limit_is_refused_saying_the_limit_and_kept_whole(cls, world):
    for name in text_fields(make(cls, world, {}), is_text):
        limit = make(cls, world, {}).fields[name].max_length  # type: ignore[attr-defined]
        typed = ("word " * (limit // 5 + 2))[: limit + 6] + "s"  # no space at the end to strip
        if isinstance(make(cls, world, {}).fields[name], forms.URLField):
            typed = "https://www.example.org/" + "a" * (limit + 7 - 24)
        form = make(cls, world, {name: typed})
        assert not form.is_valid()
        errors = " ".join(form.errors.get(name, []))
        assert f"{limit:,} characters or fewer" in errors, f"{cls.__name__}.{name}: {errors}"
        assert f"You have typed {limit + 7:,}" in errors
        assert form[name].value() == typed  # drawn again with every character
