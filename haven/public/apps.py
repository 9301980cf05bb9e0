from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The pages anyone can read without signing in, and the report forms for families, pupils."""

    name = "haven.public"
    label = "public"
    verbose_name = "Public pages"
