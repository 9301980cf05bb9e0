"""One of each kind of thing Haven holds, for the access table (tests/test_access_table.py).

Everything is made through the real services, as the school would make it: a concern recorded by
the teacher about both pupils (with a document attached), a case opened from it by the DSL, and in
that case a decision waiting for the head, a request to view imagery, a referral, take-down help,
a request to delete, a confiscated device, a support action and a follow-up review; a second case,
closed; a parent's report; an alert for the DSL; an MIS import waiting to be checked; an invited
member of staff and their invitation link; a sign-in reset waiting for agreement; a support service
and a safeguarding policy on the public pages. At the second school: a concern and a case of its
own, so that its DSL has a case to put the first school's record ids under.

The words "quokka" and "wombat" are in the two concerns' narratives only, so a page that shows
them to someone who must not read them is a leak the table can see.
"""

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential

from conftest import Cast, build_cast, make_user
from haven.accounts.emails import issue_invitation_token
from haven.accounts.models import Invitation, MfaReset, User
from haven.accounts.resets import request_mfa_reset
from haven.accounts.services import invite_staff_member
from haven.alerts.models import Alert
from haven.alerts.services import notify
from haven.cases import notifications
from haven.cases.models import (
    Agency,
    Case,
    CaseOutcome,
    ConfiscatedDevice,
    Decision,
    DecisionType,
    DeletionRequest,
    FollowUpReview,
    ImageryViewing,
    PupilRole,
    Referral,
    ReferralMethod,
    SupportAction,
    TakedownHelp,
    TakedownRoute,
    ViewingReason,
)
from haven.cases.services import (
    PupilInCase,
    ReviewInput,
    add_action,
    ask_to_delete,
    close_case,
    open_case,
    record_confiscation,
    record_decision,
    record_initial_review,
    record_referral,
    record_takedown_help,
    request_imagery_viewing,
    schedule_follow_up,
)
from haven.cases.tests.conftest import settle
from haven.concerns.attachments import AcceptedDocument
from haven.concerns.models import Concern, ConcernAttachment
from haven.concerns.services import (
    ConcernDetails,
    PupilInConcern,
    open_case_from_concern,
    record_concern,
    record_public_report,
)
from haven.curriculum import services as curriculum
from haven.curriculum.models import PlannedLesson
from haven.curriculum.rules import Term
from haven.outofhours import services as outofhours_services
from haven.outofhours.calendar_file import Entry
from haven.outofhours.models import OnCallShift, SchoolClosure
from haven.public import services as public_services
from haven.public.models import SupportService
from haven.public.tests.pdfs import words_only
from haven.records import subject_access, transfers
from haven.records.models import SubjectAccessRequest, Transfer
from haven.reports import services as reports
from haven.reports.models import ReportFile, ReportKind
from haven.schools.imports import check_file
from haven.schools.models import ImportKind, ImportRun, PolicyChange, Role, TeamChange
from haven.schools.policy import ask_for_policy, policy_of
from haven.schools.services import add_staff_member
from haven.schools.team import change_staff_roles

STAFF_NARRATIVE = "Lex said a photo was shared on the bus home. Marker: quokka."
PUBLIC_NARRATIVE = "My child was sent a picture by someone in her class. Marker: wombat."

# An initial review with every fact answered "no": the case may then be closed.
ALL_CLEAR = {
    "content": {
        "sexual_acts": False,
        "violence": False,
        "unusual_for_developmental_stage": False,
        "ai_generated": False,
    },
    "circumstances": {
        "threats_or_blackmail": False,
        "money_or_more_images_demanded": False,
        "grooming_suspected": False,
        "pressure_or_coercion": False,
        "capacity_to_consent_concern": False,
        "shared_without_consent": False,
        "online_contact_unverified": False,
    },
    "risk": {"suicidal_or_self_harming": False, "immediate_danger": False},
}

PUPILS_CSV = (
    b"UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg Group,Gender,SEN Status,"
    b"In Care,Social Worker\n"
    b"T000000000001,Newroll,Nell,,01/02/2012,9,9A,F,N,N,N\n"
)


