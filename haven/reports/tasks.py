"""The worker's jobs for reports: making a report asked for from the web, and clearing old ones."""

from datetime import timedelta

from django.tasks import task

from haven.reports import services
from haven.reports.services import build_report
from haven.system.schedule import every

__all__ = ["build_report", "clear_old_report_files"]  # making a report is queued by services


@every(timedelta(hours=1))
@task
def clear_old_report_files() -> int:
    return services.clear_old_files()
