"""Who gets what from every URL Haven serves: a table of (URL, method) -> the roles allowed.

tests/test_url_access.py proves every URL declares an access rule and that no staff URL answers
without both factors. This file says, for each URL name, which of the cast may use it, and
checks every (role, URL, method) against a world holding one of each kind of record
(tests/access_world.py), all at the first school:

- a role the table allows, GET: 200 (or the row's own answer: a redirect that is part of the design,
  such as the school index sending its one administrator to their school).
- a role the table allows, POST with an empty body: anything but 403, 404, 405, a server error or
  a redirect to sign-in (usually 200 with the form's errors, or a redirect after a change that
  needs no input); or the row's own redirect (signing out lands on sign-in, by design).
- a signed-in role the table does not allow: 404 (Haven answers "not found" for "not yours").
- anonymous: 302 to sign-in for every staff URL and method; the public URLs answer as for anyone.
- a method a URL does not serve: 405 for everyone signed in (so the table's methods are the view's).

Every 200 shown to a role is also searched for records that role must never read (the other
school's staff must see nothing of the first school; a teacher sees their own concern only).

Denied roles are asked first, so that a change an allowed role makes cannot hide a leak. Each test
runs in its own savepoint inside one module-wide transaction that holds the world, so the world is
built once and every change a test makes is rolled back.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from conftest import signed_in_client
from tests.access_world import World, build_world

ANON = "anonymous"
ROLES = (
    "dsl",
    "deputy",
    "head",
    "teacher",
    "other_teacher",
    "office",
    "trust_lead",
    "dsl2",
    "teacher2",
    "pshe_lead",
)
SIGNED_IN = frozenset(ROLES)
EVERYONE = SIGNED_IN | {ANON}
TEAM = frozenset({"dsl", "deputy", "head"})  # the first school's safeguarding team
HEAD = frozenset({"head"})  # AGREE_AS_HEAD
REPORTER_OR_TEAM = TEAM | {"teacher"}  # VIEW_CONCERN / ADD_TO_CONCERN on the teacher's concern
ANY_TEAM = TEAM | {"dsl2"}  # pages listing the user's own school's work (their school's only)
# RECORD_CONCERN / SEARCH_PUPILS at own school (the PSHE lead, as such, records none)
RECORDERS = SIGNED_IN - {"office", "trust_lead", "pshe_lead"}
OFFICE = frozenset({"office"})  # MANAGE_SCHOOL
RESETTERS = frozenset({"dsl", "head", "office"})  # RESET_STAFF_MFA (accounts.rules)
POLICY_SETTERS = frozenset({"dsl", "head"})  # SET_SAFEGUARDING_POLICY (accounts.rules)
RECIPIENT = frozenset({"dsl"})  # the one person the alert was sent to
TEAM_1 = SIGNED_IN - {"trust_lead", "dsl2", "teacher2"}  # everyone with a role at the school
PLANNERS = TEAM | {"pshe_lead"}  # VIEW_CURRICULUM / PLAN_LESSONS

# What each role must never be shown (World.secrets() gives the words each label stands for).
NOTHING_OF_SCHOOL_1 = frozenset({"school 1 pupils", "case", "staff concern", "public report"})
NO_CASE_DATA = frozenset({"case", "staff concern", "public report"})
HIDDEN: dict[str, frozenset[str]] = {
    ANON: NOTHING_OF_SCHOOL_1,
    "dsl2": NOTHING_OF_SCHOOL_1,
    "teacher2": NOTHING_OF_SCHOOL_1,
    "trust_lead": NOTHING_OF_SCHOOL_1,  # de-identified figures only
    "pshe_lead": NOTHING_OF_SCHOOL_1,  # de-identified counts only: no case, concern or pupil
    "office": NO_CASE_DATA,  # runs the pupil import: the roll's names, never a concern
    "other_teacher": NO_CASE_DATA,  # may find pupils by name to record a concern
    "teacher": frozenset({"case", "public report"}),  # their own concern, nothing more
}


@dataclass(frozen=True)
class Get:
    """Who may GET the URL, and what they get when they may (200 unless said otherwise)."""

    who: frozenset[str]
    lands_on: Callable[[World], str] | None = None  # a redirect to this path, by design
    also_ok: frozenset[int] = frozenset()
    query: Callable[[World], dict[str, Any]] | None = None
    # Records the page must show to these roles: proof that the roles left out of them see an
    # answer scoped to them, not an empty page that would hide nothing because it shows nothing.
    shows: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Post:
    """Who may POST to the URL (with an empty body)."""

    who: frozenset[str]
    lands_on: Callable[[World], str] | None = None  # a redirect to this path, by design


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[World], dict[str, Any]]
    get: Get | None = None
    post: Post | None = None
    # method -> why it is wrong today: the test must fail there (a strict xfail).
    bugs: dict[str, str] = field(default_factory=dict)


# --- URL arguments from the world ---------------------------------------------------------------


def no_args(w: World) -> dict[str, Any]:
    return {}


def public_school(w: World) -> dict[str, Any]:
    return {"school_slug": w.cast.school.slug}


def page_slug(w: World) -> dict[str, Any]:
    return {**public_school(w), "page_slug": "parents"}


def service(w: World) -> dict[str, Any]:
    return {**public_school(w), "service_id": w.service.pk}


def school(w: World) -> dict[str, Any]:
    return {"school": w.cast.school.slug}


def report_file(w: World) -> dict[str, Any]:
    return {**school(w), "file_id": w.report_file.pk}


def trust(w: World) -> dict[str, Any]:
    return {"trust": w.cast.trust.slug}


def newcomer(w: World) -> dict[str, Any]:
    return {**school(w), "user_id": w.newcomer.pk}


def mfa_reset(w: World) -> dict[str, Any]:
    return {**school(w), "reset_id": w.mfa_reset.pk}


def invitation(w: World) -> dict[str, Any]:
    return {**school(w), "invitation_id": w.invitation.pk}


def policy_change(w: World) -> dict[str, Any]:
    return {**school(w), "change_id": w.policy_change.pk}


def team_change(w: World) -> dict[str, Any]:
    return {**school(w), "change_id": w.team_change.pk}


def import_run(w: World) -> dict[str, Any]:
    return {**school(w), "run_id": w.import_run.pk}


def concern(w: World) -> dict[str, Any]:
    return {"pk": w.concern.pk}


def attachment(w: World) -> dict[str, Any]:
    return {"pk": w.concern.pk, "attachment_id": w.attachment.pk}


def public_report(w: World) -> dict[str, Any]:
    return {"pk": w.public_report.pk}


def case(w: World) -> dict[str, Any]:
    return {"case_id": w.case.pk}


def in_case(argument: str, attribute: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"case_id": w.case.pk, argument: getattr(w, attribute).pk}


def transfer(w: World) -> dict[str, Any]:
    return {"transfer_id": w.transfer.pk}


def sar(w: World) -> dict[str, Any]:
    return {"sar_id": w.subject_access.pk}


def pupil_search(w: World) -> dict[str, Any]:
    # Searches the first school's pupils by the start of a name (the page repeats the words
    # typed, so not the whole name) and asks for one by id, at the first school as a form's
    # school field would: another school's staff must get neither.
    return {
        "q": w.cast.pupil.legal_last_name[:3],
        "pupils": str(w.cast.pupil.pk),
        "roles": "1",
        "school_field": "school",
        "school": str(w.cast.school.pk),
    }


def to(name: str, args: Callable[[World], dict[str, Any]] = no_args) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs=args(w))


# --- The table -----------------------------------------------------------------------------------

PAGE = Get(EVERYONE)

TABLE: dict[str, Row] = {
    # Public pages: anyone, signed in or not.
    "health": Row(no_args, get=Get(EVERYONE, also_ok=frozenset({503}))),  # 503: no worker here
    "public:landing": Row(no_args, get=PAGE),
    "public:school_home": Row(public_school, get=PAGE),
    "public:parents": Row(public_school, get=PAGE),
    "public:young_people": Row(public_school, get=PAGE),
    "public:support": Row(public_school, get=PAGE),
    "public:contacts": Row(public_school, get=PAGE),
    "public:policy": Row(public_school, get=PAGE),
    "public:let_us_know": Row(public_school, get=PAGE, post=Post(EVERYONE)),
    "public:i_need_help": Row(public_school, get=PAGE, post=Post(EVERYONE)),
    "public:report_sent": Row(public_school, get=PAGE),
    "public:check": Row(public_school, get=PAGE, post=Post(EVERYONE)),
    # Nothing held on this device: back to entering the reference and code.
    "public:check_report": Row(
        public_school, get=Get(EVERYONE, lands_on=to("public:check", public_school))
    ),
    "public:check_add": Row(public_school, post=Post(EVERYONE)),
    "public:check_finish": Row(public_school, post=Post(EVERYONE)),
    # The public pages' editors: the school administrator only.
    "public:manage": Row(public_school, get=Get(OFFICE)),
    "public:manage_page": Row(page_slug, get=Get(OFFICE), post=Post(OFFICE)),
    "public:manage_page_versions": Row(page_slug, get=Get(OFFICE)),
    "public:manage_page_restore": Row(lambda w: {**page_slug(w), "number": 0}, post=Post(OFFICE)),
    "public:manage_support": Row(public_school, get=Get(OFFICE)),
    "public:manage_support_add": Row(public_school, get=Get(OFFICE), post=Post(OFFICE)),
    "public:manage_support_edit": Row(service, get=Get(OFFICE), post=Post(OFFICE)),
    "public:manage_support_hide": Row(service, post=Post(OFFICE)),
    "public:manage_support_remove": Row(service, post=Post(OFFICE)),
    "public:manage_contacts": Row(public_school, get=Get(OFFICE), post=Post(OFFICE)),
    "public:manage_policy": Row(public_school, get=Get(OFFICE), post=Post(OFFICE)),
    "public:manage_policy_remove": Row(public_school, post=Post(OFFICE)),
    # Accounts. Everyone signed in has passed both factors, so the sign-in steps move them on.
    "accounts:sign_in": Row(no_args, get=PAGE, post=Post(EVERYONE)),
    "accounts:second_factor": Row(
        no_args,
        get=Get(SIGNED_IN, lands_on=to("accounts:home")),
        post=Post(SIGNED_IN, lands_on=to("accounts:home")),
    ),
    "accounts:enrol": Row(
        no_args,
        get=Get(SIGNED_IN, lands_on=to("accounts:second_factor")),
        post=Post(SIGNED_IN, lands_on=to("accounts:second_factor")),
    ),
    "accounts:sign_out": Row(no_args, post=Post(SIGNED_IN, lands_on=to("accounts:sign_in"))),
    "accounts:sign_out_everywhere": Row(
        no_args, post=Post(SIGNED_IN, lands_on=to("accounts:sign_in"))
    ),
    "accounts:home": Row(no_args, get=Get(SIGNED_IN)),
    "accounts:confirm_code": Row(no_args, get=Get(SIGNED_IN), post=Post(SIGNED_IN)),
    # Passkeys: everyone's own. Adding one takes both factors; using one is the second step
    # (an empty answer is refused as a bad request, never as "not yours").
    "accounts:passkeys": Row(no_args, get=Get(SIGNED_IN)),
    "accounts:passkey_remove": Row(
        lambda w: {"passkey_id": w.passkey.pk},
        post=Post(frozenset({"dsl"}), lands_on=to("accounts:passkeys")),
    ),
    "accounts:passkey_add_begin": Row(no_args, post=Post(SIGNED_IN)),
    "accounts:passkey_add_complete": Row(no_args, post=Post(SIGNED_IN)),
    "accounts:passkey_sign_in_begin": Row(no_args, post=Post(SIGNED_IN)),
    "accounts:passkey_sign_in_complete": Row(no_args, post=Post(SIGNED_IN)),
    "accounts:passkey_script_words": Row(no_args, get=PAGE),
    # The link in the invitation e-mail: whoever holds it (it is the credential).
    "accounts:accept_invitation": Row(
        lambda w: {"token": w.invitation_token}, get=PAGE, post=Post(EVERYONE)
    ),
    # Concerns. Any member of staff records them, at their own school.
    "concerns:new": Row(no_args, get=Get(RECORDERS), post=Post(RECORDERS)),
    "concerns:mine": Row(  # only ever the user's own
        no_args, get=Get(SIGNED_IN, shows={"staff concern": frozenset({"teacher"})})
    ),
    "concerns:inbox": Row(
        no_args, get=Get(ANY_TEAM, shows={"staff concern": TEAM, "public report": TEAM})
    ),
    "concerns:alert_badge": Row(no_args, get=Get(SIGNED_IN)),  # a count of the user's own
    "concerns:dismiss_alert": Row(lambda w: {"alert_id": w.alert.pk}, post=Post(RECIPIENT)),
    "concerns:detail": Row(
        concern, get=Get(REPORTER_OR_TEAM, shows={"staff concern": REPORTER_OR_TEAM})
    ),
    "concerns:saved": Row(concern, get=Get(REPORTER_OR_TEAM)),
    "concerns:add": Row(concern, post=Post(REPORTER_OR_TEAM)),
    # Triage is the team's: the teacher who recorded the concern may not.
    "concerns:acknowledge": Row(concern, post=Post(TEAM)),
    "concerns:open_case": Row(concern, post=Post(TEAM)),
    "concerns:add_to_case": Row(concern, post=Post(TEAM)),
    "concerns:no_further_action": Row(concern, post=Post(TEAM)),
    "concerns:link_pupil": Row(concern, post=Post(TEAM)),
    "concerns:reply": Row(public_report, post=Post(TEAM)),
    "concerns:attachment": Row(attachment, get=Get(TEAM)),
    # Cases: the first school's safeguarding team, and the head for what only the head may do.
    "cases:list": Row(
        no_args, get=Get(ANY_TEAM, query=lambda w: {"status": "all"}, shows={"case": TEAM})
    ),
    # Anyone may ask; the list holds only decisions waiting for the head who asks.
    "cases:agreements": Row(no_args, get=Get(HEAD, shows={"case": HEAD})),
    "cases:detail": Row(case, get=Get(TEAM, shows={"case": TEAM})),
    "cases:viewers": Row(case, post=Post(TEAM)),
    "cases:review": Row(case, get=Get(TEAM), post=Post(TEAM)),
    "cases:review_assessment": Row(case, post=Post(TEAM)),
    "cases:decisions": Row(case, get=Get(TEAM)),
    "cases:add_decision": Row(case, post=Post(TEAM)),
    "cases:head_agreement": Row(in_case("decision_id", "decision"), get=Get(HEAD), post=Post(HEAD)),
    "cases:manage_in_school": Row(case, get=Get(TEAM), post=Post(TEAM)),
    "cases:parents": Row(case, get=Get(TEAM)),
    "cases:parents_told": Row(case, post=Post(TEAM)),
    "cases:parents_not_told": Row(case, post=Post(TEAM)),
    "cases:parents_group": Row(case, get=Get(TEAM)),
    "cases:parents_group_told": Row(case, post=Post(TEAM)),
    "cases:support_group": Row(case, get=Get(TEAM)),
    "cases:add_support_group": Row(case, post=Post(TEAM)),
    "cases:seen": Row(case, get=Get(TEAM)),
    "cases:add_seen": Row(case, post=Post(TEAM)),
    "cases:searches": Row(case, get=Get(TEAM)),
    "cases:add_search": Row(case, post=Post(TEAM)),
    "cases:voice": Row(case, get=Get(TEAM)),
    "cases:add_conversation": Row(case, post=Post(TEAM)),
    "cases:imagery": Row(case, get=Get(TEAM)),
    "cases:request_viewing": Row(case, post=Post(TEAM)),
    "cases:record_viewing": Row(in_case("viewing_id", "viewing"), get=Get(TEAM), post=Post(TEAM)),
    "cases:partner_outcome": Row(in_case("referral_id", "referral"), post=Post(TEAM)),
    "cases:early_help": Row(case, get=Get(TEAM)),
    "cases:add_early_help": Row(case, post=Post(TEAM)),
    "cases:lado": Row(case, get=Get(TEAM)),
    "cases:lado_name": Row(case, post=Post(POLICY_SETTERS)),  # NAME_FOR_RESTRICTED_CASE
    "cases:lado_remove_named": Row(case, post=Post(POLICY_SETTERS)),
    "cases:referrals": Row(case, get=Get(TEAM)),
    "cases:add_referral": Row(case, post=Post(TEAM)),
    "cases:referral_override": Row(case, post=Post(TEAM)),
    "cases:referral": Row(in_case("referral_id", "referral"), get=Get(TEAM)),
    "cases:referral_acknowledged": Row(in_case("referral_id", "referral"), post=Post(TEAM)),
    "cases:referral_chased": Row(in_case("referral_id", "referral"), post=Post(TEAM)),
    "cases:referral_outcome": Row(in_case("referral_id", "referral"), post=Post(TEAM)),
    "cases:takedown": Row(case, get=Get(TEAM)),
    "cases:add_takedown": Row(case, post=Post(TEAM)),
    "cases:takedown_outcome": Row(in_case("help_id", "takedown"), get=Get(TEAM), post=Post(TEAM)),
    "cases:add_deletion": Row(case, post=Post(TEAM)),
    "cases:deletion_confirmed": Row(
        in_case("request_id", "deletion"), get=Get(TEAM), post=Post(TEAM)
    ),
    "cases:deletion_closed": Row(in_case("request_id", "deletion"), get=Get(TEAM), post=Post(TEAM)),
    "cases:devices": Row(case, get=Get(TEAM)),
    "cases:add_device": Row(case, post=Post(TEAM)),
    "cases:device_handover": Row(in_case("device_id", "device"), get=Get(TEAM), post=Post(TEAM)),
    "cases:support": Row(case, get=Get(TEAM)),
    "cases:add_action": Row(case, post=Post(TEAM)),
    "cases:support_action": Row(in_case("action_id", "action"), get=Get(TEAM), post=Post(TEAM)),
    "cases:book_follow_up": Row(case, post=Post(TEAM)),
    "cases:follow_up_held": Row(in_case("review_id", "follow_up"), get=Get(TEAM), post=Post(TEAM)),
    "cases:typology": Row(case, get=Get(TEAM), post=Post(TEAM)),
    "cases:close": Row(case, get=Get(TEAM), post=Post(TEAM)),
    "cases:close_unfinished": Row(case, post=Post(TEAM)),
    "cases:reopen": Row(lambda w: {"case_id": w.closed_case.pk}, get=Get(TEAM), post=Post(TEAM)),
    # A pupil's record: the team only.
    "chronology:pupil": Row(
        lambda w: {"pk": w.cast.pupil.pk}, get=Get(TEAM, shows={"school 1 pupils": TEAM})
    ),
    "audit:pupil_access": Row(lambda w: {"pupil_id": w.cast.pupil.pk}, get=Get(TEAM)),
    # Retention (haven.records): the team; deleting and the policy: the DSL and the headteacher.
    "records:queue": Row(school, get=Get(TEAM)),
    "records:policy": Row(school, post=Post(POLICY_SETTERS)),
    "records:pupil": Row(
        lambda w: {"pupil_id": w.cast.pupil.pk}, get=Get(TEAM, shows={"school 1 pupils": TEAM})
    ),
    "records:hold": Row(lambda w: {"pupil_id": w.cast.pupil.pk}, post=Post(TEAM)),
    "records:release": Row(lambda w: {"pupil_id": w.cast.pupil.pk}, post=Post(TEAM)),
    "records:delete": Row(lambda w: {"pupil_id": w.cast.pupil.pk}, post=Post(POLICY_SETTERS)),
    # Transfer to the next school: the team follows it; the DSL or the head starts one.
    "records:transfers": Row(school, get=Get(TEAM, shows={"school 1 pupils": TEAM})),
    "records:transfer_start": Row(
        lambda w: {"pupil_id": w.cast.pupil.pk}, get=Get(POLICY_SETTERS), post=Post(POLICY_SETTERS)
    ),
    "records:transfer": Row(transfer, get=Get(TEAM, shows={"school 1 pupils": TEAM})),
    "records:transfer_sent": Row(transfer, post=Post(POLICY_SETTERS)),
    "records:transfer_confirm": Row(transfer, post=Post(TEAM)),
    "records:transfer_chase": Row(transfer, post=Post(TEAM)),
    "records:transfer_call": Row(transfer, post=Post(TEAM)),
    "records:transfer_receipt_link": Row(transfer, post=Post(TEAM)),
    "records:transfer_download_link": Row(transfer, post=Post(POLICY_SETTERS)),
    # Subject access: the DSL and the headteacher (the request in the world is released).
    "records:sar_start": Row(
        lambda w: {"pupil_id": w.cast.pupil.pk}, get=Get(POLICY_SETTERS), post=Post(POLICY_SETTERS)
    ),
    "records:sar": Row(sar, get=Get(POLICY_SETTERS, shows={"school 1 pupils": POLICY_SETTERS})),
    "records:sar_redact": Row(sar, post=Post(POLICY_SETTERS)),
    "records:sar_release": Row(sar, post=Post(POLICY_SETTERS)),
    "records:sar_pdf": Row(sar, get=Get(POLICY_SETTERS)),
    # The receiving school's one-use links: the link (and a code) are the key, so anyone.
    "records:receipt": Row(lambda w: {"token": w.receipt_token}, get=PAGE, post=Post(EVERYONE)),
    "records:download": Row(lambda w: {"token": w.download_token}, get=PAGE, post=Post(EVERYONE)),
    # The language guard's advice: anyone signed in (it reads only the text sent).
    "language:check": Row(no_args, post=Post(SIGNED_IN)),
    # The school administrator's pages.
    "schools:index": Row(no_args, get=Get(OFFICE, lands_on=to("schools:overview", school))),
    "schools:pupil_search": Row(
        no_args,
        get=Get(RECORDERS, query=pupil_search, shows={"school 1 pupils": RECORDERS & TEAM_1}),
    ),
    "schools:overview": Row(school, get=Get(OFFICE)),
    "schools:settings": Row(school, get=Get(OFFICE), post=Post(OFFICE)),
    "schools:staff_list": Row(school, get=Get(OFFICE)),
    "schools:staff_invite": Row(school, get=Get(OFFICE), post=Post(OFFICE)),
    "schools:staff_member": Row(newcomer, get=Get(OFFICE)),
    "schools:staff_roles": Row(newcomer, post=Post(OFFICE)),
    "schools:staff_deactivate": Row(newcomer, get=Get(OFFICE), post=Post(OFFICE)),
    "schools:staff_invite_again": Row(newcomer, post=Post(OFFICE)),
    "schools:invitation": Row(invitation, get=Get(OFFICE)),
    "schools:invitation_again": Row(invitation, post=Post(OFFICE)),
    "schools:invitation_withdraw": Row(invitation, post=Post(OFFICE)),
    # The safeguarding team: the administrator, the DSL or the head asks; a DSL or head agrees.
    "schools:policy": Row(school, get=Get(POLICY_SETTERS)),
    # Out of hours: the first school's safeguarding team.
    "outofhours:index": Row(school, get=Get(TEAM)),
    "outofhours:add_closure": Row(school, post=Post(TEAM)),
    "outofhours:read_calendar": Row(school, post=Post(TEAM)),
    "outofhours:save_calendar": Row(school, post=Post(TEAM)),
    "outofhours:remove_closure": Row(
        lambda w: {**school(w), "closure_id": w.closure.pk}, post=Post(TEAM)
    ),
    "outofhours:add_shift": Row(school, post=Post(TEAM)),
    "outofhours:remove_shift": Row(
        lambda w: {**school(w), "shift_id": w.shift.pk}, post=Post(TEAM)
    ),
    "schools:policy_ask": Row(school, post=Post(POLICY_SETTERS)),
    "schools:policy_change_agree": Row(policy_change, post=Post(POLICY_SETTERS)),
    "schools:policy_change_refuse": Row(policy_change, post=Post(POLICY_SETTERS)),
    "schools:policy_change_withdraw": Row(policy_change, post=Post(POLICY_SETTERS)),
    "schools:team_changes": Row(school, get=Get(RESETTERS)),
    "schools:team_change_ask": Row(school, post=Post(RESETTERS)),
    "schools:team_change_agree": Row(team_change, post=Post(RESETTERS)),
    "schools:team_change_refuse": Row(team_change, post=Post(RESETTERS)),
    "schools:team_change_withdraw": Row(team_change, post=Post(RESETTERS)),
    # A lost authenticator: the administrator on one side, the DSL or head on the other.
    "schools:mfa_resets": Row(school, get=Get(RESETTERS)),
    "schools:mfa_reset_request": Row(school, post=Post(RESETTERS)),
    "schools:mfa_reset_agree": Row(mfa_reset, post=Post(RESETTERS)),
    "schools:mfa_reset_refuse": Row(mfa_reset, post=Post(RESETTERS)),
    "schools:mfa_reset_withdraw": Row(mfa_reset, post=Post(RESETTERS)),
    "schools:import_upload": Row(
        lambda w: {**school(w), "kind": "pupils"}, get=Get(OFFICE), post=Post(OFFICE)
    ),
    "schools:import_run": Row(import_run, get=Get(OFFICE)),
    "schools:import_save": Row(import_run, post=Post(OFFICE)),
    "schools:import_cancel": Row(import_run, post=Post(OFFICE)),
    # Reports: the school's team sees its dashboard; the trust lead the trust's schools'
    # de-identified figures, and each school's (never a child, a case or a narrative).
    "reports:dashboard": Row(school, get=Get(TEAM)),
    "reports:behind": Row(lambda w: {**school(w), "figure": "open"}, get=Get(TEAM)),
    "reports:governors_report": Row(school, get=Get(TEAM), post=Post(TEAM)),
    "reports:la_return": Row(school, get=Get(TEAM), post=Post(TEAM)),
    # A report file is for the one who asked for it (the DSL), and nobody else.
    "reports:file": Row(report_file, get=Get(frozenset({"dsl"}))),
    "reports:file_download": Row(report_file, get=Get(frozenset({"dsl"}))),
    "reports:trust": Row(trust, get=Get(frozenset({"trust_lead"}))),
    "reports:trust_school": Row(
        lambda w: {**trust(w), "school": w.cast.school.slug}, get=Get(frozenset({"trust_lead"}))
    ),
    # The curriculum: the PSHE lead and the safeguarding team (counts of incidents, no case).
    "curriculum:home": Row(school, get=Get(PLANNERS)),
    "curriculum:guidance": Row(school, get=Get(PLANNERS)),
    "curriculum:programme": Row(school, get=Get(PLANNERS), post=Post(PLANNERS)),
    "curriculum:add_lesson": Row(school, get=Get(PLANNERS), post=Post(PLANNERS)),
    "curriculum:plan": Row(school, get=Get(PLANNERS), post=Post(PLANNERS)),
    "curriculum:delivered": Row(
        lambda w: {**school(w), "plan_id": w.planned_lesson.pk}, post=Post(PLANNERS)
    ),
    "curriculum:responsive_session": Row(school, get=Get(PLANNERS), post=Post(PLANNERS)),
    # The plan from a spreadsheet: an empty POST re-shows the form, or (save) goes back to it.
    "curriculum:import_plan": Row(school, get=Get(PLANNERS), post=Post(PLANNERS)),
    "curriculum:import_plan_save": Row(
        school,
        post=Post(PLANNERS, lands_on=lambda w: f"/curriculum/{w.cast.school.slug}/plan/import/"),
    ),
}


# --- The world, built once for the module -------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world inside one transaction that is rolled back after the module's last test.

    Each test's own `db` transaction is a savepoint inside it (pytest-django's non-transactional
    tests skip TestCase's class-level setup so that tests can be wrapped like this)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker) -> dict[str, dict[str, str]]:
    """A signed-in session (both factors) per role, made once: each test gets fresh clients on
    the same session rows, which the test's rollback restores after a sign-out."""
    with django_db_blocker.unblock():
        return {
            role: {name: morsel.value for name, morsel in signed_in_client(user).cookies.items()}
            for role, user in {**world.cast.everyone(), "pshe_lead": world.pshe_lead}.items()
        }


