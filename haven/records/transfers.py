"""Every change to a transfer of a child protection file to the pupil's next school.

The DSL or the headteacher starts a transfer for a leaving pupil; Haven works out the deadline in
school days (haven.records.rules.transfer_due_on), keeps what was sent and when (the PDF exactly as
sent, encrypted), asks the receiving school to confirm receipt (recorded by the DSL, or through a
one-use link), counts the chasing, and records the call to the new DSL when a case is still open.

A school without Haven gets a download link that expires, needs a code sent separately and works
once. Only the SHA-256 of the link's token is kept, and a slow salted hash of the code, so a copy
of the database opens no file.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.context import AuditContext
from haven.audit.services import record
from haven.lib.errors import Refused
from haven.records import rules, selectors, transfer
from haven.records.models import (
    LinkPurpose,
    SentFile,
    SentHow,
    Transfer,
    TransferLink,
    TransferStatus,
)
from haven.schools.models import Pupil

MAX_NOTE = 2000
DOWNLOAD_LINK_LIFE = timedelta(days=7)
RECEIPT_LINK_LIFE = timedelta(days=30)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone
CODE_LENGTH = 10


class TransferRefused(Refused):
    """A transfer step the rules do not allow; the message says why."""


def _audit(
    code: str, actor: User | None, t: Transfer, context: AuditContext | None, **data: object
) -> None:
    record(
        code,
        actor=actor,
        school=t.school_id,
        pupil=t.pupil_id,
        obj=t,
        context=context,
        data=data or None,
    )


@transaction.atomic
def start_transfer(
    *,
    actor: User,
    pupil: Pupil,
    to_school: str,
    leaves_on: date,
    in_year: bool,
    starts_on: date | None = None,
    context: AuditContext | None = None,
) -> Transfer:
    to_school = to_school.strip()
    if not to_school:
        raise TransferRefused("Name the school the pupil is moving to.")
    if starts_on is not None and starts_on < leaves_on:
        raise TransferRefused("The first day at the new school cannot be before the last day here.")
    due_on = rules.transfer_due_on(
        leaves_on,
        in_year=in_year,
        starts_on=starts_on,
        closed=selectors.closed_days(pupil.school_id, leaves_on),
    )
    t = Transfer.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        to_school=to_school[:200],
        in_year=in_year,
        leaves_on=leaves_on,
        starts_on=starts_on,
        due_on=due_on,
        started_by=actor,
        started_at=timezone.now(),
        open_case_at_start=selectors.has_open_case(pupil),
    )
    _audit(
        "records.transfer_started",
        actor,
        t,
        context,
        due_on=due_on.isoformat(),
        in_year=in_year,
        open_case=t.open_case_at_start,
    )
    return t


def _keep_sent(t: Transfer, *, actor: User | None, how: str, pdf: bytes) -> None:
    if t.status == TransferStatus.CONFIRMED:
        raise TransferRefused("Receipt is confirmed already: start a new transfer to send again.")
    t.sent_how, t.sent_by, t.sent_at = how, actor, timezone.now()
    t.pdf = base64.b64encode(pdf).decode()
    t.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    t.status = TransferStatus.SENT
    t.save()


def _make_pdf(t: Transfer) -> bytes:
    file = transfer.build(
        t.pupil, to_school=t.to_school, package_id=str(t.pk), installation=transfer.installation()
    )
    return transfer.render(file)


@transaction.atomic
def record_sent(
    *, actor: User, transfer_: Transfer, context: AuditContext | None = None
) -> Transfer:
    """The DSL sent the file by another secure route: Haven keeps the PDF as it was then."""
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    _keep_sent(t, actor=actor, how=SentHow.OTHER, pdf=_make_pdf(t))
    _audit("records.transfer_sent", actor, t, context, how=t.sent_how)
    return t


def mark_package_sent(*, sent: SentFile, sealed: bool, pdf: bytes) -> Transfer | None:
    """A package made by export_cp_file answers the pupil's open transfer to that school."""
    t = (
        Transfer.objects.select_for_update()
        .filter(pupil_id=sent.pupil_id, to_school__iexact=sent.to_school)
        .exclude(status=TransferStatus.CONFIRMED)
        .first()
    )
    if t is None:
        return None
    _keep_sent(t, actor=sent.sent_by, how=SentHow.SEALED if sealed else SentHow.PACKAGE, pdf=pdf)
    t.sent_file = sent
    t.save(update_fields=["sent_file"])
    _audit("records.transfer_sent", sent.sent_by, t, None, how=t.sent_how)
    return t


