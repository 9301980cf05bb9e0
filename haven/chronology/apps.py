from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    """Each pupil's chronology: everything known about the child, in time order, across cases."""

    name = "haven.chronology"
    label = "chronology"
    verbose_name = "Chronology"