def client_of(role: str, sessions: dict[str, dict[str, str]]) -> Client:
    client = Client()
    for name, value in sessions.get(role, {}).items():
        client.cookies[name] = value
    return client


# --- What each answer should be -----------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    kind: str  # "allowed", "not found", "sign in", "method not allowed"
    rule: Get | Post | None = None

    def describe(self, w: World) -> str:
        if self.kind == "allowed" and self.rule and self.rule.lands_on:
            return f"302 to {self.rule.lands_on(w)}"
        if self.kind == "allowed" and isinstance(self.rule, Get):
            return " or ".join(str(s) for s in sorted({200} | self.rule.also_ok))
        if self.kind == "allowed":
            return "not 403/404/405/5xx, not a redirect to sign-in"
        return {"not found": "404", "sign in": "302 to sign-in", "method not allowed": "405"}[
            self.kind
        ]


def expected(row: Row, method: str, role: str, access: str) -> Expected:
    rule = row.get if method == "get" else row.post
    if role == ANON and access != "public":
        return Expected("sign in")  # the decorators answer before the method is looked at
    if rule is None:
        return Expected("method not allowed")
    if role in rule.who:
        return Expected("allowed", rule)
    return Expected("sign in") if role == ANON else Expected("not found")


def sign_in_path() -> str:
    return reverse("accounts:sign_in")  # the second-factor pages are under it too


