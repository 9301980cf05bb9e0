"""Haven's own words on the public pages never blame or shame a child (the language guard)."""

import importlib
from html.parser import HTMLParser

import pytest
from django.test import Client

from haven.language import check_text
from haven.public.content import default_text
from haven.public.forms import ParentReportForm, PupilReportForm
from haven.public.models import PublicPage, SupportService

SEED = importlib.import_module("haven.public.migrations.0002_seed_support_services")


class TextOf(HTMLParser):
    """The words a reader sees in the page's main content (not scripts, not attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = TextOf()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("page", list(PublicPage))
def test_havens_default_page_text_has_no_flagged_words(page):
    assert check_text(default_text(page)) == []


@pytest.mark.parametrize("service", SEED.SERVICES, ids=lambda s: s["key"])
def test_havens_support_directory_has_no_flagged_words(service):
    for field in ("who_for", "offers", "phone_note"):
        assert check_text(service.get(field, "")) == []


@pytest.mark.parametrize("form", [ParentReportForm, PupilReportForm])
def test_the_report_forms_words_have_no_flagged_words(form):
    for words in form.TEXT.values():
        assert check_text(words) == []
    for _, label in form.CONTACT_CHOICES:
        assert check_text(label) == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "parents/",
        "young-people/",
        "support/",
        "contacts/",
        "let-us-know/",
        "i-need-help/",
        "sent/",
        "check/",
    ],
)
def test_every_public_page_as_shown_has_no_flagged_words(named, path):
    html = Client().get(f"/s/{named.school.slug}/{path}").content.decode()
    assert check_text(visible_text(html)) == []


def test_the_seeded_directory_is_the_migrations_list(db):
    keys = set(SupportService.objects.filter(school=None).values_list("key", flat=True))
    assert keys == {s["key"] for s in SEED.SERVICES}


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "let-us-know",
            {
                "what_happened": "x",
                "name": "Pat",
                "contact": "email",
                "contact_detail": "pat@example.com",
            },
        ),
        ("i-need-help", {"what_happened": "x", "name": "", "contact": "none"}),
    ],
)
def test_the_pages_after_sending_have_no_flagged_words(cast, path, data):
    client = Client()
    client.post(f"/s/{cast.school.slug}/{path}/", data)
    sent = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    assert check_text(visible_text(sent)) == []
    reference = sent.split('data-testid="reference">')[1].split("<")[0]
    code = sent.split('data-testid="secret-code">')[1].split("<")[0]
    client.post(f"/s/{cast.school.slug}/check/", {"reference": reference, "secret_code": code})
    report = client.get(f"/s/{cast.school.slug}/check/your-report/").content.decode()
    assert "Your report" in report
    assert check_text(visible_text(report)) == []
