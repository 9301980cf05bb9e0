from django.apps import AppConfig


class SystemConfig(AppConfig):
    """Haven's running parts: the worker and its schedule, health, and project-wide middleware."""

    name = "haven.system"
    label = "system"
    verbose_name = "System"

    def ready(self) -> None:
        # Periodic jobs register themselves when their app's tasks module is imported.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
