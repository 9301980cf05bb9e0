"""PDFs made on the server from Django templates, with WeasyPrint (docs/pdf.md).

One way in: `render_pdf(template_name, context)` renders an HTML template and returns the PDF's
bytes. The page fetches nothing from anywhere: no web address, no file outside Haven's own static
files, and never a picture (Haven holds none, and a template that asked for one would be a mistake).
Fonts are the machine's own, so the file looks the same on every install with Debian's fonts.

Why WeasyPrint: the reports are pages a person reads, written once as Django templates with the
same words and accessible tables as the screen; WeasyPrint lays out HTML and CSS (tables that
break across pages, running headers, page numbers) and writes tagged text that pypdf reads back
in the tests. It installs from PyPI with Debian's pango, which `make install` checks for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

# The style every Haven PDF shares; a template adds its own after it.
PDF_STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "pdf" / "haven-pdf.css"


def render_pdf(template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """The PDF of `template_name` rendered with `context`, as bytes.

    Raises `weasyprint.urls.FatalURLFetchingError` if the template asks for anything from outside
    the document (an image, a web font, a stylesheet by address): nothing is ever fetched.
    """
    # Not a circle: WeasyPrint loads pango when imported, so only a request that makes a PDF pays.
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class NothingFetched(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise FatalURLFetchingError(f"Haven's PDFs fetch nothing; the page asked for {url!r}.")

    html = render_to_string(template_name, context or {})
    fetcher = NothingFetched(fail_on_errors=True)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    stylesheets = [CSS(string=PDF_STYLESHEET.read_text(), url_fetcher=fetcher)]
    pdf: bytes = document.write_pdf(stylesheets=stylesheets, pdf_tags=True)
    return pdf
