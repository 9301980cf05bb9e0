"""The MIS file rules: header spellings, values, bad rows by line, and what an import would change.
Pure functions: no database."""

from datetime import date

import pytest

from haven.schools import mis, rules

TODAY = date(2026, 11, 25)


def pupils(text: str) -> mis.Parsed:
    return mis.parse_pupils(text, today=TODAY)


def staff(text: str) -> mis.Parsed:
    return mis.parse_staff(text, today=TODAY)


SIMS_PUPILS = (
    "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg Group,Gender,"
    "SEN Status,In Care,Social Worker\n"
    "A123456789012,Morgan,Alex,Lex,04/03/2012,9,9R,M,K,N,Y\n"
)
ARBOR_PUPILS = (
    "Unique Pupil Number,Legal First Name,Legal Last Name,Preferred First Name,Date of Birth,"
    "Year Group,Registration Group,Sex,SEN Provision,Looked After,Social Worker\n"
    "A123456789012,Alex,Morgan,Lex,2012-03-04,Year 9,9R,Male,SEN support,No,Yes\n"
)


@pytest.mark.parametrize("text", [SIMS_PUPILS, ARBOR_PUPILS], ids=["sims", "arbor"])
def test_sims_and_arbor_pupil_exports_read_the_same(text):
    parsed = pupils(text)
    assert parsed.errors == []
    assert parsed.rows == [
        {
            "line": 2,
            "upn": "A123456789012",
            "legal_first_name": "Alex",
            "legal_last_name": "Morgan",
            "preferred_first_name": "Lex",
            "date_of_birth": "2012-03-04",
            "year": 9,
            "reg_group": "9R",
            "gender": "Male",
            "send": "support",
            "looked_after": False,
            "has_social_worker": True,
        }
    ]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("UPN", "upn"),
        ("Unique Pupil Number", "upn"),
        ("unique_pupil_number", "upn"),
        ("Legal Forename", "legal_first_name"),
        ("Forename", "legal_first_name"),
        ("First Name", "legal_first_name"),
        ("Legal First Name", "legal_first_name"),
        ("Legal Surname", "legal_last_name"),
        ("Surname", "legal_last_name"),
        ("Last Name", "legal_last_name"),
        ("Preferred Forename", "preferred_first_name"),
        ("Preferred First Name", "preferred_first_name"),
        ("DOB", "date_of_birth"),
        ("Date of Birth", "date_of_birth"),
        ("Year", "year"),
        ("Year Group", "year"),
        ("NC Year", "year"),
        ("Reg Group", "reg_group"),
        ("Registration Group", "reg_group"),
        ("Form", "reg_group"),
        ("Tutor Group", "reg_group"),
        ("Gender", "gender"),
        ("Sex", "gender"),
        ("SEN Status", "send"),
        ("SEN Provision", "send"),
        ("SEND", "send"),
        ("In Care", "looked_after"),
        ("Looked After", "looked_after"),
        ("CLA", "looked_after"),
        ("Social Worker", "has_social_worker"),
    ],
)
def test_each_common_header_spelling_finds_its_column(header, field):
    found, ignored = mis.match_columns([header], mis.PUPIL_COLUMNS)
    assert found == {field: 0}
    assert ignored == []


def test_the_more_specific_header_wins_when_a_file_has_both():
    found, ignored = mis.match_columns(["Forename", "Legal Forename"], mis.PUPIL_COLUMNS)
    assert found == {"legal_first_name": 1}
    assert ignored == ["Forename"]


def test_columns_haven_does_not_use_are_listed_as_ignored():
    parsed = pupils(
        "UPN,Forename,Surname,DOB,Ethnicity,Address\nA123456789012,A,B,01/01/2012,x,y\n"
    )
    assert parsed.ignored == ["Ethnicity", "Address"]
    assert "ethnicity" not in str(parsed.rows).lower()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("04/03/2012", "2012-03-04"),
        ("4/3/2012", "2012-03-04"),
        ("04-03-2012", "2012-03-04"),
        ("04.03.2012", "2012-03-04"),
        ("2012-03-04", "2012-03-04"),
        ("04/03/2012 00:00:00", "2012-03-04"),
        ("2012-03-04T00:00:00", "2012-03-04"),
    ],
)
def test_dates_read_in_british_and_iso_forms(value, expected):
    assert mis.read_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "is missing"),
        ("31/02/2012", "not a date Haven can read"),
        ("03/04/12", "not a date Haven can read"),
        ("2012/03/04", "not a date Haven can read"),
        ("next tuesday", "not a date Haven can read"),
        ("01/01/2030", "in the future"),
        ("01/01/1990", "more than 25 years ago"),
    ],
)
def test_bad_dates_say_why(value, reason):
    with pytest.raises(mis.BadValue, match=reason):
        mis.read_date(value, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9", 9),
        ("Year 9", 9),
        ("Y9", 9),
        ("Yr 9", 9),
        ("09", 9),
        ("13", 13),
        ("R", 0),
        ("Reception", 0),
        ("N1", -2),
        ("N2", -1),
        ("", None),
    ],
)
def test_year_groups_read_as_national_curriculum_years(value, expected):
    assert mis.read_year(value) == expected


