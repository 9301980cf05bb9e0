import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory

from haven.language import check_text
from haven.language.views import advise_after_saving

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_live_advice_names_the_words_and_why(cast, client_for):
    response = client_for(cast.teacher).post(
        "/language/check/",
        {"field": "narrative", "narrative": "She should have known better than to send it."},
    )
    assert response.status_code == 200
    assert "should have known better" in response.text
    assert "you can still save" in response.text


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
