"""`{% load curriculum %}`: topic and term labels, and `{% curriculum_nav %}`, the header's link
for the PSHE lead and the safeguarding team."""

from typing import Any

from django import template

from haven.accounts.permissions import Action, can, schools_of
from haven.curriculum.rules import TERM_LABELS, TOPIC_LABELS, Term, Topic

register = template.Library()


@register.filter
def topic_label(code: str) -> str:
    return TOPIC_LABELS.get(Topic(code), code) if code in Topic else code


@register.filter
def term_label(code: str) -> str:
    return TERM_LABELS.get(Term(code), code) if code in Term else code


@register.inclusion_tag("curriculum/_nav.html", takes_context=True)
def curriculum_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    verified = getattr(user, "is_verified", lambda: False)
    if user is None or not user.is_authenticated or not verified():
        return {"schools": []}
    return {"schools": [s for s in schools_of(user) if can(user, Action.VIEW_CURRICULUM, s)][:1]}