@pytest.mark.parametrize("value", ["0", "15", "Year Nine", "X"])
def test_unknown_year_groups_are_refused(value):
    with pytest.raises(mis.BadValue, match="not a year group"):
        mis.read_year(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("N", "none"),
        ("", "none"),
        ("No SEN", "none"),
        ("No Special Educational Need", "none"),
        ("K", "support"),
        ("SEN Support", "support"),
        ("sen support", "support"),
        ("E", "ehcp"),
        ("EHCP", "ehcp"),
        ("EHC Plan", "ehcp"),
        ("Education, Health and Care Plan", "ehcp"),
        ("S", "ehcp"),
        ("Statement", "ehcp"),
    ],
)
def test_sen_codes_and_words_read_as_haven_statuses(value, expected):
    assert mis.read_send(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Y", True),
        ("Yes", True),
        ("TRUE", True),
        ("1", True),
        ("N", False),
        ("no", False),
        ("", False),
        ("0", False),
    ],
)
def test_yes_and_no_read_in_every_common_form(value, expected):
    assert mis.read_yes_no(value) is expected


def test_a_social_workers_name_means_yes_and_is_not_kept():
    parsed = pupils(
        "UPN,Forename,Surname,DOB,Social Worker\nA123456789012,A,B,01/01/2012,Jo Bloggs\n"
    )
    assert parsed.rows[0]["has_social_worker"] is True
    assert "Bloggs" not in str(parsed.rows)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("M", "Male"), ("f", "Female"), ("Female", "Female"), ("Non-binary", "Non-binary"), ("", "")],
)
def test_gender_letters_become_words_and_other_answers_are_kept(value, expected):
    assert mis.read_gender(value) == expected


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("A123456789012", True),
        ("a123456789012", True),
        ("A12345678901B", True),
        ("A 1234 5678 9012", True),
        ("1234567890123", False),
        ("A12345", False),
        ("", False),
    ],
)
def test_upns_are_a_letter_then_twelve_more(value, ok):
    if ok:
        assert mis.read_upn(value) == value.replace(" ", "").upper()
    else:
        with pytest.raises(mis.BadValue):
            mis.read_upn(value)


def test_every_bad_row_is_reported_with_its_line_and_reason():
    parsed = pupils(
        "UPN,Forename,Surname,DOB,Year,In Care\n"
        "A123456789012,Alex,Morgan,04/03/2012,9,N\n"
        "A12345,Sam,Jones,04/03/2012,9,N\n"
        "B123456789012,,Jones,31/02/2012,9,maybe\n"
        "A123456789012,Alex,Again,04/03/2012,9,N\n"
        "\n"
        "C123456789012,Kit,Taylor,01/01/2012,Year 20,N\n"
    )
    assert [(e.line, e.message) for e in parsed.errors] == [
        (3, 'UPN "A12345" is not a UPN (13 characters: a letter, then 11 digits, then a digit '
            "or a letter)"),
        (4, "Legal first name is missing"),
        (4, 'Date of birth "31/02/2012" is not a date Haven can read. Use dd/mm/yyyy, for '
            "example 04/03/2012"),
        (4, 'Looked after "maybe" is not yes or no (use Y or N)'),
        (5, "UPN A123456789012 is also on line 2"),
        (7, 'Year group "Year 20" is not a year group Haven knows (use 1 to 14, R, N1 or N2)'),
    ]  # fmt: skip
    assert [row["upn"] for row in parsed.rows] == ["A123456789012"]
    assert parsed.row_count == 5


def test_a_line_number_counts_lines_in_the_file_even_with_a_quoted_line_break():
    parsed = pupils(
        'UPN,Forename,Surname,DOB\nA123456789012,"Alex\nMorgan",M,04/03/2012\nbad,A,B,01/01/2012\n'
    )
    assert [e.line for e in parsed.errors] == [4]