def _confirm(t: Transfer, *, actor: User | None, name: str, by_link: bool) -> None:
    if t.status != TransferStatus.SENT:
        raise TransferRefused(
            "Receipt is confirmed already."
            if t.status == TransferStatus.CONFIRMED
            else "Record how the file was sent before its receipt is confirmed."
        )
    t.status = TransferStatus.CONFIRMED
    t.confirmed_at, t.confirmed_by = timezone.now(), actor
    t.confirmed_name = name.strip()[:200]
    t.confirmed_by_link = by_link
    t.save()


@transaction.atomic
def confirm_receipt(
    *, actor: User, transfer_: Transfer, confirmed_by: str, context: AuditContext | None = None
) -> Transfer:
    """The DSL records that the new school confirmed receipt (by phone, e-mail or letter)."""
    if not confirmed_by.strip():
        raise TransferRefused("Say who at the new school confirmed receipt.")
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    _confirm(t, actor=actor, name=confirmed_by, by_link=False)
    _audit("records.transfer_confirmed", actor, t, context, by_link=False)
    return t


@transaction.atomic
def record_chase(
    *, actor: User, transfer_: Transfer, context: AuditContext | None = None
) -> Transfer:
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    if t.status == TransferStatus.CONFIRMED:
        raise TransferRefused("Receipt is confirmed: there is nothing to chase.")
    t.chases += 1
    t.last_chased_at = timezone.now()
    t.save(update_fields=["chases", "last_chased_at"])
    _audit("records.transfer_chased", actor, t, context, chases=t.chases)
    return t


@transaction.atomic
def record_call(
    *, actor: User, transfer_: Transfer, note: str, context: AuditContext | None = None
) -> Transfer:
    """The DSL phoned the new DSL about the case still open: whom they spoke to, what was said."""
    note = note.strip()
    if not note:
        raise TransferRefused("Say whom you spoke to at the new school and what you told them.")
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    t.called_at, t.called_by, t.call_note = timezone.now(), actor, note[:MAX_NOTE]
    t.save(update_fields=["called_at", "called_by", "call_note"])
    _audit("records.transfer_call_recorded", actor, t, context)
    return t


# One-use links


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(code: str, token_sha256: str) -> str:
    clean = "".join(code.split()).upper().replace("-", "")
    return hashlib.pbkdf2_hmac("sha256", clean.encode(), token_sha256.encode(), 200_000).hex()


def _new_link(t: Transfer, *, actor: User, purpose: str, life: timedelta, code: str) -> str:
    token = secrets.token_urlsafe(32)
    digest = token_hash(token)
    TransferLink.objects.create(
        transfer=t,
        purpose=purpose,
        token_sha256=digest,
        code_sha256=code_hash(code, digest) if code else "",
        made_by=actor,
        made_at=timezone.now(),
        expires_at=timezone.now() + life,
    )
    return token


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def make_receipt_link(
    *, actor: User, transfer_: Transfer, context: AuditContext | None = None
) -> str:
    """A one-use link for the receiving school to confirm receipt; the token is shown once."""
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    if t.status != TransferStatus.SENT:
        raise TransferRefused("Record how the file was sent before asking for confirmation.")
    token = _new_link(t, actor=actor, purpose=LinkPurpose.RECEIPT, life=RECEIPT_LINK_LIFE, code="")
    _audit("records.transfer_receipt_link_made", actor, t, context)
    return token