def location(response) -> str:
    return response.get("Location", "").split("?")[0]


def meets(response, want: Expected, w: World) -> bool:
    status = response.status_code
    if want.kind == "not found":
        return status == 404
    if want.kind == "method not allowed":
        return status == 405
    if want.kind == "sign in":
        return status == 302 and location(response).startswith(sign_in_path())
    assert want.rule is not None
    if want.rule.lands_on:
        return status == 302 and location(response) == want.rule.lands_on(w)
    if isinstance(want.rule, Get):
        return status in {200} | want.rule.also_ok
    if status in (403, 404, 405) or status >= 500:
        return False
    return not location(response).startswith(sign_in_path())


def body_of(response) -> str | None:
    if response.status_code != 200 or response.streaming:
        return None
    return response.content.decode(errors="replace")


def leaks(body: str, role: str, w: World) -> list[str]:
    """Records on the page that this role must never read."""
    return [
        f"shows {label} ({word!r})"
        for label, words in w.secrets().items()
        if label in HIDDEN.get(role, frozenset())
        for word in words
        if word in body
    ]


def missing(body: str, role: str, rule: Get | Post | None, w: World) -> list[str]:
    """Records the row says this role must see, not on the page."""
    shows = rule.shows if isinstance(rule, Get) else {}
    secrets = w.secrets()
    return [
        f"does not show {label} (one of {secrets[label]})"
        for label, roles in shows.items()
        if role in roles and not any(word in body for word in secrets[label])
    ]


