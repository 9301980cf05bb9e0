from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Who is told: alerts in Haven and by e-mail, the outbox the worker delivers, escalation."""

    name = "haven.alerts"
    label = "alerts"
    verbose_name = "Alerts"
