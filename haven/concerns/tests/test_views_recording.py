"""The concern form, a teacher's own concerns, and adding to them: each role, each outcome."""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.audit.models import AuditEvent
from haven.concerns.models import Concern, ConcernPupil
from haven.concerns.services import record_no_further_action
from haven.concerns.tests.conftest import make_concern, queries_for
from haven.lib.tests.test_uploads import pdf, png

NEW = "/concerns/new/"


def form_data(cast, **overrides):
    data = {
        "submission_id": str(uuid.uuid4()),
        "school": str(cast.school.pk),
        "pupil": [str(cast.pupil.pk), str(cast.pupil2.pk)],
        f"role-{cast.pupil.pk}": "pictured",
        f"role-{cast.pupil2.pk}": "sharer",
        "narrative": "Lex told me Sam shared a photo of Lex on Snapchat.",
        "occurred_on": "2026-11-20",
        "location": "Lunchtime, on the field",
        "platforms": ["snapchat", "whatsapp"],
        "actions_taken": ["dsl_told"],
        "urgent": "no",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_what_staff_must_and_must_not_do_beside_it(cast, client_for):
    response = client_for(cast.teacher).get(NEW)
    assert response.status_code == 200
    page = response.text
    assert "What to do, and what never to do" in page
    assert "Never ask a child to show, send or download it" in page
    assert re.search(r'name="submission_id" value="[0-9a-f-]{36}"', page)


@pytest.mark.parametrize("who", ["office", "trust_lead"])
def test_people_without_a_staff_role_cannot_record_a_concern(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(NEW).status_code == 404


def test_a_teacher_records_a_concern_about_two_pupils_in_one_post(cast, client_for):
    client = client_for(cast.teacher)
    response = client.post(NEW, form_data(cast))
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response.url == f"/concerns/{concern.pk}/saved/"
    roles = dict(ConcernPupil.objects.values_list("pupil_id", "roles"))
    assert roles == {cast.pupil.pk: ["pictured"], cast.pupil2.pk: ["sharer"]}
    assert concern.platforms == ["snapchat", "whatsapp"]
    assert concern.location == "Lunchtime, on the field"
    saved = client.get(response.url)
    assert concern.reference in saved.text
    assert "Concern sent to the safeguarding team" in saved.text


def test_find_shows_matching_pupils_and_keeps_everything_typed_without_saving(cast, client_for):
    data = form_data(cast, pupil=[str(cast.pupil.pk)], pupil_search="jones", pupil_find="1")
    response = client_for(cast.teacher).post(NEW, data)
    assert response.status_code == 200
    page = response.text
    assert "Sam Jones" in page  # found
    assert f'value="{cast.pupil.pk}" checked' in page  # already chosen, still ticked
    assert '<option value="pictured" selected>' in page  # with the part chosen for them
    assert f'name="role-{cast.pupil2.pk}"' in page  # a part to choose for the one found
    assert "Lex told me Sam shared a photo" in page
    assert "There is a problem" not in page
    assert not Concern.objects.exists()


SEARCH = "/school/pupils/search/"
AS_THE_FORM_ASKS = {"name": "pupil", "roles": "1", "school_field": "school"}


def test_the_form_searches_with_the_shared_pupil_picker_as_you_type(cast, client_for):
    page = client_for(cast.teacher).get(NEW).text
    assert f'hx-get="{SEARCH}"' in page
    assert '"name": "pupil"' in page
    assert '"roles": "1"' in page
    assert "/concerns/new/pupils/" not in page
    found = client_for(cast.teacher).get(SEARCH, {"pupil_search": "lex", **AS_THE_FORM_ASKS})
    assert f'name="pupil" type="checkbox" value="{cast.pupil.pk}"' in found.text
    assert f'name="role-{cast.pupil.pk}"' in found.text
    assert '<option value="unknown" selected>' in found.text


def test_the_pupil_search_never_hints_that_a_pupil_has_records(cast, client_for):
    make_concern(cast, pupils=[(cast.pupil, "pictured")])
    client = client_for(cast.other_teacher)
    with_record = client.get(SEARCH, {"pupil_search": "lex", **AS_THE_FORM_ASKS}).text
    without = client.get(SEARCH, {"pupil_search": "sam", **AS_THE_FORM_ASKS}).text
    assert "Lex Morgan" in with_record
    assert "Sam Jones" in without
    assert blank(with_record, cast.pupil) == blank(without, cast.pupil2)


def test_find_without_javascript_never_hints_that_a_pupil_has_records(cast, client_for):
    make_concern(cast, pupils=[(cast.pupil, "pictured")])
    client = client_for(cast.other_teacher)

    def results(words: str) -> str:
        data = form_data(cast, pupil_search=words, pupil_find="1", **nobody_chosen(cast))
        page = client.post(NEW, data).text
        return page[page.index('id="pupil-results"') : page.index("</fieldset>")]

    assert blank(results("lex"), cast.pupil) == blank(results("sam"), cast.pupil2)


def test_a_teacher_at_two_schools_finds_pupils_only_at_the_school_chosen_in_the_form(
    cast, client_for
):
    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    client = client_for(cast.teacher)
    assert '<select name="school"' in client.get(NEW).text

    def live(words, school):
        params = {"pupil_search": words, "school": str(school.pk), **AS_THE_FORM_ASKS}
        return client.get(SEARCH, params).text

    def without_javascript(words, school):
        data = form_data(cast, school=str(school.pk), pupil_search=words, pupil_find="1")
        return client.post(NEW, data).text

    for find in (live, without_javascript):
        assert "Kit Taylor" in find("kit", cast.school2)
        assert "Kit Taylor" not in find("kit", cast.school)
        assert "Lex Morgan" in find("lex", cast.school)
        assert "Lex Morgan" not in find("lex", cast.school2)
    assert "Birch School" not in live("kit", cast.school2)  # one school searched: no need to say
    ticked_elsewhere = without_javascript("kit", cast.school2)
    assert f'value="{cast.pupil.pk}" checked' not in ticked_elsewhere


def test_find_takes_the_same_queries_however_many_pupils_are_chosen_or_found(cast, client_for):
    from conftest import make_pupil

    client = client_for(cast.teacher)

    def find(chosen):
        data = form_data(cast, pupil=[str(p.pk) for p in chosen], pupil_search="jones")
        return queries_for(lambda: client.post(NEW, {**data, "pupil_find": "1"}))

    few = find([cast.pupil])  # one chosen, one found
    for n in range(8):
        make_pupil(cast.school, f"D{n:012d}", f"Ash{n}", "Jones")
    chosen = [make_pupil(cast.school, f"E{n:012d}", f"Bo{n}", "Smith") for n in range(8)]
    assert find([cast.pupil, *chosen]) == few  # nine chosen, nine found


def nobody_chosen(cast) -> dict:
    return {"pupil": None, f"role-{cast.pupil.pk}": None, f"role-{cast.pupil2.pk}": None}


def blank(page: str, pupil) -> str:
    """The page with the pupil's own details (id, names) blanked out."""
    page = re.sub(rf" (<span [^>]*>)?\(legal name {pupil.legal_name}\)(</span>)?", "", page)
    for own in (str(pupil.pk), pupil.pk.hex, pupil.display_name):
        page = page.replace(own, "X")
    return page


def test_a_pupil_at_another_school_cannot_be_chosen(cast, client_for):
    data = form_data(cast, pupil=[str(cast.pupil_at_school2.pk)])
    response = client_for(cast.teacher).post(NEW, data)
    assert response.status_code == 200
    assert "Find and tick at least one pupil" in response.text
    assert '<a href="#id_pupil">' in response.text  # the summary leads to the search box
    assert 'id="id_pupil"' in response.text
    assert not Concern.objects.exists()


def test_a_form_with_a_problem_keeps_what_was_typed_and_asks_for_files_again(cast, client_for):
    data = form_data(cast, narrative="", urgent=None)
    data["attachments"] = SimpleUploadedFile("notes.txt", b"Some notes", "text/plain")
    response = client_for(cast.teacher).post(NEW, data)
    page = response.text
    assert response.status_code == 200
    assert "Say what you were told or what you saw." in page
    assert "Say whether a child may be in danger right now." in page
    assert f'value="{cast.pupil2.pk}" checked' in page
    assert '<option value="sharer" selected>' in page
    assert "Lunchtime, on the field" in page
    assert "choose them again" in page
    assert data["submission_id"] in page
    assert not Concern.objects.exists()


def test_a_double_submit_makes_one_concern_and_both_see_its_confirmation(cast, client_for):
    client = client_for(cast.teacher)
    data = form_data(cast)
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert Concern.objects.count() == 1
    assert first.url == second.url


def test_an_urgent_concern_tells_the_reporter_to_call_999(cast, client_for):
    client = client_for(cast.teacher)
    response = client.post(NEW, form_data(cast, urgent="yes"), follow=True)
    assert "Call 999 if you have not" in response.text
    assert Concern.objects.get().urgent


def test_a_confiscated_device_needs_to_say_where_it_is(cast, client_for):
    data = form_data(cast, actions_taken=["device_confiscated"], actions_detail="")
    response = client_for(cast.teacher).post(NEW, data)
    assert "Say where the device is now" in response.text


def test_an_image_renamed_to_pdf_is_refused_with_the_reason_and_audited(cast, client_for):
    data = form_data(cast)
    data["attachments"] = SimpleUploadedFile("statement.pdf", png(), "application/pdf")
    response = client_for(cast.teacher).post(NEW, data)
    assert response.status_code == 200
    assert "“statement.pdf” is a picture, video or sound file" in response.text
    assert "Haven never holds images" in response.text
    assert not Concern.objects.exists()
    event = AuditEvent.objects.get(action="concerns.imagery_refused")
    assert event.actor == cast.teacher
    assert event.school == cast.school


def test_a_real_pdf_is_attached(cast, client_for):
    data = form_data(cast)
    data["attachments"] = [SimpleUploadedFile("statement.pdf", pdf(), "application/pdf")]
    client_for(cast.teacher).post(NEW, data)
    attachment = Concern.objects.get().attachments.get()
    assert attachment.kind == "pdf"
    assert attachment.name == "statement.pdf"


def test_at_most_three_documents_of_five_megabytes_each(cast, client_for):
    client = client_for(cast.teacher)
    data = form_data(cast)
    data["attachments"] = [SimpleUploadedFile(f"{n}.txt", b"words", "text/plain") for n in range(4)]
    assert "Attach at most 3 documents." in client.post(NEW, data).text
    data = form_data(cast)
    big = io.BytesIO(b"a" * (5 * 1024 * 1024 + 10))
    big.name = "long.txt"
    data["attachments"] = big
    assert "“long.txt” is larger than 5 MB" in client.post(NEW, data).text
    assert not Concern.objects.exists()


def test_the_form_is_protected_against_cross_site_posts(cast):
    from conftest import signed_in_client

    client = signed_in_client(cast.teacher)
    client.handler.enforce_csrf_checks = True
    assert client.post(NEW, form_data(cast)).status_code == 403


# --- The reporter's own concerns ----------------------------------------------------------------


def test_a_teacher_sees_their_own_concerns_with_one_word_status(cast, client_for):
    mine = make_concern(cast)
    closed = make_concern(cast)
    record_no_further_action(actor=cast.dsl, concern=closed, reason="Not imagery")
    make_concern(cast, by=cast.other_teacher)
    page = client_for(cast.teacher).get("/concerns/mine/").text
    assert mine.reference in page
    assert closed.reference in page
    assert "Received" in page
    assert "Closed" in page
    assert "Not imagery" not in page
    assert Concern.objects.exclude(reported_by=cast.teacher).get().reference not in page


def test_the_list_of_my_concerns_takes_the_same_queries_however_many_there_are(cast, client_for):
    client = client_for(cast.teacher)
    make_concern(cast)
    few = queries_for(lambda: client.get("/concerns/mine/"))
    for _ in range(5):
        make_concern(cast, pupils=[(cast.pupil, "sender"), (cast.pupil2, "recipient")])
    assert queries_for(lambda: client.get("/concerns/mine/")) == few


def test_the_reporter_sees_what_they_wrote_but_never_the_teams_notes(cast, client_for):
    concern = make_concern(cast)
    record_no_further_action(actor=cast.dsl, concern=concern, reason="Team-only reasoning")
    page = client_for(cast.teacher).get(f"/concerns/{concern.pk}/").text
    assert "He said it was shared." in page
    assert "Closed" in page
    assert "Team-only reasoning" not in page
    assert "Triage" not in page


@pytest.mark.parametrize("who", ["other_teacher", "office", "trust_lead", "dsl2", "teacher2"])
def test_nobody_else_outside_the_team_can_see_a_concern(cast, client_for, who):
    concern = make_concern(cast)
    client = client_for(getattr(cast, who))
    assert client.get(f"/concerns/{concern.pk}/").status_code == 404
    assert client.get(f"/concerns/{concern.pk}/saved/").status_code == 404
    assert client.post(f"/concerns/{concern.pk}/add/", {"text": "x"}).status_code == 404


def test_the_reporter_adds_further_information_which_is_appended(cast, client_for):
    concern = make_concern(cast)
    client = client_for(cast.teacher)
    response = client.post(f"/concerns/{concern.pk}/add/", {"text": "He showed me nothing."})
    assert response.status_code == 302
    assert concern.additions.get().text == "He showed me nothing."
    assert "He showed me nothing." in client.get(f"/concerns/{concern.pk}/").text
    empty = client.post(f"/concerns/{concern.pk}/add/", {"text": ""})
    assert "Write the further information" in empty.text


def test_the_reporter_never_sees_pupils_the_team_linked_later(cast, client_for):
    from haven.cases.models import PupilRole
    from haven.concerns.services import link_pupil

    data = form_data(cast)
    client_for(cast.teacher).post("/concerns/new/", data)
    concern = Concern.objects.get()
    from conftest import make_pupil

    third = make_pupil(cast.school, "D123456789012", "Quinn", "Okonjo")
    link_pupil(actor=cast.dsl, concern=concern, pupil=third, role=PupilRole.SHARER)
    teacher = client_for(cast.teacher)
    detail = teacher.get(f"/concerns/{concern.pk}/").text
    mine = teacher.get("/concerns/mine/").text
    hidden = third.display_name
    assert hidden not in detail
    assert hidden not in mine
    assert hidden in client_for(cast.dsl).get(f"/concerns/{concern.pk}/").text


def test_a_pupil_who_sent_a_picture_of_themselves_is_recorded_as_in_it_and_sent_it(
    cast, client_for
):
    data = form_data(cast)
    data[f"role-{cast.pupil2.pk}"] = "sender"
    data[f"pictured-{cast.pupil2.pk}"] = "1"
    response = client_for(cast.teacher).post(NEW, data)
    assert response.status_code == 302
    roles = dict(ConcernPupil.objects.values_list("pupil_id", "roles"))
    assert roles[cast.pupil2.pk] == ["pictured", "sender"]


def test_the_concern_form_asks_if_each_pupil_is_in_the_picture_or_video(cast, client_for):
    data = {**form_data(cast), "pupil_find": "1"}
    page = client_for(cast.teacher).post(NEW, data).text
    assert "Is this pupil in the picture or video?" in page
    assert f'name="pictured-{cast.pupil2.pk}"' in page