def ask(client: Client, path: str, method: str, row: Row, w: World):
    if method == "get":
        query = row.get.query(w) if row.get and row.get.query else None
        return client.get(path, query)
    return client.post(path, {})


def access_of(path: str) -> str:
    return getattr(resolve(path).func, "haven_access", "")


def problems_with(name: str, method: str, w: World, sessions, table=None) -> list[str]:
    row = (table or TABLE)[name]
    path = reverse(name, kwargs=row.kwargs(w))
    access = access_of(path)
    wants = {role: expected(row, method, role, access) for role in (ANON, *ROLES)}
    # Denied first: nothing an allowed role changes can then hide a leak.
    order = sorted(wants, key=lambda role: wants[role].kind == "allowed")
    found = []
    for role in order:
        response = ask(client_of(role, sessions), path, method, row, w)
        where = f"{role:>13} {method.upper():<4} {name}"
        if not meets(response, wants[role], w):
            got = f"{response.status_code} {location(response)}".strip()
            found.append(f"{where}: got {got}, expected {wants[role].describe(w)}")
        if (body := body_of(response)) is not None:
            rule = wants[role].rule if wants[role].kind == "allowed" else None
            found += [f"{where}: {p}" for p in leaks(body, role, w) + missing(body, role, rule, w)]
    return found


