from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Cases and the guided UKCIS workflow: review, decisions, referrals, take-down, closure."""

    name = "haven.cases"
    label = "cases"
    verbose_name = "Cases"
