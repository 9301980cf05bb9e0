"""Every long list in Haven is shown a page at a time, with links to each page that keep the
filters chosen. `paginate` gives the page; `page_links` the numbered links the component draws
(templates/components/pagination.html)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.http import urlencode

T = TypeVar("T")

PAGE_SIZE = 50
AROUND = 2  # pages linked either side of the current one


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the gap between far-apart pages ("…")
    href: str = ""
    current: bool = False


def paginate(
    items: "QuerySet[Any] | Sequence[T]", number: object, per_page: int = PAGE_SIZE
) -> Page[Any]:
    """The page asked for: the first for anything that is not a page number, the last for a
    number past the end. Reads one page of rows and one count, however long the list."""
    return Paginator(items, per_page).get_page(number)  # type: ignore[arg-type]


def page_href(query: Mapping[str, str], number: int) -> str:
    kept = {name: value for name, value in query.items() if value and name != "page"}
    return "?" + urlencode({**kept, "page": str(number)})


def page_links(page: Page[Any], query: Mapping[str, str] | None = None) -> list[PageLink]:
    """First, last, and the pages around the current one, with gaps between."""
    query = query or {}
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - AROUND, page.number + AROUND + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, page_href(query, number), number == page.number))
        previous = number
    return links


def pagination(
    page: Page[Any], query: Mapping[str, str] | None = None, **words: str
) -> dict[str, Any]:
    """What the pagination component needs: the page, its links, and the previous and next
    links. `words` may name the previous and next links (`previous="Newer"`)."""
    query = query or {}
    return {
        "page": page,
        "links": page_links(page, query) if page.has_other_pages() else [],
        "previous_href": page_href(query, page.previous_page_number())
        if page.has_previous()
        else "",
        "next_href": page_href(query, page.next_page_number()) if page.has_next() else "",
        "previous_word": words.get("previous", "Previous"),
        "next_word": words.get("next", "Next"),
        "label": words.get("label", "Pages"),
    }