def checks() -> list:
    return [
        pytest.param(
            name,
            method,
            id=f"{name}-{method.upper()}",
            marks=[pytest.mark.xfail(strict=True, reason=row.bugs[method])]
            if method in row.bugs
            else [],
        )
        for name, row in TABLE.items()
        for method in ("get", "post")
    ]


# --- The tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), checks())
def test_every_role_gets_the_answer_the_table_gives(world, sessions, db, name, method):
    found = problems_with(name, method, world, sessions)
    assert found == [], "\n" + "\n".join(found)


def named_views(patterns=None, namespace: str = "", prefix: str = "") -> Iterator[tuple]:
    """(URL name, view) for every URL, named "namespace:name" as reverse() takes it."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_views(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (namespace + entry.name if entry.name else prefix + str(entry.pattern)), entry


# --- A record of the first school under the second school's case -----------------------------
#
# The second school's DSL may open their own case (and their school's resets), so on these URLs
# only the check that the record belongs to that case (or school) stands between them and the
# first school's record. Everyone must get 404, for every method the URL serves.

NOBODY: frozenset[str] = frozenset()


def under_case2(argument: str, attribute: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"case_id": w.case2.pk, argument: getattr(w, attribute).pk}


def under_school2(w: World) -> dict[str, Any]:
    return {"school": w.cast.school2.slug, "reset_id": w.mfa_reset.pk}


def change_under_school2(w: World) -> dict[str, Any]:
    return {"school": w.cast.school2.slug, "change_id": w.team_change.pk}


def policy_under_school2(w: World) -> dict[str, Any]:
    return {"school": w.cast.school2.slug, "change_id": w.policy_change.pk}


CROSS_SCHOOL_ARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "cases:head_agreement": under_case2("decision_id", "decision"),
    "cases:record_viewing": under_case2("viewing_id", "viewing"),
    "cases:referral": under_case2("referral_id", "referral"),
    "cases:referral_acknowledged": under_case2("referral_id", "referral"),
    "cases:referral_chased": under_case2("referral_id", "referral"),
    "cases:referral_outcome": under_case2("referral_id", "referral"),
    "cases:takedown_outcome": under_case2("help_id", "takedown"),
    "cases:deletion_confirmed": under_case2("request_id", "deletion"),
    "cases:deletion_closed": under_case2("request_id", "deletion"),
    "cases:device_handover": under_case2("device_id", "device"),
    "cases:support_action": under_case2("action_id", "action"),
    "cases:follow_up_held": under_case2("review_id", "follow_up"),
    "concerns:attachment": lambda w: {"pk": w.concern2.pk, "attachment_id": w.attachment.pk},
    "schools:mfa_reset_agree": under_school2,
    "schools:mfa_reset_refuse": under_school2,
    "schools:mfa_reset_withdraw": under_school2,
    "outofhours:remove_closure": lambda w: {
        "school": w.cast.school2.slug,
        "closure_id": w.closure.pk,
    },
    "outofhours:remove_shift": lambda w: {"school": w.cast.school2.slug, "shift_id": w.shift.pk},
    "schools:policy_change_agree": policy_under_school2,
    "schools:policy_change_refuse": policy_under_school2,
    "schools:policy_change_withdraw": policy_under_school2,
    "schools:team_change_agree": change_under_school2,
    "schools:team_change_refuse": change_under_school2,
    "schools:team_change_withdraw": change_under_school2,
    "reports:file": lambda w: {"school": w.cast.school2.slug, "file_id": w.report_file.pk},
    "reports:file_download": lambda w: {
        "school": w.cast.school2.slug,
        "file_id": w.report_file.pk,
    },
    "curriculum:delivered": lambda w: {
        "school": w.cast.school2.slug,
        "plan_id": w.planned_lesson.pk,
    },
    "schools:invitation": lambda w: {
        "school": w.cast.school2.slug,
        "invitation_id": w.invitation.pk,
    },
}
CROSS_SCHOOL = {
    name: Row(
        args,
        get=Get(NOBODY) if TABLE[name].get else None,
        post=Post(NOBODY) if TABLE[name].post else None,
    )
    for name, args in CROSS_SCHOOL_ARGS.items()
}


def test_the_second_schools_dsl_reaches_their_own_case_and_resets(world, sessions, db):
    client = client_of("dsl2", sessions)
    assert client.get(reverse("cases:detail", args=[world.case2.pk])).status_code == 200
    assert client.get(reverse("concerns:detail", args=[world.concern2.pk])).status_code == 200
    resets = reverse("schools:mfa_resets", args=[world.cast.school2.slug])
    assert client.get(resets).status_code == 200


@pytest.mark.parametrize(
    ("name", "method"),
    [
        pytest.param(name, method, id=f"{name}-{method.upper()}")
        for name, row in CROSS_SCHOOL.items()
        for method in ("get", "post")
        if getattr(row, method) is not None
    ],
)
def test_a_first_school_record_under_a_second_school_address_is_not_found(
    world, sessions, db, name, method
):
    found = problems_with(name, method, world, sessions, table=CROSS_SCHOOL)
    assert found == [], "\n" + "\n".join(found)


def test_every_staff_url_has_a_row_in_the_access_table():
    missing = sorted(
        name
        for name, pattern in named_views()
        if getattr(pattern.callback, "haven_access", None) == "staff" and name not in TABLE
    )
    assert missing == [], f"staff URLs with no row in TABLE (say who may use them): {missing}"


def test_every_row_of_the_access_table_names_a_url_that_exists():
    names = {name for name, _ in named_views()}
    assert sorted(set(TABLE) - names) == []


def test_every_row_says_who_may_use_it_and_names_only_the_cast():
    for name, row in TABLE.items():
        rules = [rule for rule in (row.get, row.post) if rule is not None]
        assert rules, f"{name}: neither GET nor POST is allowed to anyone"
        for rule in rules:
            assert rule.who, name
            assert rule.who <= EVERYONE, (name, rule.who - EVERYONE)
        assert set(row.bugs) <= {"get", "post"}, name
