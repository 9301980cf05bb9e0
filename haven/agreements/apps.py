from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "haven.agreements"
    label = "agreements"
    verbose_name = "Two-person agreements"
