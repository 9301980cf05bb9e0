"""The web side of the language guard: live advice beside a field, and advice after saving.

The guard only ever advises: nothing here stops anyone saving what they wrote.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from haven.accounts.decorators import staff_required
from haven.language import Finding, check_text

MAX_CHECKED = 20_000  # characters; longer pasted text is checked up to here


@staff_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """HTMX: the findings for the field named in `field`, rendered beside it as the person types."""
    name = request.POST.get("field", "")
    text = request.POST.get(name, "")[:MAX_CHECKED]
    findings = check_text(text) if text else []
    return render(request, "language/findings.html", {"findings": findings})


def advise_after_saving(request: HttpRequest, *texts: str) -> list[Finding]:
    """After a save, show once what the guard noticed, as advice for next time (never a block)."""
    findings = [finding for text in texts if text for finding in check_text(text[:MAX_CHECKED])]
    for finding in findings[:5]:
        messages.info(
            request,
            f"Saved. A note on wording: “{finding.text}”: {finding.why} {finding.suggestion}",
        )
    return findings
