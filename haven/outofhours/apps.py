from django.apps import AppConfig


class OutOfHoursConfig(AppConfig):
    """Out of hours: the school's closed days (holidays, INSET days) and the team's on-call rota."""

    name = "haven.outofhours"
    label = "outofhours"
    verbose_name = "Out of hours"
