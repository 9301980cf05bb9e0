"""The public pages: anyone can read them, per school, without signing in."""

import pytest
from django.test import Client

from haven.public import services
from haven.public.content import default_text
from haven.public.models import PublicPage

PAGES = ["", "parents/", "young-people/", "support/", "contacts/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_without_signing_in(cast, path):
    response = Client().get(f"/s/{cast.school.slug}/{path}")
    assert response.status_code == 200
    assert b"govuk-exit-this-page" in response.content
    assert b'data-module="govuk-exit-this-page"' in response.content
    assert b'rel="nofollow noreferrer"' in response.content
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", [*PAGES, "let-us-know/", "i-need-help/", "check/", "sent/"])
def test_an_unknown_school_is_not_found(db, path):
    assert Client().get(f"/s/no-such-school/{path}").status_code == 404


def test_the_parents_page_shows_havens_own_words_until_the_school_saves_its_own(cast):
    response = Client().get(f"/s/{cast.school.slug}/parents/")
    assert "Outcome 21" in response.content.decode()
    assert "Report Remove" in response.content.decode()


def test_the_parents_page_shows_the_schools_newest_version(cast):
    services.save_page(
        actor=cast.office,
        school=cast.school,
        page=PublicPage.PARENTS,
        body="## Our own words\n\nCome and talk to us.",
        based_on=0,
    )
    page = Client().get(f"/s/{cast.school.slug}/parents/").content.decode()
    assert "Our own words" in page
    assert "Outcome 21" not in page
    other_school = Client().get(f"/s/{cast.school2.slug}/parents/").content.decode()
    assert "Outcome 21" in other_school


def test_markdown_from_the_school_cannot_run_script_or_show_pictures(cast):
    services.save_page(
        actor=cast.office,
        school=cast.school,
        page=PublicPage.YOUNG_PEOPLE,
        body=(
            "Hello <script>alert(1)</script> ![a picture](https://example.com/x.png)\n\n"
            '<a href="javascript:alert(2)" onclick="x()">link</a> <img src=x onerror=alert(3)>'
        ),
        based_on=0,
    )
    page = Client().get(f"/s/{cast.school.slug}/young-people/").content.decode()
    main = page[page.index('id="main-content"') :]
    assert "alert(" not in main
    assert "<img" not in main
    assert "onclick" not in main


def test_the_young_peoples_page_says_it_is_not_their_fault(cast):
    page = Client().get(f"/s/{cast.school.slug}/young-people/").content.decode()
    assert "It is not your fault" in page
    assert "I need help" in page


def test_the_support_directory_lists_havens_services_with_when_each_was_checked(cast):
    page = Client().get(f"/s/{cast.school.slug}/support/").content.decode()
    for name in [
        "Childline",
        "NSPCC helpline",
        "CEOP Safety Centre",
        "Thinkuknow",
        "Marie Collins Foundation",
        "Internet Matters",
        "PAPYRUS HOPELINE247",
        "Stop It Now",
        "Shore",
        "Report Harmful Content",
        "Report Remove",
        "Take It Down",
    ]:
        assert name in page
    assert "0800 1111" in page
    assert page.count("Last checked") == 12


def test_named_contacts_show_name_title_and_role_and_never_a_personal_address(named):
    page = Client().get(f"/s/{named.school.slug}/contacts/").content.decode()
    assert "Dina Lead" in page
    assert "Assistant head (pastoral)" in page
    assert "Designated safeguarding lead" in page
    assert "Hana Head" in page
    assert "Derek Deputy" not in page  # not chosen by the admin
    assert "dsl@elm.test" not in page
    assert "Omar Office" not in page


def test_public_pages_read_a_fixed_number_of_queries_however_many_services(
    named, django_assert_num_queries
):
    client = Client()
    # 8: the school, its page texts, contacts, services, policy, the curriculum's plan and more.
    with django_assert_num_queries(8):
        client.get(f"/s/{named.school.slug}/parents/")
    for n in range(20):
        services.save_support_service(
            actor=named.office,
            school=named.school,
            service=None,
            values={
                "name": f"Local service {n}",
                "who_for": "Families",
                "offers": "Help",
                "last_checked": "2026-01-01",
                "audience": "adults",
            },
        )
    with django_assert_num_queries(8):
        client.get(f"/s/{named.school.slug}/parents/")
    with django_assert_num_queries(2):
        client.get(f"/s/{named.school.slug}/support/")


def test_havens_default_text_files_exist_for_every_page():
    for page in PublicPage:
        assert default_text(page).strip()


def test_the_i_need_help_form_reassures_before_it_mentions_the_law(client, cast):
    page = client.get(f"/s/{cast.school.slug}/i-need-help/").content.decode()
    words = page[page.index('data-testid="no-pictures"') :]
    assert words.index("you are not in trouble for asking for help") < words.index("the law")


def test_the_young_peoples_page_says_they_are_not_in_trouble_and_why_the_law_exists(client, cast):
    page = " ".join(client.get(f"/s/{cast.school.slug}/young-people/").content.decode().split())
    assert (
        "You are not in trouble for asking for help, even if you sent a picture of yourself."
        in (page)
    )
    assert "they do not want to treat young people as criminals" in page
