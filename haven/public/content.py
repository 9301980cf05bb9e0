"""Haven's own page text, and turning a school's Markdown into safe HTML in GOV.UK style.

A school admin writes Markdown; python-markdown turns it into HTML and nh3 keeps only a short list
of text tags (no images, no scripts, no styles, no forms), so nothing a school types can run code or
show a picture on a page families read.
"""

from functools import cache
from pathlib import Path

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from haven.public.models import PublicPage

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# Text only. No img (Haven never shows pictures), no tables (hard to read on a phone).
ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "br",
    "hr",
    "code",
}
GOVUK_CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}


@cache
def default_text(page: PublicPage) -> str:
    """Haven's own words for a page, used until the school saves its own."""
    return (CONTENT_DIR / f"{page.value}.md").read_text(encoding="utf-8")


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={tag: {"class": css} for tag, css in GOVUK_CLASSES.items()},
    )


def render_markdown(text: str) -> SafeString:
    """Markdown in, sanitised HTML out. A "# Heading" becomes a second-level heading, because the
    page's own title is the only first-level heading."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(_cleaner().clean(html))  # noqa: S308 (sanitised by nh3 just above)
