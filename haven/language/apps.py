"""Django registration for the language guard (the only module here that imports Django)."""

from django.apps import AppConfig


class LanguageConfig(AppConfig):
    """The guard has no models; registering it lets templates and checks find it by label."""

    name = "haven.language"
    verbose_name = "Language guard"
