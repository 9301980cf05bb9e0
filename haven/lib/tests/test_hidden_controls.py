"""Hidden characters that change what a reader sees (a null from a bad paste, direction overrides
that display a sentence reversed) are taken out of what is shown back, and the person is told."""

from django import forms
from django.test import Client

from haven.concerns.models import Concern
from haven.lib.forms import Form


class NoteForm(Form):
    note = forms.CharField(max_length=500, widget=forms.Textarea)
    other = forms.CharField(max_length=500, required=False)


def test_a_null_character_is_taken_out_and_the_field_says_what_happened():
    form = NoteForm(data={"note": "He said\x00 it was sent.", "other": "fine"})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "This had 1 hidden character that can change how text is shown (usually from pasting). "
        "Haven has taken it out: check the text reads as you meant, then send it again."
    ]
    assert "other" not in form.errors
    assert form["note"].value() == "He said it was sent."
    assert "Null characters" not in str(form.errors)


def test_direction_overrides_are_taken_out_so_nothing_displays_reversed():
    typed = "Sam said \u202etnes saw ti\u202c on Tuesday"
    form = NoteForm(data={"note": typed})
    assert not form.is_valid()
    assert "2 hidden characters" in form.errors["note"][0]
    assert form["note"].value() == "Sam said tnes saw ti on Tuesday"
    # Sent again as shown, it is accepted.
    again = NoteForm(data={"note": form["note"].value()})
    assert again.is_valid(), again.errors


def test_writing_in_right_to_left_languages_keeps_its_marks():
    arabic = "قال إنه أرسل الصورة\u200f يوم الثلاثاء"
    form = NoteForm(data={"note": arabic})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == arabic


def test_a_public_report_with_a_hidden_character_comes_back_without_it(cast):
    page = Client().post(
        f"/s/{cast.school.slug}/i-need-help/",
        {"what_happened": "Someone\x00 keeps asking me for pictures.", "contact": "none"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Haven has taken it out" in text
    assert "Someone keeps asking me for pictures." in text
    assert Concern.objects.count() == 0
