"""The web side of the language guard: live advice beside a field, and advice after saving.

The guard only ever advises: nothing here stops anyone saving what they wrote.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from haven.accounts.decorators import staff_required
from haven.http import AuthenticatedHttpRequest
from haven.language import Finding, check_text

MAX_CHECKED = 20_000  # characters; longer pasted text is checked up to here
MAX_ADVICE = 5  # messages after one save; more would bury the page


@staff_required
@require_POST
def check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: the findings for the field named in `field`, rendered beside it as the person types."""
    name = request.POST.get("field", "")
    text = request.POST.get(name, "")
    return render(request, "language/findings.html", {"findings": findings_in(text)})


def findings_in(text: object) -> list[Finding]:
    """What the guard finds in a field's value (none for an empty or missing value)."""
    return check_text(str(text)[:MAX_CHECKED]) if text else []


def advise_after_saving(request: HttpRequest, *texts: str) -> list[Finding]:
    """After a save, show once what the guard noticed, as advice for next time (never a block)."""
    findings = [finding for text in texts for finding in findings_in(text)]
    for finding in findings[:MAX_ADVICE]:
        messages.info(
            request,
            f"Saved. A note on wording: “{finding.text}”: {finding.why} {finding.suggestion}",
        )
    return findings


def is_written(field: forms.Field) -> bool:
    """A free-text field staff write in their own words: every textarea, and any other field
    marked `written = True` (a one-line description, say). The guard reads these."""
    return isinstance(field.widget, forms.Textarea) or getattr(field, "written", False) is True


def written_in(form: forms.BaseForm) -> list[str]:
    """What was written in a valid form's free-text fields (a removed formset row counts as
    nothing)."""
    data = getattr(form, "cleaned_data", None) or {}
    if data.get("DELETE"):
        return []
    return [str(data.get(name) or "") for name, field in form.fields.items() if is_written(field)]


def advise_on(request: HttpRequest, *saved: forms.BaseForm) -> list[Finding]:
    """`advise_after_saving` for everything written in the forms just saved (pass a formset as
    `*formset.forms`)."""
    return advise_after_saving(request, *[text for form in saved for text in written_in(form)])
