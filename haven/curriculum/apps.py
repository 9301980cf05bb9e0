from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    """The school's online-safety lessons: planned, delivered, beside incidents, told families."""

    name = "haven.curriculum"
    label = "curriculum"
    verbose_name = "Curriculum"
