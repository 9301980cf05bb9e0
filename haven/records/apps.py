from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "haven.records"
    label = "records"
    verbose_name = "Records: retention, legal hold and deletion"
