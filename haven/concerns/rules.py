"""Pure rules for concerns: what a reporter is told, and references and codes as typed.

Plain values in, plain values out: no ORM, no HTTP.
"""

# References and codes people read aloud or copy by hand: no 0/O or 1/I to confuse.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "HV-"
REFERENCE_LENGTH = 6
SECRET_CODE_GROUPS = 3
SECRET_CODE_GROUP_LENGTH = 4

# What a reporter sees: never more than this, never the team's notes.
RECEIVED = "received"
BEING_HANDLED = "being handled"
CLOSED = "closed"


def reporter_status(status: str, *, case_closed: bool, replied: bool = False) -> str:
    """The one word a reporter sees for their concern's status: it follows what the school has
    done, so a report the school has replied to is being handled, whatever its inbox state."""
    if status == "new" and not replied:
        return RECEIVED
    if status == "no_further_action" or (status == "in_case" and case_closed):
        return CLOSED
    return BEING_HANDLED


def normalise_reference(text: str) -> str:
    """Accept "hv 7k3m9q", "HV-7K3M9Q" or "7K3M9Q" as the same reference."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.removeprefix("HV")
    return f"{REFERENCE_PREFIX}{letters}"


def normalise_code(text: str) -> str:
    """A secret code as typed (any case, with or without dashes or spaces), ready to check."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """Group a code in fours so it is easy to copy down: ABCD-EFGH-JKLM."""
    size = SECRET_CODE_GROUP_LENGTH
    return "-".join(code[i : i + size] for i in range(0, len(code), size))
