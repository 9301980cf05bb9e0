"""The curriculum's pages, at /curriculum/<school>/: the picture beside incidents (the PSHE lead
and the safeguarding team), the programme, lessons, the plan and what was delivered.

Everyone else gets 404 (Action.VIEW_CURRICULUM, Action.PLAN_LESSONS). No page here shows a case,
a concern or a pupil: incidents are counts.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.decorators import staff_required
from haven.accounts.permissions import Action, get_for
from haven.audit.context import AuditContext
from haven.curriculum import imports, plan_csv, resources, rules, selectors, services
from haven.curriculum.forms import (
    DeliveredForm,
    LessonForm,
    PlanConfirmForm,
    PlanForm,
    PlanImportForm,
    ProgrammeForm,
    ResponsiveSessionForm,
)
from haven.curriculum.imports import Preview
from haven.curriculum.models import PlannedLesson
from haven.curriculum.services import CurriculumRefused
from haven.http import AuthenticatedHttpRequest
from haven.language.views import advise_on
from haven.schools.mis import LineError
from haven.schools.models import School


def _school(request: AuthenticatedHttpRequest, slug: str, action: Action) -> School:
    return get_for(request.user, action, School.objects.all(), slug=slug)


def _form_page(
    request: AuthenticatedHttpRequest,
    template: str,
    school: School,
    form: object,
    heading: str,
    button: str,
) -> HttpResponse:
    context = {"school": school, "form": form, "heading": heading, "button": button}
    return render(request, template, context)


def _home(school: School) -> HttpResponse:
    return redirect("curriculum:home", school=school.slug)


@staff_required
@require_GET
def home(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Each year group: incidents this term and last (counts), the topics taught, the plan."""
    place = _school(request, school, Action.VIEW_CURRICULUM)
    context = {
        "school": place,
        "programme": selectors.programme_of(place),
        "picture": selectors.picture(request.user, place),
        "delivered_form": DeliveredForm(initial={"delivered_on": timezone.localdate()}),
    }
    return render(request, "curriculum/home.html", context)


