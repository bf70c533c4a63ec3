"""The network export made by the task worker (core.tasks), with its progress per model."""

from django.utils.translation import gettext as _

from core.models import BackgroundJob
from core.tasks import FileResult, Progress
from exchange.network_export import dumps, export_network, file_name

KIND = "network_export"


def make_export(job: BackgroundJob, progress: Progress) -> FileResult:
    data = export_network(progress=lambda done, total: progress(done, total, _("Reading the records")))
    return FileResult(file_name(), "application/json; charset=utf-8", dumps(data).encode())
