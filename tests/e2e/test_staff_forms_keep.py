"""A failure never costs the words: a member of staff's concern is kept in the browser tab until
the page after saving shows its reference, and never on a public form
(haven/static/haven/keep.mjs)."""

import re

from playwright.sync_api import Page, Route, expect

from haven.concerns.models import Concern
from tests.e2e.conftest import sign_in
from tests.e2e.test_concerns import choose_pupil, fill_the_rest

NARRATIVE = "What you were told or saw"
WORDS = "Sam told me at lunch that a boy in Year 10 has been asking for pictures on Snapchat."
KEPT = "Object.keys(sessionStorage).filter((key) => key.startsWith('haven:kept:'))"


def open_concern_form(page: Page, base: str) -> None:
    page.goto(f"{base}/concerns/new/")
    expect(page.get_by_label(NARRATIVE)).to_be_editable()


def fill_concern(page: Page) -> None:
    choose_pupil(page, "lex", "Lex Morgan", "Pictured in it")
    fill_the_rest(page, WORDS)


def assert_concern_is_back(page: Page) -> None:
    expect(page.get_by_label(NARRATIVE)).to_have_value(WORDS)
    expect(page.get_by_role("radio", name="No")).to_be_checked()
    expect(page.get_by_label("Snapchat")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Lex Morgan")).to_be_checked()
    expect(page.get_by_label("Their part for Lex Morgan")).to_have_value("pictured")


def send(page: Page) -> None:
    page.get_by_role("button", name="Send to the safeguarding team").click()


def test_a_concern_the_server_never_got_comes_back_then_is_let_go_once_saved(
    live_server, page: Page, cast
):
    sign_in(page, live_server.url, cast.teacher.email)
    open_concern_form(page, live_server.url)
    fill_concern(page)

    def server_down(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route(re.compile(r"/concerns/new/$"), server_down)
    send(page)
    page.wait_for_timeout(300)
    assert not Concern.objects.exists()
    page.unroute(re.compile(r"/concerns/new/$"))

    open_concern_form(page, live_server.url)  # the server is back; the form opened again
    assert_concern_is_back(page)

    send(page)
    expect(page.get_by_test_id("reference")).to_be_visible()
    assert Concern.objects.count() == 1
    assert page.evaluate(KEPT) == []
    open_concern_form(page, live_server.url)
    expect(page.get_by_label(NARRATIVE)).to_have_value("")


def test_a_save_whose_answer_was_lost_is_sent_again_as_the_same_concern(
    live_server, page: Page, cast
):
    sign_in(page, live_server.url, cast.teacher.email)
    open_concern_form(page, live_server.url)
    fill_concern(page)

    def answer_lost(route: Route) -> None:
        if route.request.method == "POST":
            route.fetch(max_redirects=0)  # the server saves it; its answer never arrives
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"/concerns/new/$"), answer_lost)
    send(page)
    page.wait_for_timeout(300)
    assert Concern.objects.count() == 1
    page.unroute(re.compile(r"/concerns/new/$"))

    open_concern_form(page, live_server.url)
    assert_concern_is_back(page)
    send(page)  # the teacher, unsure, sends it again
    expect(page.get_by_test_id("reference")).to_have_text(Concern.objects.get().reference)
    assert Concern.objects.count() == 1
    assert page.evaluate(KEPT) == []


def test_words_added_later_are_kept_until_the_page_says_they_were_added(
    live_server, page: Page, cast
):
    sign_in(page, live_server.url, cast.teacher.email)
    open_concern_form(page, live_server.url)
    fill_concern(page)
    send(page)
    concern = Concern.objects.get()
    page.goto(f"{live_server.url}/concerns/{concern.pk}/")
    more = "Sam came back after school and said it had happened again."
    page.get_by_label("Further information").fill(more)
    page.reload()
    expect(page.get_by_label("Further information")).to_have_value(more)
    page.get_by_role("button", name="Add to this concern").click()
    expect(page.get_by_text("Your further information has been added.")).to_be_visible()
    expect(page.get_by_label("Further information")).to_have_value("")
    assert page.evaluate(KEPT) == []


def test_signing_out_lets_go_of_kept_words(live_server, page: Page, cast):
    sign_in(page, live_server.url, cast.teacher.email)
    open_concern_form(page, live_server.url)
    fill_concern(page)
    assert len(page.evaluate(KEPT)) == 1
    page.get_by_role("button", name="Sign out").click()
    expect(page).not_to_have_url(re.compile(r"/concerns/new/$"))
    assert page.evaluate(KEPT) == []


def test_the_public_forms_keep_nothing_in_the_browser(live_server, page: Page, cast):
    for path in ["let-us-know", "i-need-help"]:
        page.goto(f"{live_server.url}/s/{cast.school.slug}/{path}/")
        page.locator("[name=what_happened]").fill(WORDS)
        page.locator("[name=what_happened]").press("End")
        assert page.evaluate(KEPT) == []
        stored = page.evaluate("JSON.stringify([{...sessionStorage}, {...localStorage}])")
        assert "asking for pictures" not in stored
