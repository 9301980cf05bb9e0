"""The initial-review form asks every triage fact the rules know, in the rules' own words."""

import pytest

from haven.cases.forms.review import FACTS, QUESTIONS, ReviewForm
from haven.cases.rules import SECTION_KEYS, fact_question

FACT_PATHS = [f"{section}.{name}" for section, names in SECTION_KEYS.items() for name in names]


def test_the_form_asks_exactly_the_facts_the_rules_define():
    assert dict(SECTION_KEYS) == FACTS


@pytest.mark.parametrize("path", FACT_PATHS)
def test_every_fact_the_rules_define_has_a_question(path):
    assert QUESTIONS[path] == fact_question(path)  # fact_question raises for a missing one


def test_every_fact_is_asked_on_the_page_in_one_of_its_groups():
    form = ReviewForm(links=[])
    asked = [field.name for _title, _hint, fields in form.groups() for field in fields]
    for path in FACT_PATHS:
        name = path.replace(".", "__")
        assert asked.count(name) == 1, path
        assert form.fields[name].label == QUESTIONS[path]


def test_a_fact_without_a_question_yet_is_still_asked_in_plain_words():
    """The test above fails until the rules' question is written; the page never drops it."""
    from haven.cases.forms.review import _question

    assert _question("context.met_online") == "Met online?"
