"""Reading one cell of an MIS export (a UPN, a name, a date of birth, a year group, a role...).

Pure, like `haven.schools.mis`, which reads the file and its rows and calls these for each cell:
a value in, the stored value out, or BadValue with the reason in plain words.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_PUPIL_AGE = 25  # an older date of birth is a typing mistake, not a pupil


class BadValue(ValueError):
    """One cell cannot be read; the message says why, in plain words."""


def normalise_header(header: str) -> str:
    """ "Date of Birth", "date_of_birth" and "DATE-OF-BIRTH" are all "dateofbirth"."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
NAME_MAX = 100
YES = {"y", "yes", "true", "t", "1", "x"}
NO = {"", "n", "no", "false", "f", "0", "none", "not known", "unknown"}
SEND_VALUES = {
    "n": "none", "none": "none", "no": "none", "nosen": "none", "nospecialeducationalneed": "none",
    "nospecialeducationalneeds": "none", "": "none",
    "k": "support", "sensupport": "support", "support": "support", "senk": "support",
    "a": "support", "p": "support", "schoolaction": "support", "schoolactionplus": "support",
    "e": "ehcp", "ehcp": "ehcp", "ehcplan": "ehcp", "ehc": "ehcp",
    "educationhealthandcareplan": "ehcp", "educationhealthcareplan": "ehcp",
    "s": "ehcp", "statement": "ehcp", "statementofsen": "ehcp",
}  # fmt: skip
NAMED_YEARS = {
    "n1": -2, "nursery1": -2, "n2": -1, "nursery2": -1, "nursery": -1,
    "r": 0, "rec": 0, "reception": 0, "yr": 0,
}  # fmt: skip
ROLE_WORDS = {
    "staff": "staff", "memberofstaff": "staff",
    "dsl": "dsl", "designatedsafeguardinglead": "dsl",
    "deputydsl": "deputy_dsl", "ddsl": "deputy_dsl", "deputy": "deputy_dsl",
    "deputydesignatedsafeguardinglead": "deputy_dsl",
    "headteacher": "headteacher", "head": "headteacher", "principal": "headteacher",
    "schooladmin": "school_admin", "schooladministrator": "school_admin", "admin": "school_admin",
    "administrator": "school_admin", "office": "school_admin",
}  # fmt: skip


def read_upn(value: str) -> str:
    upn = value.replace(" ", "").upper()
    if not upn:
        raise BadValue("is missing")
    if not UPN_PATTERN.match(upn):
        raise BadValue(
            f'"{value}" is not a UPN (13 characters: a letter, then 11 digits, then a '
            "digit or a letter)"
        )
    return upn


def read_name(value: str) -> str:
    if len(value) > NAME_MAX:
        raise BadValue(f"is longer than {NAME_MAX} characters")
    return value


def read_required_name(value: str) -> str:
    if not value:
        raise BadValue("is missing")
    return read_name(value)


def read_date(value: str, *, today: date) -> str:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd; a time after is ignored."""
    text = value.split(" ")[0].split("T")[0]
    if not text:
        raise BadValue("is missing")
    day = _parse_date(text)
    if day is None:
        raise BadValue(
            f'"{value}" is not a date Haven can read. Use dd/mm/yyyy, for example 04/03/2012'
        )
    if day > today:
        raise BadValue(f'"{value}" is in the future')
    if today.year - day.year > MAX_PUPIL_AGE:
        raise BadValue(f'"{value}" is more than {MAX_PUPIL_AGE} years ago')
    return day.isoformat()


def _parse_date(text: str) -> date | None:
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    british = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if british:
            return date(int(british[3]), int(british[2]), int(british[1]))
    except ValueError:
        return None  # 31/02/2012: the right shape, but not a real day
    return None


def read_year(value: str) -> int | None:
    """National curriculum year: 7, "Year 7", "Y7", "R" (Reception, 0), "N1"/"N2" (nursery)."""
    key = normalise_header(value)
    if not key:
        return None
    if key in NAMED_YEARS:
        return NAMED_YEARS[key]
    digits = re.fullmatch(r"(?:year|yr|y|nc|ncyear)?(\d{1,2})", key)
    if digits and 1 <= int(digits[1]) <= 14:
        return int(digits[1])
    raise BadValue(f'"{value}" is not a year group Haven knows (use 1 to 14, R, N1 or N2)')


def year_name(year: int) -> str:
    named = {-2: "Nursery 1", -1: "Nursery 2", 0: "Reception"}
    return named.get(year, f"Year {year}")


def read_group(value: str) -> str:
    if len(value) > 50:
        raise BadValue("is longer than 50 characters")
    return value


def read_gender(value: str) -> str:
    words = {"m": "Male", "male": "Male", "f": "Female", "female": "Female"}
    if len(value) > 30:
        raise BadValue("is longer than 30 characters")
    return words.get(value.lower(), value)


def read_send(value: str) -> str:
    key = normalise_header(value)
    if key not in SEND_VALUES:
        raise BadValue(
            f'"{value}" is not a SEN status Haven knows (N, K or E, or the words '
            '"No SEN", "SEN support" or "EHC plan")'
        )
    return SEND_VALUES[key]


def read_yes_no(value: str) -> bool:
    key = value.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise BadValue(f'"{value}" is not yes or no (use Y or N)')


def read_social_worker(value: str) -> bool:
    """Yes/no, or (as some exports do) the social worker's name, which means yes. The name is not
    kept: Haven records only that the child has a social worker."""
    return value.strip().lower() not in NO


def read_email(value: str) -> str:
    email = value.strip().lower()
    if not email:
        raise BadValue("is missing")
    try:
        validate_email(email)
    except ValidationError:
        raise BadValue(f'"{value}" is not an e-mail address') from None
    return email


def read_job_title(value: str) -> str:
    if len(value) > 100:
        raise BadValue("is longer than 100 characters")
    return value


def read_haven_roles(value: str) -> list[str]:
    """Roles separated by ; , / + or &. A blank cell means "member of staff"."""
    roles: list[str] = []
    for part in re.split(r"[;,/+&]", value):
        key = normalise_header(part)
        if not key:
            continue
        if key in {"trustlead", "trustsafeguardinglead"}:
            raise BadValue("trust leads are set up by the trust, not by a school's import")
        if key not in ROLE_WORDS:
            raise BadValue(
                f'"{part.strip()}" is not a Haven role (use staff, DSL, deputy DSL, '
                "headteacher or school admin)"
            )
        if ROLE_WORDS[key] not in roles:
            roles.append(ROLE_WORDS[key])
    return roles or ["staff"]