def test_a_missing_required_column_is_one_error_on_the_header_line():
    parsed = pupils("Forename,Surname,DOB\nAlex,Morgan,04/03/2012\n")
    assert [(e.line, e.message) for e in parsed.errors] == [
        (1, 'There is no UPN column. Haven looks for a column called "UPN" or "Unique Pupil '
            'Number".'),
    ]  # fmt: skip
    assert parsed.rows == []


def test_a_short_row_reads_its_missing_cells_as_blank():
    parsed = pupils("UPN,Forename,Surname,DOB,Year\nA123456789012,Alex,Morgan,04/03/2012\n")
    assert parsed.rows[0]["year"] is None


def test_a_tab_separated_export_is_read_too():
    parsed = pupils("UPN\tForename\tSurname\tDOB\nA123456789012\tAlex\tMorgan\t04/03/2012\n")
    assert parsed.errors == []
    assert parsed.rows[0]["legal_last_name"] == "Morgan"


# --- The file itself ----------------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark_is_read():
    text = mis.decode("\ufeffUPN,Forename\nA123456789012,Zoë\n".encode())
    assert text.startswith("UPN")
    assert "Zoë" in text


def test_a_windows_latin_1_export_is_read():
    assert "Zoë" in mis.decode("UPN,Forename\nA123456789012,Zoë\n".encode("cp1252"))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "an image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "an image"),
        (b"GIF89a" + b"x" * 20, "an image"),
        (b"\x00\x00\x00\x18ftypmp42" + b"x" * 20, "an image or video"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "an image, video or sound file"),
        (b"PK\x03\x04" + b"x" * 20, "an Excel workbook"),
        (b"%PDF-1.7\n" + b"x" * 20, "a PDF"),
        (b"UPN,Forename\n\x00\x01\x02", "a binary file"),
        (b"UPN,Forename\nA12345\x07,Bell\n", "characters that do not belong"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
    ],
)
def test_anything_that_is_not_csv_text_is_refused_by_its_content(data, says):
    with pytest.raises(mis.NotCsv, match=says):
        mis.decode(data)


