from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained record of every read and change of safeguarding data."""

    name = "haven.audit"
    label = "audit"
    verbose_name = "Audit"
