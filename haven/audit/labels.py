"""Plain-English words for audit action codes, as a DSL reads them on "who has seen this record".

Codes are stable strings written by `audit.record(...)` across Haven. Add a label here when you add
a code; a code with no label still reads sensibly ("cases.pupil_added" -> "Pupil added").
"""

ACTION_LABELS: dict[str, str] = {
    # Accounts
    "accounts.signed_in": "Signed in with a password",
    "accounts.second_factor_passed": "Passed the second sign-in step",
    "accounts.second_factor_confirmed": "Gave the second sign-in step again before an export",
    "accounts.second_factor_failed": "Entered a wrong sign-in code",
    "accounts.sign_in_failures_unusual": "Many wrong passwords were tried for this account",
    "accounts.mfa_enrolled": "Set up an authenticator app",
    "accounts.passkey_added": "Added a passkey",
    "accounts.passkey_removed": "Removed a passkey",
    "accounts.mfa_reset_requested": "Asked for an authenticator reset",
    "accounts.mfa_reset_approved": "Approved an authenticator reset",
    "accounts.mfa_reset_cancelled": "Cancelled an authenticator reset",
    "accounts.mfa_reset_refused": "Refused an authenticator reset",
    "accounts.mfa_reset_withdrawn": "Withdrew an authenticator reset",
    "accounts.mfa_reset_expired": "An authenticator reset expired: nobody agreed in time",
    "accounts.invitation_created": "Invited a member of staff",
    "accounts.invitation_accepted": "Accepted an invitation",
    "accounts.signed_out": "Signed out",
    "accounts.signed_out_everywhere": "Signed out on every device",
    "accounts.invitation_declined": "Declined an invitation",
    "accounts.invitation_withdrawn": "Withdrew an invitation",
    "accounts.account_restarted": "Came back after leaving; their old sign-in was cleared",
    "accounts.mfa_reset_by_operator": "The Haven operator reset an authenticator app",
    # Out of hours
    "outofhours.closure_added": "Added a day the school is closed",
    "outofhours.closures_imported": "Imported closed days from the school's calendar",
    "outofhours.closure_removed": "Removed a day the school is closed",
    "outofhours.shift_added": "Added an on-call shift",
    "outofhours.shift_removed": "Removed an on-call shift",
    # Records: retention, legal hold and deletion
    "records.review_queue_viewed": "Looked at the records due for review",
    "records.record_viewed": "Looked at the pupil's retention and legal hold",
    "records.retention_policy_set": "Changed how long the school keeps safeguarding records",
    "records.legal_hold_placed": "Put the pupil's record under legal hold",
    "records.legal_hold_released": "Released the legal hold on the pupil's record",
    "records.record_deleted": "Deleted the pupil's record at the end of its retention period",
    "records.cp_file_exported": "Made the child protection file for the pupil's next school",
    "records.cp_file_imported": "Imported the child protection file from the pupil's last school",
    # Schools
    "schools.trust_created": "Set up the trust",
    "schools.school_created": "Set up the school",
    "schools.settings_changed": "Changed the school's settings",
    "schools.role_granted": "Gave a member of staff a role",
    "schools.role_removed": "Took a role away from a member of staff",
    "schools.staff_deactivated": "Closed a member of staff's account",
    "schools.pupil_added": "Added the pupil to Haven",
    "schools.pupils_imported": "Imported pupils",
    "schools.staff_imported": "Imported staff",
    "schools.team_change_requested": "Asked for a change to the safeguarding team",
    "schools.team_change_agreed": "Agreed to a change to the safeguarding team",
    "schools.team_change_cancelled": "Cancelled a change to the safeguarding team",
    "schools.team_change_refused": "Refused a change to the safeguarding team",
    "schools.team_change_withdrawn": "Withdrew a change to the safeguarding team",
    "schools.team_change_expired": "A change to the safeguarding team expired: nobody agreed",
    # Concerns
    "concerns.concern_recorded": "Recorded a concern",
    "concerns.concern_viewed": "Opened a concern",
    "concerns.inbox_viewed": "Looked at the safeguarding inbox",
    "concerns.inbox_refreshed": "Saw the open inbox update with new or changed concerns",
    "concerns.concern_acknowledged": "Acknowledged a concern",
    "concerns.concern_triaged": "Triaged a concern",
    "concerns.information_added": "Added information to a concern",
    "concerns.pupil_linked": "Linked the pupil to a concern",
    "concerns.attachment_downloaded": "Downloaded a document from a concern",
    "concerns.public_report_received": "Received a report from a parent, carer or pupil",
    "concerns.public_report_viewed": "Opened a report from a parent, carer or pupil",
    "concerns.public_reply_sent": "Replied to a report from a parent, carer or pupil",
    # Cases
    "cases.case_opened": "Opened a case",
    "cases.case_viewed": "Opened the case",
    "cases.case_list_viewed": "Looked at a list of cases",
    "cases.pupil_added": "Added the pupil to a case",
    "cases.decision_recorded": "Recorded a decision",
    "cases.head_agreed": "Agreed as headteacher",
    "cases.head_declined": "Declined as headteacher",
    "cases.referral_recorded": "Recorded a referral",
    "cases.referral_outcome_recorded": "Recorded a referral's outcome",
    "cases.imagery_viewed": "Recorded a viewing of the imagery",
    "cases.unavoidable_viewing_recorded": "Recorded that staff outside the team saw the imagery",
    "cases.case_closed": "Closed the case",
    "cases.case_reopened": "Reopened the case",
    # Chronology
    "chronology.entry_added": "Added to the pupil's chronology",
    "chronology.viewed": "Looked at the pupil's chronology",
    # School administration and MIS imports
    "schools.import_checked": "Uploaded a list from the MIS",
    "schools.import_started": "Confirmed an MIS import",
    "schools.import_cancelled": "Cancelled an MIS import",
    "schools.import_failed": "An MIS import failed; nothing was saved",
    # Public pages
    "public.page_edited": "Changed the text of a public page",
    # Reports
    "reports.governors_report_exported": "Made the governors' report (figures without names)",
    "reports.la_return_exported": "Made the local authority's return (figures without names)",
    "reports.report_requested": "Asked for a report to be made (figures without names)",
    "reports.report_downloaded": "Downloaded a report (figures without names)",
    # Curriculum
    "curriculum.programme_saved": "Named the online-safety programme",
    "curriculum.unit_added": "Added a unit to the online-safety programme",
    "curriculum.lesson_added": "Added an online-safety lesson",
    "curriculum.lesson_planned": "Planned an online-safety lesson for a year group",
    "curriculum.lesson_delivered": "Recorded an online-safety lesson as delivered",
    "curriculum.responsive_session_recorded": "Recorded a responsive session with a class or group",
    "curriculum.plan_imported": "Imported an online-safety plan from a CSV file",
    "curriculum.lesson_topics_changed": "Changed the topics of an online-safety lesson",
    "curriculum.planned_week_changed": "Changed the week an online-safety lesson is planned for",
    "public.support_service_saved": "Changed a support service",
    "public.support_service_hidden": "Hid a support service",
    "public.support_service_shown": "Showed a support service again",
    "public.support_service_removed": "Removed a support service",
    "public.contacts_changed": "Changed the public contacts",
    "public.policy_uploaded": "Published the safeguarding policy",
    "public.policy_removed": "Took the safeguarding policy off the public pages",
    # Audit
    "audit.pupil_access_viewed": "Looked at who has seen or changed the pupil's records",
    "audit.backup_taken": "A backup of Haven's records was taken",
    "audit.restored_from_backup": "Haven's records were restored from a backup",
    "cases.review_recorded": "Recorded the initial review",
    "cases.reassessed": "Rules re-run after new facts",
    "cases.criterion_met": "An immediate-referral criterion was met",
    "cases.parents_told": "Recorded that parents or carers were told",
    "cases.parents_told_group": "Recorded that several pupils' parents or carers were told",
    "cases.parents_not_yet_told": "Recorded why a pupil's parents or carers were not told yet",
    "cases.referral_acknowledged": "Recorded a referral's acknowledgement",
    "cases.takedown_help_offered": "Recorded take-down help",
    "cases.takedown_outcome_recorded": "Recorded a take-down outcome",
    "cases.deletion_requested": "Asked for the imagery to be deleted",
    "cases.deletion_confirmed": "Recorded deletion confirmed",
    "cases.device_confiscated": "Logged a confiscated device",
    "cases.device_handed_over": "Recorded a device handover",
    "cases.action_added": "Added a support action",
    "cases.action_done": "Marked a support action done",
    "cases.action_cancelled": "Cancelled a support action",
    "cases.follow_up_booked": "Booked a follow-up review",
    "cases.follow_up_held": "Recorded a follow-up review",
    "cases.typology_recorded": "Recorded the type of incident",
}


def humanise(code: str) -> str:
    """A readable fallback: the part after the app name, with spaces, first letter capital."""
    words = code.rpartition(".")[2].replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else code


def label_for(code: str) -> str:
    return ACTION_LABELS.get(code) or humanise(code)