def test_a_file_over_five_megabytes_is_refused():
    with pytest.raises(mis.NotCsv, match="smaller than 5 MB"):
        mis.decode(b"a," * (mis.MAX_FILE_BYTES // 2 + 1))


def test_a_file_with_only_blank_rows_after_decoding_is_refused():
    with pytest.raises(mis.NotCsv, match="empty"):
        mis.read_rows(",,,\n,,\n")


# --- Staff --------------------------------------------------------------------------------------


def test_a_staff_export_reads_e_mail_names_and_job_title_and_everyone_is_staff_by_default():
    parsed = staff(
        "Title,Forename,Surname,Work Email,Job Title\nMs,Jo,Bloggs,Jo.Bloggs@Elm.test,Teacher\n"
    )
    assert parsed.errors == []
    assert parsed.rows == [
        {"line": 2, "email": "jo.bloggs@elm.test", "first_name": "Jo", "last_name": "Bloggs",
         "job_title": "Teacher"},
    ]  # fmt: skip
    assert "haven_roles" not in parsed.rows[0]


def test_a_job_title_never_becomes_a_haven_role():
    parsed = staff("Email,Forename,Surname,Role\nh@elm.test,Hana,Head,Headteacher\n")
    assert parsed.rows[0]["job_title"] == "Headteacher"
    assert "haven_roles" not in parsed.rows[0]


@pytest.mark.parametrize(
    ("value", "roles"),
    [
        ("", ["staff"]),
        ("Staff", ["staff"]),
        ("DSL", ["dsl"]),
        ("Designated Safeguarding Lead", ["dsl"]),
        ("Deputy DSL", ["deputy_dsl"]),
        ("Headteacher; DSL", ["headteacher", "dsl"]),
        ("School admin", ["school_admin"]),
        ("head + dsl", ["headteacher", "dsl"]),
    ],
)
def test_an_explicit_haven_role_column_sets_haven_roles(value, roles):
    parsed = staff(f"Email,Forename,Surname,Haven Role\nh@elm.test,Hana,Head,{value}\n")
    assert parsed.errors == []
    assert parsed.rows[0]["haven_roles"] == roles


@pytest.mark.parametrize(
    ("value", "reason"),
    [("Trust lead", "set up by the trust"), ("Caretaker", "is not a Haven role")],
)
def test_a_haven_role_haven_does_not_have_is_refused(value, reason):
    parsed = staff(f"Email,Forename,Surname,Haven Role\nh@elm.test,Hana,Head,{value}\n")
    assert reason in parsed.errors[0].message
    assert parsed.errors[0].line == 2


def test_bad_and_repeated_staff_e_mail_addresses_are_reported_by_line():
    parsed = staff(
        "Email,Forename,Surname\na@elm.test,A,A\nnot-an-address,B,B\nA@ELM.TEST,C,C\n,D,D\n"
    )
    assert [(e.line, e.message) for e in parsed.errors] == [
        (3, 'E-mail address "not-an-address" is not an e-mail address'),
        (4, "E-mail address a@elm.test is also on line 2"),
        (5, "E-mail address is missing"),
    ]


# --- What an import changes ---------------------------------------------------------------------


def snapshot(**overrides):
    values = {
        "upn": "A123456789012", "legal_first_name": "Alex", "legal_last_name": "Morgan",
        "preferred_first_name": "Lex", "preferred_last_name": "", "date_of_birth": "2012-03-04",
        "year": 9, "reg_group": "9R", "gender": "Male", "send": "support", "looked_after": False,
        "has_social_worker": True, "on_roll": True,
    }  # fmt: skip
    return values | overrides


def test_an_unchanged_pupil_is_neither_added_nor_changed():
    rows = pupils(SIMS_PUPILS).rows
    plan = rules.plan_pupils(rows, {"A123456789012": snapshot()})
    assert (plan.adds, plan.changes, plan.unchanged) == ([], [], 1)


def test_a_changed_pupil_lists_only_the_fields_that_changed():
    rows = pupils(SIMS_PUPILS).rows
    plan = rules.plan_pupils(rows, {"A123456789012": snapshot(year=8, reg_group="8R")})
    assert plan.changes == [rules.Change("A123456789012", "Lex Morgan", ("year", "reg_group"))]
    assert plan.changes[0].labels == ["year group", "registration group"]


def test_a_pupil_who_had_left_and_is_in_the_file_again_is_back_on_roll():
    rows = pupils(SIMS_PUPILS).rows
    plan = rules.plan_pupils(rows, {"A123456789012": snapshot(on_roll=False)})
    assert plan.changes[0].fields == ("on_roll",)


def test_a_column_missing_from_the_file_changes_nothing():
    rows = pupils("UPN,Forename,Surname,DOB\nA123456789012,Alex,Morgan,04/03/2012\n").rows
    plan = rules.plan_pupils(rows, {"A123456789012": snapshot(year=None, send="ehcp")})
    assert plan.unchanged == 1


def test_a_new_upn_is_an_add_and_pupils_on_roll_not_in_the_file_are_leavers():
    rows = pupils(SIMS_PUPILS).rows
    plan = rules.plan_pupils(rows, {})
    assert [row["upn"] for row in plan.adds] == ["A123456789012"]
    assert rules.leavers(["B123456789012", "A123456789012"], ["A123456789012"]) == ["B123456789012"]


def test_a_staff_import_adds_new_people_and_only_ever_adds_roles():
    rows = staff(
        "Email,Forename,Surname,Job Title,Haven Role\n"
        "new@elm.test,Nia,New,Teacher,\n"
        "dsl@elm.test,Dina,Lead,Deputy head,DSL\n"
        "head@elm.test,Hana,Head,Head,Staff\n"
    ).rows
    existing = {
        "dsl@elm.test": {"full_name": "Dina Lead", "job_title": "", "roles": ["staff"]},
        "head@elm.test": {"full_name": "Hana Head", "job_title": "Head", "roles": ["headteacher"]},
    }
    plan = rules.plan_staff(rows, existing)
    assert [row["email"] for row in plan.adds] == ["new@elm.test"]
    assert plan.changes == [rules.Change("dsl@elm.test", "Dina Lead", ("job_title", "roles"))]
    assert plan.unchanged == 1  # "Staff" for the head removes nothing


def test_a_person_who_also_works_elsewhere_keeps_their_name():
    rows = staff("Email,Forename,Surname\nt@elm.test,Timothy,Teacher\n").rows
    existing = {
        "t@elm.test": {"full_name": "Tim Teacher", "job_title": "", "roles": ["staff"],
                       "may_rename": False},
    }  # fmt: skip
    assert rules.plan_staff(rows, existing).unchanged == 1
