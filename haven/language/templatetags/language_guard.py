"""Template filters for the language guard's advice beside a field."""

from django import forms, template

from haven.language import Finding
from haven.language.views import findings_in, is_written

register = template.Library()


@register.filter
def wording_findings(value: object) -> list[Finding]:
    """The guard's findings in a field's current value: shown beside it when a page is drawn
    again (after an error, or without JavaScript), as well as live."""
    return findings_in(value)


@register.filter
def written(field: object) -> bool:
    """Whether a bound field is free text the guard reads (see `is_written`)."""
    return isinstance(field, forms.BoundField) and is_written(field.field)