@dataclass
class World:
    cast: Cast
    concern: Concern  # recorded by cast.teacher about cast.pupil and cast.pupil2, now in `case`
    attachment: ConcernAttachment
    public_report: Concern  # a parent's anonymous report, not yet triaged
    case: Case  # open
    closed_case: Case
    decision: Decision  # waiting for the head's agreement
    viewing: ImageryViewing  # asked for, not yet held
    referral: Referral
    takedown: TakedownHelp
    deletion: DeletionRequest  # not yet confirmed
    device: ConfiscatedDevice  # still held
    action: SupportAction  # open
    follow_up: FollowUpReview  # not yet held
    alert: Alert  # for cast.dsl, about `case`
    newcomer: User  # a member of staff who has not set a password yet
    invitation: Invitation  # the office's invitation to a new address, not yet accepted
    invitation_token: str  # its link
    team_change: TeamChange  # the office asks to make cast.other_teacher a deputy DSL
    policy_change: PolicyChange  # the DSL asks to refer every case, waiting for the head
    mfa_reset: MfaReset  # asked for by the office, waiting for the DSL or head
    import_run: ImportRun  # waiting for the office to check it
    service: SupportService  # the school's own entry in its support directory
    case2: Case  # at the second school, opened by its DSL from its teacher's concern
    concern2: Concern
    passkey: WebAuthnCredential  # the DSL's
    closure: SchoolClosure  # an INSET day at the first school
    shift: OnCallShift  # the deputy on call at the first school
    pshe_lead: User  # plans the lessons: sees counts of incidents, never a case or a pupil
    planned_lesson: PlannedLesson  # in the first school's plan, not yet delivered
    report_file: ReportFile  # the DSL's governors' report, made by the worker's job
    transfer: Transfer  # cast.pupil's file on its way to another school, sent by a download link
    download_token: str  # the transfer's one-use download link (its code is never used here)
    receipt_token: str  # the transfer's one-use link to confirm receipt
    subject_access: SubjectAccessRequest  # cast.pupil's parent asked; released by the DSL

    def secrets(self) -> dict[str, list[str]]:
        """What each kind of record looks like on a page, to find it where it must not be."""
        pupils = [self.cast.pupil.legal_last_name, self.cast.pupil2.legal_last_name]
        return {
            "school 1 pupils": pupils,
            "case": [self.case.reference, self.closed_case.reference],
            "staff concern": [self.concern.reference, "quokka"],
            "public report": [self.public_report.reference, "wombat"],
        }


def version(case: Case) -> int:
    case.refresh_from_db()
    return case.version


def build_world() -> World:
    cast = build_cast()
    concern, attachment = _staff_concern(cast)
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared on a bus")
    concern2 = _school2_concern(cast)
    case2 = open_case_from_concern(actor=cast.dsl2, concern=concern2, title="At the second school")
    items = _case_records(cast, case)
    # An invitation gives no role until it is accepted, so the member of staff who has not set a
    # password yet is made directly, and the invitation (to another address) is separate.
    newcomer = add_staff_member(
        actor=None,
        school=cast.school,
        email="newcomer@elm.test",
        full_name="Nia Newcomer",
        roles=[Role.STAFF],
    )
    _, invitation = invite_staff_member(
        actor=cast.office,
        school=cast.school,
        email="invited@elm.test",
        full_name="Ivy Invited",
        roles=[Role.STAFF],
    )
    issued = issue_invitation_token(str(invitation.pk))
    assert issued is not None
    _publish_policy(cast)
    return World(
        cast=cast,
        concern=concern,
        attachment=attachment,
        public_report=_public_report(cast),
        case=case,
        closed_case=_closed_case(cast),
        alert=_alert_for_dsl(cast, case),
        newcomer=newcomer,
        invitation=invitation,
        invitation_token=issued[1],
        team_change=_team_change(cast),
        policy_change=_policy_change(cast),
        mfa_reset=request_mfa_reset(actor=cast.office, school=cast.school, staff_member=newcomer),
        import_run=check_file(
            actor=cast.office, school=cast.school, kind=ImportKind.PUPILS, data=PUPILS_CSV
        ),
        service=_support_service(cast),
        case2=case2,
        concern2=concern2,
        passkey=WebAuthnCredential.objects.create(
            user=cast.dsl, name="Passkey", credential_id=b"dsl-key", public_key=b"-"
        ),
        closure=outofhours_services.add_closure(
            actor=cast.dsl,
            school=cast.school,
            entry=Entry("INSET day", "inset", date(2026, 11, 24), date(2026, 11, 24)),
        ),
        shift=outofhours_services.add_shift(
            actor=cast.dsl,
            school=cast.school,
            person=cast.deputy,
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(days=2),
        ),
        pshe_lead=make_user(cast.school, "pshe@elm.test", "Priya Pshe", Role.PSHE_LEAD),
        planned_lesson=_planned_lesson(cast),
        report_file=_report_file(cast),
        **_transfer(cast),
        **items,
    )


