"""Importing a plan from CSV: reading the file (pure), the preview and the all-or-nothing save
(services), the upload form and the pages."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from haven.audit.models import AuditEvent
from haven.curriculum import imports, plan_csv, services
from haven.curriculum.forms import PlanImportForm
from haven.curriculum.models import Lesson, PlannedLesson, Unit
from haven.curriculum.rules import school_year_of
from haven.schools.services import ensure_year_groups

TODAY = date(2026, 10, 5)  # autumn term of 2026 to 2027
PLAN = (
    "Year group,Class,Unit,Lesson,Topics,Term,Week\n"
    "Year 9,,Online life,Nudes: what the law says,Sharing nudes and semi-nudes; the law,Autumn,3\n"
    "9,9R,Online life,Nudes: what the law says,sharing NUDES and semi-nudes;The Law,Autumn,4\n"
    "Y10,,Pressure,Saying no,consent; Healthy friendships,Spring 1,\n"
)


def parse(text: str) -> plan_csv.Parsed:
    return plan_csv.parse(text, today=TODAY)


# --- Reading the file (no database) -------------------------------------------------------------


def test_a_good_file_gives_one_row_a_line_with_topics_in_havens_words():
    parsed = parse(PLAN)
    assert parsed.errors == []
    first, second, third = parsed.rows
    assert first == {
        "line": 2,
        "year": 9,
        "class_name": "",
        "unit": "Online life",
        "lesson": "Nudes: what the law says",
        "topics": ["sharing_nudes", "law_and_police"],
        "term": "autumn",
        "week": 3,
        "school_year": 2026,
    }
    assert (second["class_name"], second["topics"]) == ("9R", first["topics"])
    assert (third["year"], third["term"], third["week"]) == (10, "spring", None)
    assert third["topics"] == ["consent", "pressure_and_friendships"]


@pytest.mark.parametrize(
    ("cell", "topics"),
    [
        ("Sextortion", ["sextortion"]),
        ("  sextortion ;; CONSENT ", ["consent", "sextortion"]),
        ("AI-generated images and deepfakes", ["ai_images"]),
        ("deepfakes", ["ai_images"]),
        ("Where to get help (Report Remove, Childline, CEOP)", ["where_to_get_help"]),
        ("where to get help", ["where_to_get_help"]),
        ("keeping_safe_online", ["keeping_safe_online"]),
        ("Pressure & healthy friendships", ["pressure_and_friendships"]),
    ],
)
def test_topic_names_are_read_forgiving_about_case_spaces_and_punctuation(cell, topics):
    assert plan_csv.read_topics(cell) == topics


@pytest.mark.parametrize(
    ("cell", "term", "week"),
    [
        ("Autumn", "autumn", None),
        ("autumn term", "autumn", None),
        ("Autumn 2", "autumn", None),
        ("Aut 1 week 3", "autumn", 3),
        ("Spring, wk 4", "spring", 4),
        ("SUMMER", "summer", None),
    ],
)
def test_a_term_is_read_with_its_week_when_the_cell_gives_one(cell, term, week):
    assert plan_csv.read_term(cell) == (term, week)


def test_each_bad_cell_is_reported_with_its_line_and_column_in_plain_words():
    text = (
        "Year Group,Unit,Lesson,Topics,Term,Week\n"
        "Year 15,Online life,Nudes,Consent,Autumn,3\n"
        "9,Online life,Nudes,Sextorshun,Autumn,3\n"
        "9,Online life,Nudes,Consent,Winter,20\n"
    )
    messages = [(error.line, error.message) for error in parse(text).errors]
    assert messages[0][0] == 2
    assert 'The "Year Group" column "Year 15" is not a year group' in (messages[0][1])
    assert messages[1] == (
        3,
        'The "Topics" column "Sextorshun" is not one of Haven\'s topics (the list is on the '
        "import page; separate topics with semicolons).",
    )
    assert [line for line, _ in messages[2:]] == [4, 4]
    assert 'The "Term" column "Winter" is not a term' in messages[2][1]
    assert 'The "Week" column "20" is not a week of the term' in messages[3][1]


def test_a_missing_column_is_named_on_line_1():
    errors = parse("Year group,Unit,Lesson,Term\n9,Online life,Nudes,Autumn\n").errors
    assert [(e.line, e.message) for e in errors] == [
        (
            1,
            'There is no topics column. Haven looks for a column called "Topics" or "Topic" '
            'or "Haven Topics".',
        )
    ]


def test_the_same_plan_twice_and_a_lesson_with_two_sets_of_topics_are_line_errors():
    text = (
        "Year group,Unit,Lesson,Topics,Term\n"
        "9,Online life,Nudes,Consent,Autumn\n"
        "9,online life,NUDES,Consent,Autumn\n"
        "10,Online life,Nudes,Sextortion,Autumn\n"
    )
    errors = parse(text).errors
    assert [(e.line, e.message) for e in errors] == [
        (3, "The same lesson for the same year group and term is on line 2."),
        (
            4,
            'The "Topics" column names other topics for this lesson than line 2 does. A lesson '
            "has one set of topics: make them the same.",
        ),
    ]


def test_a_school_year_is_this_one_or_the_next():
    assert plan_csv.read_school_year("", today=TODAY) == 2026
    assert plan_csv.read_school_year("2027-28", today=TODAY) == 2027
    assert plan_csv.read_school_year("2026 to 2027", today=TODAY) == 2026
    with pytest.raises(plan_csv.BadValue, match="not this school year"):
        plan_csv.read_school_year("2024-25", today=TODAY)
    with pytest.raises(plan_csv.BadValue, match="not a school year"):
        plan_csv.read_school_year("2026-29", today=TODAY)


# --- Reading the upload -------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_picture_called_plan_csv_is_refused_by_what_it_is():
    with pytest.raises(imports.NotAPlan, match="picture, video or sound file"):
        imports.read_upload(PNG, "plan.csv")


def test_a_spreadsheet_workbook_is_asked_for_as_csv():
    with pytest.raises(imports.NotAPlan, match="Save As"):
        imports.read_upload(b"PK\x03\x04" + b"\x00" * 100, "plan.xlsx")


def test_a_csv_file_is_read_through_the_document_reader():
    assert imports.read_upload(("\ufeff" + PLAN).encode(), "plan.csv").startswith("Year group,")


# --- The preview and the save (the database) ----------------------------------------------------


@pytest.fixture
def planned_school(cast):
    ensure_year_groups(cast.school, range(10, 11))
    return services.save_programme(actor=None, school=cast.school, name="World & You")


@pytest.mark.django_db
def test_the_preview_says_what_would_change_and_saves_nothing(cast, pshe_lead, planned_school):
    result = imports.preview(cast.school, planned_school, PLAN, today=timezone.localdate())
    assert result.errors == []
    assert (result.new_plans, result.unchanged, result.week_changes) == (3, 0, 0)
    assert result.new_units == ["Online life", "Pressure"]
    assert [lesson["lesson"] for lesson in result.new_lessons] == [
        "Nudes: what the law says",
        "Saying no",
    ]
    assert not Lesson.objects.exists()
    assert not PlannedLesson.objects.exists()


@pytest.mark.django_db
def test_importing_saves_every_row_with_audit_and_a_second_import_adds_nothing(
    cast, pshe_lead, planned_school
):
    today = timezone.localdate()
    imports.import_plan(actor=pshe_lead, school=cast.school, text=PLAN, today=today)
    plans = PlannedLesson.objects.order_by("pk")
    assert [(p.year_group.curriculum_year, p.class_name, p.week) for p in plans] == [
        (9, "", 3),
        (9, "9R", 4),
        (10, "", None),
    ]
    assert {p.school_year for p in plans} == {school_year_of(today)}
    assert all(p.planned_by == pshe_lead for p in plans)
    assert Unit.objects.count() == 2
    assert Lesson.objects.count() == 2
    event = AuditEvent.objects.get(action="curriculum.plan_imported")
    assert (event.actor, event.school) == (pshe_lead, cast.school)
    assert event.data["planned"] == 3
    assert AuditEvent.objects.filter(action="curriculum.lesson_planned").count() == 3

    again = imports.import_plan(actor=pshe_lead, school=cast.school, text=PLAN, today=today)
    assert (again.new_plans, again.unchanged, again.new_lessons) == (0, 3, [])
    assert PlannedLesson.objects.count() == 3
    assert Lesson.objects.count() == 2


@pytest.mark.django_db
def test_a_second_file_moves_a_week_and_changes_a_lessons_topics(cast, pshe_lead, planned_school):
    today = timezone.localdate()
    imports.import_plan(actor=pshe_lead, school=cast.school, text=PLAN, today=today)
    changed = PLAN.replace("Autumn,3", "Autumn,5").replace(
        "consent; Healthy friendships", "Consent; Sextortion"
    )
    result = imports.import_plan(actor=pshe_lead, school=cast.school, text=changed, today=today)
    assert result.week_changes == 1
    assert PlannedLesson.objects.get(class_name="", year_group__curriculum_year=9).week == 5
    assert Lesson.objects.get(title="Saying no").topics == ["consent", "sextortion"]
    assert AuditEvent.objects.filter(action="curriculum.planned_week_changed").count() == 1
    assert AuditEvent.objects.filter(action="curriculum.lesson_topics_changed").count() == 1


@pytest.mark.django_db
def test_one_row_for_a_year_group_the_school_lacks_saves_nothing_at_all(
    cast, pshe_lead, planned_school
):
    text = PLAN + "Year 12,,Online life,Sixth form talk,Consent,Summer,\n"
    with pytest.raises(imports.PlanImportRefused) as refused:
        imports.import_plan(actor=pshe_lead, school=cast.school, text=text, today=TODAY)
    (error,) = refused.value.errors
    assert error.line == 5
    assert "has no Year 12 in Haven" in error.message
    assert not Unit.objects.exists()
    assert not PlannedLesson.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="curriculum.").exclude(
        action="curriculum.programme_saved"
    )


@pytest.mark.django_db
def test_a_teacher_cannot_import_a_plan(cast, planned_school):
    with pytest.raises(services.CurriculumRefused):
        imports.import_plan(actor=cast.teacher, school=cast.school, text=PLAN, today=TODAY)


@pytest.mark.django_db
def test_words_sealed_for_one_school_do_not_open_at_another(cast):
    token = imports.seal(cast.school, PLAN)
    assert imports.unseal(cast.school, token) == PLAN
    assert imports.unseal(cast.school2, token) is None
    assert imports.unseal(cast.school, token[:-2] + "xx") is None


# --- The form and the pages ---------------------------------------------------------------------


def upload(content: bytes, name: str = "plan.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_form_refuses_a_picture_whatever_it_is_called():
    form = PlanImportForm(data={}, files={"file": upload(PNG)})
    assert not form.is_valid()
    assert "Haven never holds pictures" in form.errors["file"][0]


def test_the_form_keeps_the_words_of_a_csv_file():
    form = PlanImportForm(data={}, files={"file": upload(PLAN.encode("cp1252"))})
    assert form.is_valid(), form.errors
    assert form.text.splitlines()[1].startswith("Year 9,")


@pytest.mark.django_db
def test_the_pshe_lead_uploads_sees_the_preview_then_saves(cast, pshe_lead, planned_school):
    client = signed_in_client(pshe_lead)
    url = reverse("curriculum:import_plan", args=["elm"])
    response = client.post(url, {"file": upload(PLAN.encode())})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Check what the file would change" in body
    assert "3 lessons to plan" in body
    assert not PlannedLesson.objects.exists()
    token = response.context["confirm"].initial["plan"]
    save = reverse("curriculum:import_plan_save", args=["elm"])
    response = client.post(save, {"plan": token})
    assert response.status_code == 302
    assert PlannedLesson.objects.count() == 3
    response = client.post(save, {"plan": token})  # a second click adds nothing
    assert PlannedLesson.objects.count() == 3


@pytest.mark.django_db
def test_the_page_lists_each_problem_by_line_and_saves_nothing(cast, pshe_lead, planned_school):
    text = PLAN + "Year 9,,Online life,Another,Nonsense,Autumn,\n"
    response = signed_in_client(pshe_lead).post(
        reverse("curriculum:import_plan", args=["elm"]), {"file": upload(text.encode())}
    )
    body = response.content.decode()
    assert "The file has problems, so nothing has been saved" in body
    assert "Line 5" in body
    assert "&quot;Nonsense&quot; is not one of Haven" in body
    assert not PlannedLesson.objects.exists()


@pytest.mark.django_db
def test_a_tampered_preview_saves_nothing(cast, pshe_lead, planned_school):
    save = reverse("curriculum:import_plan_save", args=["elm"])
    response = signed_in_client(pshe_lead).post(save, {"plan": "not what Haven signed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("curriculum:import_plan", args=["elm"])
    assert not PlannedLesson.objects.exists()


@pytest.mark.django_db
def test_a_teacher_and_the_other_schools_dsl_get_not_found(cast, planned_school):
    url = reverse("curriculum:import_plan", args=["elm"])
    assert signed_in_client(cast.teacher).get(url).status_code == 404
    assert signed_in_client(cast.dsl2).get(url).status_code == 404


def test_the_sample_in_the_docs_reads_without_a_problem():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[3] / "docs" / "curriculum-plan-sample.csv"
    parsed = parse(imports.read_upload(sample.read_bytes(), sample.name))
    assert parsed.errors == []
    assert len(parsed.rows) == 8
