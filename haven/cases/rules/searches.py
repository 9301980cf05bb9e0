"""Searching a device: who may authorise it, and what may be done with what is found (DfE,
"Searching, screening and confiscation", 2022; UKCIS "Sharing nudes and semi-nudes").

Pure: plain answers in, reasons in words out (empty: allowed)."""

from __future__ import annotations

from dataclasses import dataclass

NOT_AUTHORISED = (
    "Only the headteacher, or a member of staff the headteacher has authorised to search, may"
    " authorise a search."
)
NOT_STAFF = "The person who authorised the search must be a member of staff at this school."
SEARCHER_NOT_STAFF = "The person who searched must be a member of staff at this school."
KEEP_FOR_POLICE = (
    "The police are involved or a criterion for immediate referral is met: what was found is"
    " evidence and must be kept for the police, not deleted."
)


@dataclass(frozen=True)
class SearchAuthority:
    """Who authorised a search and who searched, as plain answers."""

    authoriser_is_staff: bool
    authoriser_is_head: bool
    # For an authoriser who is not the head: the head has authorised them to search.
    authoriser_has_heads_authority: bool
    searcher_is_staff: bool


def search_refusals(
    authority: SearchAuthority, *, deleting: bool, police_involved: bool, criteria_met: bool
) -> list[str]:
    """Why this search may not be recorded as it stands, one reason each (empty: it may).

    The headteacher, and staff the headteacher authorises, have the power to search. Imagery that
    is evidence (the police are involved, or a criterion for immediate referral is met) is kept
    for the police, never deleted.
    """
    refusals = []
    if not authority.authoriser_is_staff:
        refusals.append(NOT_STAFF)
    elif not (authority.authoriser_is_head or authority.authoriser_has_heads_authority):
        refusals.append(NOT_AUTHORISED)
    if not authority.searcher_is_staff:
        refusals.append(SEARCHER_NOT_STAFF)
    if deleting and (police_involved or criteria_met):
        refusals.append(KEEP_FOR_POLICE)
    return refusals