def _transfer(cast: Cast) -> dict[str, object]:
    moving = transfers.start_transfer(
        actor=cast.dsl,
        pupil=cast.pupil,
        to_school="Oak School",
        leaves_on=date(2026, 12, 18),
        in_year=True,
    )
    download_token, _ = transfers.make_download_link(actor=cast.dsl, transfer_=moving)
    receipt_token = transfers.make_receipt_link(actor=cast.dsl, transfer_=moving)
    asked = subject_access.start_request(
        actor=cast.dsl,
        pupil=cast.pupil,
        requester_kind="parent",
        requester="Pat Parent",
        received_on=date(2026, 11, 30),
    )
    return {
        "transfer": moving,
        "download_token": download_token,
        "receipt_token": receipt_token,
        "subject_access": subject_access.release(actor=cast.dsl, sar=asked),
    }


def _staff_concern(cast: Cast) -> tuple[Concern, ConcernAttachment]:
    recorded = record_concern(
        actor=cast.teacher,
        school=cast.school,
        submission_id=uuid.uuid4(),
        details=ConcernDetails(narrative=STAFF_NARRATIVE, urgent=False),
        pupils=[
            PupilInConcern(cast.pupil, PupilRole.PICTURED),
            PupilInConcern(cast.pupil2, PupilRole.RECIPIENT),
        ],
        attachments=[AcceptedDocument.read("statement.txt", b"What Lex said.")],
    )
    concern = recorded.concern
    return concern, concern.attachments.get()


def _report_file(cast: Cast) -> ReportFile:
    wanted = reports.request_report(
        actor=cast.dsl,
        school=cast.school,
        kind=ReportKind.GOVERNORS,
        fmt="pdf",
        params={"first": "2026-09-01", "last": "2026-12-31"},
    )
    reports.build_report_file(str(wanted.pk))
    wanted.refresh_from_db()
    return wanted


def _planned_lesson(cast: Cast) -> PlannedLesson:
    programme = curriculum.save_programme(actor=cast.dsl, school=cast.school, name="World & You")
    unit = curriculum.add_unit(actor=cast.dsl, programme=programme, title="Online life")
    lesson = curriculum.add_lesson(
        actor=cast.dsl, unit=unit, title="Nudes and the law", topics=["sharing_nudes"]
    )
    assert cast.pupil.year_group is not None
    return curriculum.plan_lesson(
        actor=cast.dsl,
        school=cast.school,
        lesson=lesson,
        year_group=cast.pupil.year_group,
        school_year=2026,
        term=Term.AUTUMN,
    )


def _team_change(cast: Cast) -> TeamChange:
    change = change_staff_roles(
        actor=cast.office,
        school=cast.school,
        user=cast.other_teacher,
        roles=[Role.STAFF, Role.DEPUTY_DSL],
    )
    assert change is not None
    return change


def _policy_change(cast: Cast) -> PolicyChange:
    wanted = dataclasses.replace(policy_of(cast.school), refer_every_case=True)
    return ask_for_policy(actor=cast.dsl, school=cast.school, policy=wanted)