@transaction.atomic
def make_download_link(
    *, actor: User, transfer_: Transfer, context: AuditContext | None = None
) -> tuple[str, str]:
    """For a school without Haven: the PDF behind a link that expires, needs a code sent
    separately, and works once. Returns the token and the code (shown once, never kept)."""
    t = Transfer.objects.select_for_update().get(pk=transfer_.pk)
    _keep_sent(t, actor=actor, how=SentHow.LINK, pdf=_make_pdf(t))
    t.links.filter(purpose=LinkPurpose.DOWNLOAD, used_at__isnull=True).update(
        expires_at=timezone.now()
    )  # a new link replaces any earlier one
    code = _new_code()
    token = _new_link(
        t, actor=actor, purpose=LinkPurpose.DOWNLOAD, life=DOWNLOAD_LINK_LIFE, code=code
    )
    _audit("records.transfer_download_link_made", actor, t, context)
    return token, code


def _link(token: str, purpose: str) -> TransferLink | None:
    return (
        TransferLink.objects.select_for_update()
        .select_related("transfer")
        .filter(token_sha256=token_hash(token), purpose=purpose)
        .first()
    )


class LinkRefused(TransferRefused):
    """A one-use link that cannot be used now; the message is for the person holding it."""


def _use(
    link: TransferLink | None, *, code: str | None, context: AuditContext | None
) -> str | None:
    """Spend the link, or say why not (a wrong code is counted: after a few the link is spent)."""
    if link is None:
        return "This link is not one Haven knows. Check you copied all of it."
    code_ok = code is None or hmac.compare_digest(
        code_hash(code, link.token_sha256), link.code_sha256
    )
    problem = rules.link_refusal(
        used=link.used_at is not None,
        expires_at=link.expires_at,
        now=timezone.now(),
        code_ok=code_ok,
        wrong_codes=link.wrong_codes,
    )
    if problem:
        wrong = not code_ok and link.used_at is None and link.expires_at > timezone.now()
        if wrong:
            link.wrong_codes += 1
            link.save(update_fields=["wrong_codes"])
        reason = "wrong code" if wrong else "used, expired or spent"
        _audit("records.transfer_link_refused", None, link.transfer, context, reason=reason)
        return problem
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return None


def download(
    *, token: str, code: str, context: AuditContext | None = None
) -> tuple[bytes, Transfer]:
    """The PDF as sent, once, for the right code before the link expires. The refusal is raised
    after the transaction, so a wrong code is counted (and audited) though nothing is given."""
    with transaction.atomic():
        link = _link(token, LinkPurpose.DOWNLOAD)
        problem = _use(link, code=code, context=context)
        if problem is None and link is not None:
            _audit("records.transfer_downloaded", None, link.transfer, context)
    if problem or link is None:
        raise LinkRefused(problem or "")
    return base64.b64decode(link.transfer.pdf), link.transfer


def confirm_by_link(
    *, token: str, confirmed_by: str, context: AuditContext | None = None
) -> Transfer:
    """The receiving school confirms receipt through its one-use link."""
    if not confirmed_by.strip():
        raise TransferRefused("Type your name, so the sending school knows who confirmed.")
    with transaction.atomic():
        link = _link(token, LinkPurpose.RECEIPT)
        problem = _use(link, code=None, context=context)
        if problem is None and link is not None:
            t = Transfer.objects.select_for_update().get(pk=link.transfer_id)
            _confirm(t, actor=None, name=confirmed_by, by_link=True)
            _audit("records.transfer_confirmed", None, t, context, by_link=True)
            return t
    raise LinkRefused(problem or "")


def receipt_link_transfer(token: str) -> Transfer | None:
    """The transfer behind a receipt link that can still be used (for the page's heading)."""
    link = (
        TransferLink.objects.select_related("transfer__school")
        .filter(token_sha256=token_hash(token), purpose=LinkPurpose.RECEIPT)
        .first()
    )
    return link.transfer if link else None
