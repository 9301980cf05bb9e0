from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Figures across cases: the DSL's dashboard, the trust's view, governors' and LA reports."""

    name = "haven.reports"
    label = "reports"
    verbose_name = "Reports"
