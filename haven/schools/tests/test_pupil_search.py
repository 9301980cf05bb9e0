"""Pupil search for staff forms, and the reusable pupil picker."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from haven.cases.models import PupilRole
from haven.schools import imports
from haven.schools.models import ImportKind, Pupil
from haven.schools.picker import pupil_picker
from haven.schools.tests.conftest import pupils_csv

SEARCH = "/school/pupils/search/"


def search(client, q: str, **params):
    return client.get(SEARCH, {"q": q, **params})


def test_a_teacher_finds_pupils_by_first_name_surname_or_preferred_name(cast, client_for):
    client = client_for(cast.teacher)
    for words in ("morgan", "alex", "lex", "Lex Mor", "MORG"):
        response = search(client, words)
        assert response.status_code == 200
        assert "Lex Morgan" in response.text, words
        assert "Sam Jones" not in response.text
    assert "Year 9" in search(client, "morgan").text
    assert "legal name Alex Morgan" in search(client, "morgan").text


def test_a_word_must_start_a_name_so_the_middle_of_a_name_does_not_match(cast, client_for):
    assert "Lex Morgan" not in search(client_for(cast.teacher), "organ").text


def test_results_are_radio_or_checkbox_buttons_holding_the_pupils_id(cast, client_for):
    client = client_for(cast.teacher)
    many = search(client, "morgan", name="pupils").text
    one = search(client, "morgan", name="pupil", multiple="0").text
    assert f'type="checkbox" value="{cast.pupil.pk}"' in many
    assert 'name="pupils"' in many
    assert f'type="radio" value="{cast.pupil.pk}"' in one
    assert 'name="pupil"' in one


def test_only_pupils_on_roll_at_the_users_own_schools_are_found(cast, client_for):
    Pupil.objects.filter(pk=cast.pupil2.pk).update(on_roll=False)
    client = client_for(cast.teacher)
    assert "Sam Jones" not in search(client, "sam").text
    assert "Kit Taylor" not in search(client, "kit").text
    assert "Kit Taylor" in search(client_for(cast.teacher2), "kit").text
    assert "Lex Morgan" not in search(client_for(cast.teacher2), "morgan").text


def test_too_short_a_search_finds_nothing(cast, client_for):
    assert "Lex Morgan" not in search(client_for(cast.teacher), "m").text


def test_at_most_20_pupils_are_shown(cast, client_for):
    run = imports.check_file(
        actor=cast.office,
        school=cast.school,
        kind=ImportKind.PUPILS,
        data=pupils_csv(50),
        whole_roll=False,
    )
    imports.start_import(actor=cast.office, run=run, enqueue=False)
    imports.run_import(str(run.pk))
    text = search(client_for(cast.teacher), "first").text
    assert text.count('type="checkbox"') == 20


@pytest.mark.parametrize("who", ["office", "trust_lead"])
def test_people_who_may_not_search_pupils_get_not_found(cast, client_for, who):
    assert search(client_for(getattr(cast, who)), "morgan").status_code == 404


def test_the_answer_is_the_same_for_a_pupil_with_safeguarding_records(cast, client_for):
    from haven.cases.services import PupilInCase, open_case

    client = client_for(cast.teacher)
    before = search(client, "morgan").text
    open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Group chat",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    after = search(client, "morgan").text
    assert after == before


def test_the_search_takes_one_query_for_pupils_however_big_the_school(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.teacher)
    search(client, "first")
    with django_assert_max_num_queries(8) as small:
        search(client, "first")
    run = imports.check_file(
        actor=cast.office,
        school=cast.school,
        kind=ImportKind.PUPILS,
        data=pupils_csv(2000),
        whole_roll=False,
    )
    imports.start_import(actor=cast.office, run=run, enqueue=False)
    imports.run_import(str(run.pk))
    with django_assert_max_num_queries(len(small)):
        assert search(client, "first").text.count('type="checkbox"') == 20


# --- The picker as a widget in another form -----------------------------------------------------

FORM = Template(
    '<form method="post">{% include "schools/pupil_picker.html" with picker=picker '
    'label="Which pupils?" %}</form>'
)


def picker_request(user, data):
    request = RequestFactory().post("/concerns/new/", data)
    request.user = user
    return request


def test_the_picker_find_button_works_without_javascript_and_keeps_ticked_pupils(cast):
    request = picker_request(
        cast.teacher, {"pupils": [str(cast.pupil.pk)], "pupils_search": "jones", "pupils_find": "1"}
    )
    picker = pupil_picker(request, field_name="pupils")
    assert picker.searching
    assert [p.pk for p in picker.chosen] == [cast.pupil.pk]
    assert [p.pk for p in picker.results] == [cast.pupil2.pk]
    html = FORM.render(Context({"picker": picker}))
    assert f'value="{cast.pupil.pk}" checked' in html
    assert f'value="{cast.pupil2.pk}">' in html
    assert 'name="pupils_find"' in html
    assert ">Find</button>" in html
    assert html.count('hx-get="/school/pupils/search/"') == 2  # as you type, and Find with JS
    assert '<label class="govuk-label" for="id_pupils">Find a pupil by name</label>' in html
    assert 'hx-get="/school/pupils/search/"' in html
    assert "Which pupils?" in html


def test_the_picker_never_accepts_a_pupil_from_another_school(cast):
    request = picker_request(cast.teacher, {"pupils": [str(cast.pupil_at_school2.pk), "junk"]})
    assert pupil_picker(request, field_name="pupils").chosen_ids == []


def test_the_picker_refuses_a_field_name_that_is_not_a_plain_word(cast):
    with pytest.raises(ValueError, match="lower-case"):
        pupil_picker(picker_request(cast.teacher, {}), field_name='x" onclick="')


# --- Each pupil's part (the concern form) -------------------------------------------------------


def test_with_roles_each_pupil_has_a_part_to_choose_named_by_their_id(cast, client_for):
    page = search(client_for(cast.teacher), "morgan", name="pupil", roles="1").text
    assert f'name="role-{cast.pupil.pk}"' in page
    assert "Their part" in page
    assert '<option value="unknown" selected>' in page
    for value, _ in PupilRole.choices:
        assert f'<option value="{value}"' in page
    assert "role-" not in search(client_for(cast.teacher), "morgan", name="pupil").text


def test_the_part_chosen_survives_a_search_and_a_made_up_part_becomes_not_known(cast):
    data = {
        "pupil": [str(cast.pupil.pk), str(cast.pupil2.pk)],
        f"role-{cast.pupil.pk}": "sharer",
        f"role-{cast.pupil2.pk}": "ringleader",
        "pupil_search": "jones",
    }
    picker = pupil_picker(picker_request(cast.teacher, data), field_name="pupil", with_roles=True)
    parts = dict(picker.chosen_parts)
    assert parts == {cast.pupil: [PupilRole.SHARER], cast.pupil2: [PupilRole.UNKNOWN]}
    html = FORM.render(Context({"picker": picker}))
    assert '<option value="sharer" selected>' in html
    assert html.count(" selected>") == 2


def test_a_part_is_kept_for_a_pupil_found_but_not_yet_ticked(cast):
    data = {f"role-{cast.pupil2.pk}": "sender", "pupil_search": "jones"}
    picker = pupil_picker(picker_request(cast.teacher, data), field_name="pupil", with_roles=True)
    assert picker.chosen == []
    assert [(o.pupil, o.checked, o.role) for o in picker.options] == [
        (cast.pupil2, False, "sender")
    ]


# --- One school at a time (a form that asks which school first) ---------------------------------


@pytest.fixture
def teacher_at_both(cast):
    from haven.schools.models import Role
    from haven.schools.services import grant_roles

    grant_roles(actor=None, school=cast.school2, user=cast.teacher, roles=[Role.STAFF])
    return cast.teacher


def test_without_a_school_field_a_teacher_at_two_schools_sees_both_and_which_is_which(
    cast, client_for, teacher_at_both
):
    page = search(client_for(teacher_at_both), "kit").text
    assert "Kit Taylor" in page
    assert "Birch School" in page


def test_with_a_school_field_only_the_school_chosen_in_the_form_is_searched(
    cast, client_for, teacher_at_both
):
    client = client_for(teacher_at_both)
    at_birch = {"school_field": "school", "school": str(cast.school2.pk)}
    assert "Kit Taylor" in search(client, "kit", **at_birch).text
    assert "Birch School" not in search(client, "kit", **at_birch).text
    assert "Lex Morgan" not in search(client, "morgan", **at_birch).text
    at_elm = {"school_field": "school", "school": str(cast.school.pk)}
    assert "Kit Taylor" not in search(client, "kit", **at_elm).text
    data = {"pupils": [str(cast.pupil.pk)], **at_birch}
    chosen_at_birch = pupil_picker(picker_request(teacher_at_both, data), school_field="school")
    assert chosen_at_birch.chosen == []


def test_a_school_the_user_does_not_work_at_is_never_searched(cast, client_for):
    at_birch = {"school_field": "school", "school": str(cast.school2.pk)}
    page = search(client_for(cast.teacher), "kit", **at_birch).text
    assert "Kit Taylor" not in page


def test_the_search_refuses_a_school_field_that_is_not_a_plain_word(cast, client_for):
    response = search(client_for(cast.teacher), "kit", school_field="x' onclick='")
    assert response.status_code == 404
    with pytest.raises(ValueError, match="lower-case"):
        pupil_picker(picker_request(cast.teacher, {}), school_field="a b")


def test_ticked_pupils_stay_in_the_order_they_were_ticked(cast):
    for ticked in ([cast.pupil2, cast.pupil], [cast.pupil, cast.pupil2]):
        data = {"pupils": [str(p.pk) for p in ticked]}
        assert pupil_picker(picker_request(cast.teacher, data)).chosen == ticked