def _school2_concern(cast: Cast) -> Concern:
    recorded = record_concern(
        actor=cast.teacher2,
        school=cast.school2,
        submission_id=uuid.uuid4(),
        details=ConcernDetails(narrative="Kit was sent a photo.", urgent=False),
        pupils=[PupilInConcern(cast.pupil_at_school2, PupilRole.RECIPIENT)],
    )
    return recorded.concern


def _public_report(cast: Cast) -> Concern:
    receipt = record_public_report(
        school=cast.school,
        source="parent",
        narrative=PUBLIC_NARRATIVE,
        child_description="Year 9",
        anonymous=True,
    )
    return receipt.concern


def _case_records(cast: Cast, case: Case) -> dict[str, object]:
    dsl, now, today = cast.dsl, timezone.now(), timezone.localdate()
    decision = record_decision(
        actor=dsl,
        case=case,
        expected_version=version(case),
        type=DecisionType.OTHER,
        decided="Speak to both families together",
        rationale="They asked for it",
        ask_head=True,
    )
    viewing = request_imagery_viewing(
        actor=dsl,
        case=case,
        expected_version=version(case),
        reason=ViewingReason.DECIDE_AGENCIES,
        rationale="Only way to judge",
    )
    referral = record_referral(
        actor=dsl,
        case=case,
        expected_version=version(case),
        agency=Agency.CSC,
        made_at=now - timedelta(hours=1),
        method=ReferralMethod.PHONE,
        shared="The facts as known",
    )
    takedown = record_takedown_help(
        actor=dsl,
        case=case,
        expected_version=version(case),
        pupil=cast.pupil,
        route=TakedownRoute.REPORT_REMOVE,
        helped_to="Make a Report Remove report with Childline",
    )
    (deletion,) = ask_to_delete(
        actor=dsl,
        case=case,
        expected_version=version(case),
        pupils=[cast.pupil2],
        deadline=today + timedelta(days=2),
    )
    device = record_confiscation(
        actor=dsl,
        case=case,
        expected_version=version(case),
        pupil=cast.pupil2,
        description="Phone in a blue case",
        confiscated_at=now - timedelta(hours=1),
        switched_off=True,
        stored_where="Head's safe",
        confiscated_by=cast.teacher,
    )
    action = add_action(
        actor=dsl,
        case=case,
        expected_version=version(case),
        description="Weekly check-in",
        owner=cast.deputy,
        due_on=today + timedelta(days=7),
    )
    follow_up = schedule_follow_up(
        actor=dsl, case=case, expected_version=version(case), due_on=today + timedelta(days=14)
    )
    version(case)
    return {
        "decision": decision,
        "viewing": viewing,
        "referral": referral,
        "takedown": takedown,
        "deletion": deletion,
        "device": device,
        "action": action,
        "follow_up": follow_up,
    }


def _closed_case(cast: Cast) -> Case:
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="An earlier worry, now closed",
        pupils=[PupilInCase(cast.pupil2, PupilRole.SENDER)],
    )
    record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=version(case),
        review=ReviewInput(sections=ALL_CLEAR),
    )
    settle(case, cast.dsl)  # parents told, typology recorded: what closing needs
    close_case(
        actor=cast.dsl,
        case=case,
        expected_version=version(case),
        outcome=CaseOutcome.MANAGED_IN_SCHOOL,
        rationale="Support worked",
    )
    version(case)
    return case


def _alert_for_dsl(cast: Cast, case: Case) -> Alert:
    notify(recipients=[cast.dsl], school=cast.school, reason=notifications.HEAD_ANSWERED, case=case)
    return Alert.objects.filter(recipient=cast.dsl, case=case).latest("pk")


def _support_service(cast: Cast) -> SupportService:
    return public_services.save_support_service(
        actor=cast.office,
        school=cast.school,
        service=None,
        values={
            "name": "Elm Town Youth Hub",
            "audience": "young_people",
            "who_for": "Young people in Elm Town",
            "offers": "Someone to talk to after school",
            "last_checked": timezone.localdate(),
            "order": 200,
        },
    )


def _publish_policy(cast: Cast) -> None:
    public_services.upload_policy(
        actor=cast.office, school=cast.school, file_name="policy.pdf", data=words_only()
    )
