"""The worker's jobs for reports: making a report asked for from the web, and clearing old ones."""

from datetime import timedelta

from django.tasks import task

from haven.reports import services
from haven.system.schedule import every


@task
def build_report(file_id: str) -> str:
    return services.build_report_file(file_id)


@every(timedelta(hours=1))
@task
def clear_old_report_files() -> int:
    return services.clear_old_files()
