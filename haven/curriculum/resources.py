"""Teaching resources for the online-safety lessons, kept as data with the day each was last
checked: addresses move. Check each and change `last_checked` when you do (docs/curriculum.md)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Resource:
    name: str
    url: str
    offers: str
    last_checked: date


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "CEOP Education (Thinkuknow)",
        "https://www.ceopeducation.co.uk/professionals/",
        "Lesson plans and films from the National Crime Agency's CEOP Education team, by age, "
        "including on nudes and semi-nudes and sextortion.",
        date(2026, 12, 3),
    ),
    Resource(
        "PSHE Association",
        "https://pshe-association.org.uk/",
        "The programme of study for PSHE education and quality-assured lesson plans.",
        date(2026, 12, 3),
    ),
    Resource(
        "NSPCC Learning",
        "https://learning.nspcc.org.uk/",
        "Teaching resources on healthy relationships, consent and online safety.",
        date(2026, 12, 3),
    ),
    Resource(
        "Childnet",
        "https://www.childnet.com/resources/",
        "Lessons and guides on online relationships, image sharing and where to get help.",
        date(2026, 12, 3),
    ),
    Resource(
        "Internet Matters",
        "https://www.internetmatters.org/schools-esafety/",
        "Guides for schools and for parents and carers, including on AI-made images.",
        date(2026, 12, 3),
    ),
)
