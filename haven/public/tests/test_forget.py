"""What the server does so that a child's words never stay on a shared phone: the form pages and
the page after sending are never stored by the browser, and no field is remembered by it.
(The browser side, Back after exit and after sending, is tests/e2e/test_public_forms_forget.py.)"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from haven.public.tests.test_reports import PUPIL, send

FORM_PAGES = ["let-us-know", "i-need-help", "check"]


class Fields(HTMLParser):
    """The forms marked to be forgotten, and the fields inside them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []
        self.fields: list[dict[str, str | None]] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._inside = "data-haven-forget" in attributes
            if self._inside:
                self.forms.append(attributes)
        elif self._inside and tag in {"input", "textarea"}:
            self.fields.append({"tag": tag, **attributes})

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def fields_of(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", FORM_PAGES)
def test_the_form_pages_are_never_stored_by_the_browser(cast, path):
    response = Client().get(f"/s/{cast.school.slug}/{path}/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", FORM_PAGES)
def test_no_field_of_a_public_form_is_remembered_by_the_browser(cast, path):
    found = fields_of(Client().get(f"/s/{cast.school.slug}/{path}/").content.decode())
    assert found.forms
    assert all(form.get("autocomplete") == "off" for form in found.forms)
    typed = [f for f in found.fields if f["tag"] == "textarea" or f.get("type") == "text"]
    assert typed
    assert [f["name"] for f in typed if f.get("autocomplete") != "off"] == []


def test_the_add_more_form_is_forgotten_too(cast):
    client = Client()
    send(client, cast.school, "i-need-help", PUPIL)
    page = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    reference = re.search(r'data-testid="reference">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="secret-code">([^<]+)<', page).group(1)
    client.post(f"/s/{cast.school.slug}/check/", {"reference": reference, "secret_code": code})
    report = client.get(f"/s/{cast.school.slug}/check/your-report/")
    assert "no-store" in report["Cache-Control"]
    found = fields_of(report.content.decode())
    assert [f.get("autocomplete") for f in found.fields if f["tag"] == "textarea"] == ["off"]


def test_the_page_after_sending_is_never_stored_and_shows_the_code_once(cast):
    client = Client()
    send(client, cast.school, "let-us-know", PUPIL | {"contact": "none"})
    sent = client.get(f"/s/{cast.school.slug}/sent/")
    assert "no-store" in sent["Cache-Control"]
    assert 'data-testid="secret-code"' in sent.content.decode()
    again = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    assert 'data-testid="secret-code"' not in again
