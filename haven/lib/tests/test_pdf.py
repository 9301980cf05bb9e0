"""PDFs from templates (haven.lib.pdf): the words come back out, and nothing is ever fetched."""

from io import BytesIO

import pytest
from django.template import engines
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from haven.lib import pdf


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def template(tmp_path, settings):
    """A template written for the test, found by the project's template loaders."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    engines._engines = {}  # the engines are cached; the new DIRS take effect on the next render

    def write(body: str) -> str:
        (tmp_path / "under_test.html").write_text(
            '{% extends "pdf/base.html" %}{% block title %}Termly report{% endblock %}'
            "{% block heading %}Termly report{% endblock %}"
            "{% block content %}" + body + "{% endblock %}"
        )
        return "under_test.html"

    yield write
    engines._engines = {}


def test_the_words_of_the_template_come_back_out_of_the_pdf(template):
    name = template(
        "<p>Concerns this term: {{ count }}</p><table><tr><th>Year 9</th><td>3</td></tr></table>"
    )
    data = pdf.render_pdf(name, {"count": 7})
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert "Termly report" in text
    assert "Concerns this term: 7" in text
    assert "Year 9" in text


def test_a_long_table_runs_onto_more_pages_with_page_numbers(template):
    rows = "".join(f"<tr><td>Row {n}</td></tr>" for n in range(200))
    body = f"<table><thead><tr><th>Heading</th></tr></thead>{rows}</table>"
    data = pdf.render_pdf(template(body))
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) > 1
    assert "Row 199" in _text(data)
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    "body",
    [
        '<img src="https://example.org/picture.png" alt="">',
        '<img src="file:///etc/hostname" alt="">',
        '<link rel="stylesheet" href="https://example.org/style.css">',
        '<p style="background: url(https://example.org/x.png)">x</p>',
    ],
)
def test_a_template_that_asks_for_anything_from_outside_is_refused(template, body):
    with pytest.raises(FatalURLFetchingError):
        pdf.render_pdf(template(body))
