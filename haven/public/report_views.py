"""The report forms ("Let us know", "I need help"), and checking a report with its reference
and code.

The reference and secret code are shown once: they are held in the session only until the
confirmation page is shown. While someone reads their report, the session holds the pair for a
short time, so that they do not type it again for every page; "Finish" forgets it at once. The
code is encrypted in the session (haven.lib.encryption), as only its slow hash is kept anywhere
else.
"""

import logging
import time
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.decorators import public
from haven.audit.context import AuditContext
from haven.concerns.services import ConcernError
from haven.lib.encryption import DecryptionFailed, decrypt, encrypt
from haven.outofhours.selectors import is_school_time
from haven.public import reports, selectors
from haven.public.forms import AddMoreForm, CheckForm, ParentReportForm, PupilReportForm, ReportForm
from haven.public.ratelimit import (
    Verdict,
    address_digest,
    adds_limit_per_address,
    admit_report,
    check_failures_per_address,
    client_address,
    hit,
    peek,
)
from haven.public.views import no_referrer
from haven.schools.models import School

logger = logging.getLogger(__name__)

RECEIPT = "haven_public_receipt"
CHECKING = "haven_public_checking"
CHECKING_SECONDS = 20 * 60
TRY_AGAIN = "Something went wrong. Check your answers, then send them again."
NOT_FOUND = (
    "We could not find a report with that reference and secret code. Check them, then try again."
)


def _slowed(
    request: HttpRequest, template: str, context: dict[str, Any], verdict: Verdict
) -> HttpResponse:
    """429, keeping what was typed, saying when to try again, and where to get help now."""
    response = render(request, template, context | {"rate_limited": verdict}, status=429)
    response["Retry-After"] = str(verdict.retry_after_seconds)
    return response


def _report(
    request: HttpRequest,
    school_slug: str,
    form_class: type[ReportForm],
    template: str,
    heading: str,
) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    # One report per form load: the id made here comes back with the answers.
    form = form_class(request.POST or None, initial={"submission_id": uuid.uuid4()})
    context = {"school": school, "form": form, "heading": heading}
    if request.method != "POST" or not form.is_valid():
        return render(request, template, context)
    if form.is_robot:
        logger.info("public report refused: trap field filled school=%s", school.pk)
        form.add_error(None, TRY_AGAIN)
        return render(request, template, context)
    fields = form.report_fields()
    receipt = reports.already_sent(school=school, submission_id=fields["submission_id"])
    if receipt is None:
        refused = admit_report(request, school.pk)  # a resend is not counted again
        if refused is not None:
            return _slowed(request, template, context, refused)
        try:
            receipt = reports.send_report(school=school, context=AuditContext.of(request), **fields)
        except ConcernError as error:
            form.add_error(None, str(error))
            return render(request, template, context)
    request.session[RECEIPT] = {
        "school": school.pk,
        "reference": receipt.reference,
        "secret_code": _seal(receipt.secret_code, school, receipt.reference),
        "source": form.source,
    }
    return redirect("public:report_sent", school_slug=school.slug)


@public
@no_referrer
@require_http_methods(["GET", "POST"])
def let_us_know(request: HttpRequest, school_slug: str) -> HttpResponse:
    """A parent or carer tells the school about a worry."""
    return _report(request, school_slug, ParentReportForm, "public/let_us_know.html", "Let us know")


@public
@no_referrer
@require_http_methods(["GET", "POST"])
def i_need_help(request: HttpRequest, school_slug: str) -> HttpResponse:
    """A young person asks the school for help."""
    return _report(request, school_slug, PupilReportForm, "public/i_need_help.html", "I need help")


@public
@no_referrer
@require_http_methods(["GET"])
def report_sent(request: HttpRequest, school_slug: str) -> HttpResponse:
    """The reference and secret code, shown once: reloading the page does not show them again."""
    school = selectors.school_by_slug(school_slug)
    receipt = request.session.pop(RECEIPT, None)
    if not receipt or receipt.get("school") != school.pk:
        return render(request, "public/report_sent_gone.html", {"school": school})
    receipt["secret_code"] = _unseal(receipt["secret_code"], school, receipt["reference"])
    reports.receipt_shown(school=school, reference=receipt["reference"])
    context = {"school": school, "receipt": receipt, "school_time": is_school_time(school)}
    return render(request, "public/report_sent.html", context)


def _seal(code: str, school: School, reference: str) -> str:
    return encrypt(code, context=f"public-code:{school.pk}:{reference}")