@staff_required
@require_GET
def guidance(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """What the RSHE guidance expects by key stage, and the resources, with their dates."""
    place = _school(request, school, Action.VIEW_CURRICULUM)
    stages = [
        (rules.KEY_STAGE_LABELS[stage], expectations)
        for stage, expectations in rules.RSHE_EXPECTATIONS.items()
    ]
    context = {
        "school": place,
        "stages": stages,
        "source": rules.RSHE_SOURCE,
        "last_checked": rules.RSHE_LAST_CHECKED,
        "resources": resources.RESOURCES,
    }
    return render(request, "curriculum/guidance.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def programme(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    current = selectors.programme_of(place)
    initial = {"name": current.name, "family_intro": current.family_intro} if current else {}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_programme(
            actor=request.user,
            school=place,
            name=form.cleaned_data["name"],
            family_intro=form.cleaned_data["family_intro"],
            context=AuditContext.of(request),
        )
        messages.success(request, "Programme saved.")
        advise_on(request, form)
        return _home(place)
    return _form_page(request, "curriculum/programme.html", place, form, "Your programme", "Save")


@staff_required
@require_http_methods(["GET", "POST"])
def add_lesson(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    current = selectors.programme_of(place)
    if current is None:
        messages.info(request, "Name your programme first.")
        return redirect("curriculum:programme", school=place.slug)
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, actor, audit_context = form.cleaned_data, request.user, AuditContext.of(request)
        unit = selectors.unit_named(current, data["unit_title"]) or services.add_unit(
            actor=actor, programme=current, title=data["unit_title"], context=audit_context
        )
        services.add_lesson(
            actor=actor,
            unit=unit,
            title=data["title"],
            topics=data["topics"],
            summary=data["summary"],
            context=audit_context,
        )
        messages.success(request, "Lesson added.")
        advise_on(request, form)
        return _home(place)
    return _form_page(request, "curriculum/lesson.html", place, form, "Add a lesson", "Add lesson")


@staff_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    form = PlanForm(request.POST or None, school_id=place.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_lesson(
                actor=request.user,
                school=place,
                lesson=data["lesson"],
                year_group=data["year_group"],
                school_year=rules.school_year_of(timezone.localdate()),
                term=rules.Term(data["term"]),
                week=data["week"],
                class_name=data["class_name"],
                context=AuditContext.of(request),
            )
        except CurriculumRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Lesson planned.")
            return _home(place)
    return _form_page(request, "curriculum/plan.html", place, form, "Plan a lesson", "Plan it")


@staff_required
@require_POST
def delivered(request: AuthenticatedHttpRequest, school: str, plan_id: int) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    planned = get_for(
        request.user,
        Action.PLAN_LESSONS,
        PlannedLesson.objects.filter(school=place).select_related("lesson", "year_group"),
        pk=plan_id,
    )
    form = DeliveredForm(request.POST)
    if form.is_valid():
        try:
            services.record_delivery(
                actor=request.user,
                plan=planned,
                delivered_on=form.cleaned_data["delivered_on"],
                today=timezone.localdate(),
                context=AuditContext.of(request),
            )
        except CurriculumRefused as refused:
            form.add_error("delivered_on", str(refused))
        else:
            messages.success(request, f"{planned.lesson.title} recorded as delivered.")
            return _home(place)
    context = {
        "school": place,
        "form": form,
        "plan": planned,
        "heading": "Record a lesson as delivered",
        "button": "Save",
    }
    return render(request, "curriculum/delivered.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def responsive_session(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    form = ResponsiveSessionForm(
        request.POST or None,
        school_id=place.pk,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_responsive_session(
                actor=request.user,
                school=place,
                year_group=data["year_group"],
                group_name=data["group_name"],
                held_on=data["held_on"],
                topics=data["topics"],
                note=data["note"],
                today=timezone.localdate(),
                context=AuditContext.of(request),
            )
        except CurriculumRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Session recorded.")
            advise_on(request, form)
            return _home(place)
    return _form_page(
        request, "curriculum/responsive.html", place, form, "Record a responsive session", "Save"
    )


def _import_page(
    request: AuthenticatedHttpRequest,
    school: School,
    form: PlanImportForm,
    result: Preview | None = None,
) -> HttpResponse:
    context = {
        "school": school,
        "form": form,
        "result": result,
        "columns": plan_csv.COLUMNS,
        "topics": rules.TOPIC_LABELS.values(),
    }
    return render(request, "curriculum/import.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def import_plan(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    """Upload the plan as CSV: every problem listed by line, or what saving it would change.
    Nothing is saved here."""
    place = _school(request, school, Action.PLAN_LESSONS)
    current = selectors.programme_of(place)
    if current is None:
        messages.info(request, "Name your programme first.")
        return redirect("curriculum:programme", school=place.slug)
    if request.method != "POST":
        return _import_page(request, place, PlanImportForm())
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, place, form)
    try:
        result = imports.preview(place, current, form.text, today=timezone.localdate())
    except imports.NotAPlan as refused:
        form.add_error("file", str(refused))
        return _import_page(request, place, form)
    if result.errors:
        return _import_page(request, place, PlanImportForm(), result)
    context = {
        "school": place,
        "result": result,
        "confirm": PlanConfirmForm(initial={"plan": imports.seal(place, form.text)}),
    }
    return render(request, "curriculum/import_preview.html", context)


@staff_required
@require_POST
def import_plan_save(request: AuthenticatedHttpRequest, school: str) -> HttpResponse:
    place = _school(request, school, Action.PLAN_LESSONS)
    form = PlanConfirmForm(request.POST)
    text = imports.unseal(place, form.cleaned_data["plan"]) if form.is_valid() else None
    if text is None:
        messages.info(
            request, "That preview has expired or was not sent whole. Upload the file again."
        )
        return redirect("curriculum:import_plan", school=place.slug)
    try:
        result = imports.import_plan(
            actor=request.user,
            school=place,
            text=text,
            today=timezone.localdate(),
            context=AuditContext.of(request),
        )
    except imports.PlanImportRefused as refused:
        failed = Preview(errors=refused.errors or [LineError(0, str(refused))])
        return _import_page(request, place, PlanImportForm(), failed)
    except imports.NotAPlan as refused:
        messages.info(request, f"Nothing was saved: {refused}")
        return redirect("curriculum:import_plan", school=place.slug)
    messages.success(
        request,
        f"Plan imported: {result.new_plans} lessons planned, {result.week_changes} weeks changed, "
        f"{result.unchanged} already in the plan.",
    )
    return _home(place)
