"""The guided initial review: questions on the left, the rules' live assessment on the right."""

import re
from typing import Any
from uuid import UUID

from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.cases.forms import OtherPeople, ReviewForm, initial_from, others_from
from haven.cases.models import Case, CasePupil
from haven.cases.rules import Assessment, assess, fact_question, next_steps, parse_facts
from haven.cases.selectors import load_records
from haven.cases.services import CaseError, record_initial_review
from haven.cases.services.review import build_facts, current_review, incident_day
from haven.cases.views.common import attempt, done, shown, step_of, step_url, team_case
from haven.http import AuthenticatedHttpRequest

PEOPLE = "others"  # the other people's formset prefix
MOST_PEOPLE = 50  # more other people than a review has; a larger count is not believed
_ROW = re.compile(rf"^{PEOPLE}-(\d+)-")


def _links(case: Case) -> list[CasePupil]:
    return list(case.case_pupils.select_related("pupil").order_by("added_at", "pk"))


def _forms(
    request: AuthenticatedHttpRequest, case: Case, links: list[CasePupil]
) -> tuple[ReviewForm, Any]:
    if request.method == "POST":
        form = ReviewForm(request.POST, links=links, day=incident_day(case))
        return form, _people_posted(request, one_more=bool(request.POST.get("add_person")))
    initial, others = initial_from(current_review(case), case)
    form = ReviewForm(
        initial={**initial, "version": case.version}, links=links, day=incident_day(case)
    )
    return form, OtherPeople(initial=others, prefix=PEOPLE)


def _people_posted(request: AuthenticatedHttpRequest, *, one_more: bool = False) -> Any:
    """The other people as typed (with one more empty row for the no-JavaScript "add another
    person"). The counts come from the browser: a missing, nonsense or too small count is taken
    to be the rows actually sent, so the page is drawn again with everything typed, never an
    error page."""
    data = request.POST.copy()
    total = max(_count(data.get(f"{PEOPLE}-TOTAL_FORMS")), _rows_sent(data))
    data[f"{PEOPLE}-TOTAL_FORMS"] = str(min(total + (1 if one_more else 0), MOST_PEOPLE))
    initial = _count(data.get(f"{PEOPLE}-INITIAL_FORMS"))
    data[f"{PEOPLE}-INITIAL_FORMS"] = str(min(initial, total))
    for optional in ("MIN_NUM_FORMS", "MAX_NUM_FORMS"):  # unused here; a bad one would refuse all
        data.pop(f"{PEOPLE}-{optional}", None)
    return OtherPeople(data, prefix=PEOPLE)


def _count(raw: str | None) -> int:
    """A count as sent, or 0 when it is not a believable one."""
    try:
        count = int(raw or "")
    except ValueError:
        return 0
    return count if 0 <= count <= MOST_PEOPLE else 0


def _rows_sent(data: QueryDict) -> int:
    rows = [int(found.group(1)) for key in data if (found := _ROW.match(key))]
    return min(max(rows, default=-1) + 1, MOST_PEOPLE)


def _names(links: list[CasePupil], path: str) -> str:
    """A fact's question with a pupil's name in place of "person N" where the person is a pupil."""
    question = fact_question(path)
    if path.startswith("people[") and "]" in path:
        index = int(path[len("people[") : path.index("]")])
        if index < len(links):
            return question.replace(f"person {index + 1}", links[index].pupil.display_name)
        return question.replace(f"person {index + 1}", f"other person {index + 1 - len(links)}")
    return question


def _assessment(
    form: ReviewForm, people: Any, links: list[CasePupil], case: Case
) -> dict[str, Any]:
    """The rules' assessment of the answers as they are (a field not valid counts as unknown)."""
    form.is_valid()
    people.is_valid()
    answers = form.answers_input(others_from(people))
    try:
        facts = build_facts(
            links,
            sections=answers.sections,
            others=answers.others,
            roles=answers.roles,
            today=incident_day(case),
        )
    except CaseError:
        return {"assessment": None}
    assessment: Assessment = assess(parse_facts(facts))
    return {
        "assessment": assessment,
        "steps": next_steps(assessment, refer_every_case=case.school.refer_every_case),
        "unanswered": [_names(links, path) for path in assessment.unanswered],
    }


def _page(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: ReviewForm,
    people: Any,
    links: list[CasePupil],
    checked: bool,
) -> HttpResponse:
    context = {"case": case, "form": form, "people": people, "checked": checked}
    context.update(_assessment(form, people, links, case))
    return shown(request, "cases/review.html", context, case)


@staff_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """GET: the review with the answers in force. POST: "Check answers" (no JavaScript) or "Add
    another person" re-draw the page with the assessment; "Save" records the review."""
    case = team_case(request, case_id)
    links = _links(case)
    form, people = _forms(request, case, links)
    saving = request.method == "POST" and "save" in request.POST
    if (
        saving
        and form.is_valid()
        and people.is_valid()
        and attempt(
            form,
            case,
            record_initial_review,
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            review=form.answers_input(others_from(people)),
        )
    ):
        # Straight on to the step the review leads to (a referral, or the decision to manage
        # it in school); back to the case page when someone must call 999 or nothing is due.
        records = load_records(case)
        assessment, step = records.assessment, step_of(records)
        go_on = step is not None and not (assessment and assessment.call_999)
        return done(
            request,
            case,
            "The initial review is saved."
            + (f" Next: {step.name.lower()}." if go_on and step else ""),
            form,
            *people.forms,
            url=step_url(case, step) if go_on and step else None,
        )
    return _page(request, case, form, people, links, checked=request.method == "POST")


@staff_required
@require_POST
def review_assessment(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    """The assessment panel alone, for the page to swap in as answers change. Changes nothing."""
    case = team_case(request, case_id)
    links = _links(case)
    form = ReviewForm(request.POST, links=links, day=incident_day(case))
    people = _people_posted(request)
    context = {"case": case, "checked": True, **_assessment(form, people, links, case)}
    return shown(request, "cases/review.html#assessment", context, case)
