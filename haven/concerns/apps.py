from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    """The staff concern form, public reports, the safeguarding team's inbox and alerts."""

    name = "haven.concerns"
    label = "concerns"
    verbose_name = "Concerns"
