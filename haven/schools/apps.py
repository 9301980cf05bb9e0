from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """Trusts, schools, staff roles, pupils and year groups, and the import from the MIS."""

    name = "haven.schools"
    label = "schools"
    verbose_name = "Schools"