def _unseal(token: str, school: School, reference: str) -> str:
    return decrypt(token, context=f"public-code:{school.pk}:{reference}")


def _remember(request: HttpRequest, school: School, reference: str, secret_code: str) -> None:
    request.session[CHECKING] = {
        "school": school.pk,
        "reference": reference,
        "secret_code": _seal(secret_code, school, reference),
        "until": time.time() + CHECKING_SECONDS,
    }


def _held(request: HttpRequest, school: School) -> dict[str, Any] | None:
    """The reference and code this device is reading, if still fresh (each use refreshes it)."""
    held: dict[str, Any] | None = request.session.get(CHECKING)
    if not held or held.get("school") != school.pk or held.get("until", 0) < time.time():
        request.session.pop(CHECKING, None)
        return None
    held["until"] = time.time() + CHECKING_SECONDS
    request.session.modified = True
    try:
        code = _unseal(held["secret_code"], school, held["reference"])
    except DecryptionFailed:
        request.session.pop(CHECKING, None)
        return None
    return held | {"secret_code": code}


@public
@no_referrer
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Enter the reference and secret code. Wrong tries are counted per address, so a code
    cannot be guessed by trying many."""
    school = selectors.school_by_slug(school_slug)
    form = CheckForm(request.POST or None)
    context = {"school": school, "form": form}
    if request.method != "POST":
        return render(request, "public/check.html", context)
    subject = address_digest(client_address(request))
    verdict = peek(check_failures_per_address(), subject)
    if not verdict.allowed:
        return _slowed(request, "public/check.html", context, verdict)
    if form.is_valid():
        reference, code = form.cleaned_data["reference"], form.cleaned_data["secret_code"]
        if reports.find_report(school=school, reference=reference, secret_code=code) is not None:
            _remember(request, school, reference, code)
            return redirect("public:check_report", school_slug=school.slug)
        hit(check_failures_per_address(), subject)
        form.add_error(None, NOT_FOUND)
    return render(request, "public/check.html", context)


def _report_page(
    request: HttpRequest,
    school: School,
    held: dict[str, Any],
    form: AddMoreForm,
    rate_limited: Verdict | None = None,
) -> HttpResponse:
    found = reports.find_report(
        school=school, reference=held["reference"], secret_code=held["secret_code"]
    )
    if found is None:
        request.session.pop(CHECKING, None)
        return redirect("public:check", school_slug=school.slug)
    context = {
        "school": school,
        "report": found,
        "reference": held["reference"],
        "form": form,
        "rate_limited": rate_limited,
    }
    if rate_limited is None:
        return render(request, "public/check_report.html", context)
    return _slowed(request, "public/check_report.html", context, rate_limited)


def _expired(request: HttpRequest, school: School) -> HttpResponse:
    messages.info(request, "To keep your report private, please enter your reference and code.")
    return redirect("public:check", school_slug=school.slug)


@public
@no_referrer
@require_http_methods(["GET"])
def check_report(request: HttpRequest, school_slug: str) -> HttpResponse:
    """The report's status and the school's replies (nothing else), and a box to add more."""
    school = selectors.school_by_slug(school_slug)
    held = _held(request, school)
    if held is None:
        return _expired(request, school)
    return _report_page(request, school, held, AddMoreForm())


@public
@no_referrer
@require_POST
def check_add(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = selectors.school_by_slug(school_slug)
    held = _held(request, school)
    if held is None:
        return _expired(request, school)
    form = AddMoreForm(request.POST)
    if not form.is_valid() or form.is_robot:
        if form.is_robot and not form.errors:
            form.add_error(None, "Something went wrong. Please send it again.")
        return _report_page(request, school, held, form)
    verdict = hit(adds_limit_per_address(), address_digest(client_address(request)))
    if not verdict.allowed:
        return _report_page(request, school, held, form, rate_limited=verdict)
    try:
        reports.add_more(
            school=school,
            reference=held["reference"],
            secret_code=held["secret_code"],
            text=form.cleaned_data["text"],
        )
    except ConcernError as error:
        form.add_error(None, str(error))
        return _report_page(request, school, held, form)
    messages.success(request, "We have added this to your report.")
    return redirect("public:check_report", school_slug=school.slug)


@public
@no_referrer
@require_POST
def check_finish(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Forget the reference and code on this device now."""
    school = selectors.school_by_slug(school_slug)
    request.session.pop(CHECKING, None)
    messages.success(request, "You have finished. This device no longer holds your reference.")
    return redirect("public:school_home", school_slug=school.slug)
