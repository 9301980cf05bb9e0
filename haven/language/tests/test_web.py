import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import RequestFactory

from haven.language import check_text
from haven.language.views import advise_after_saving, written_in

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_live_advice_names_the_words_and_why(cast, client_for):
    response = client_for(cast.teacher).post(
        "/language/check/",
        {"field": "narrative", "narrative": "She should have known better than to send it."},
    )
    assert response.status_code == 200
    assert "should have known" in response.text
    assert "you can still save" in response.text
    # The kind and the suggested rewording are said in words, fitted to the child ("she").
    assert "Puts responsibility on the child" in response.text
    assert "Suggested wording:" in response.text
    assert "before she sent one" in response.text


@pytest.mark.django_db
def test_live_advice_is_empty_for_neutral_text(cast, client_for):
    response = client_for(cast.teacher).post(
        "/language/check/",
        {"field": "narrative", "narrative": 'She told me "I was so stupid to send it".'},
    )
    assert response.status_code == 200
    assert response.text.strip() == ""


@pytest.mark.django_db
def test_live_advice_needs_a_signed_in_member_of_staff(client):
    response = client.post("/language/check/", {"field": "x", "x": "she was asking for it"})
    assert response.status_code == 302


def test_advice_after_saving_is_shown_once_and_never_blocks(rf: RequestFactory):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    findings = advise_after_saving(request, "It was child porn.", "")
    shown = [str(m) for m in get_messages(request)]
    assert findings
    assert len(shown) == len(findings)
    assert shown[0].startswith("Saved.")


class NoteForm(forms.Form):
    title = forms.CharField()
    note = forms.CharField(widget=forms.Textarea)
    who = forms.CharField()
    DELETE = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].written = True  # a one-line field staff write in their own words


def test_the_guard_reads_textareas_and_fields_marked_written_only():
    form = NoteForm({"title": "Silly game", "note": "She was naive.", "who": "A child prostitute"})
    assert form.is_valid()
    assert written_in(form) == ["She was naive.", "A child prostitute"]


def test_a_removed_formset_row_is_not_read():
    form = NoteForm({"title": "x", "note": "She was naive.", "who": "x", "DELETE": "on"})
    assert form.is_valid()
    assert written_in(form) == []


def test_a_hint_is_drawn_with_the_findings_for_the_text_already_there():
    form = NoteForm(prefix="others-0", data={"others-0-note": "She was asking for it."})
    html = Template('{% include "language/hint.html" with field=form.note %}').render(
        Context({"form": form})
    )
    assert 'id="id_others-0-note-language"' in html
    # A polite live region that names the field it advises on (init.mjs links them).
    assert 'role="status" aria-live="polite" data-language-for="id_others-0-note"' in html
    assert '"field": "others-0-note"' in html
    assert "asking for it" in html


def test_a_hint_for_an_empty_field_is_empty():
    html = Template('{% include "language/hint.html" with field=form.note %}').render(
        Context({"form": NoteForm()})
    )
    assert 'id="id_note-language"' in html
    assert "A note on wording" not in html


def visible_text(template: str) -> str:
    text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", template, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text)


def haven_templates() -> list[Path]:
    roots = [REPO / "templates", *sorted((REPO / "haven").glob("*/templates"))]
    return sorted(path for root in roots for path in root.rglob("*.html"))


@pytest.mark.parametrize("path", haven_templates(), ids=lambda p: str(p.relative_to(REPO)))
def test_haven_never_ships_blaming_words_in_its_own_pages(path: Path):
    findings = check_text(visible_text(path.read_text(encoding="utf-8")))
    assert findings == [], [f.text for f in findings]
