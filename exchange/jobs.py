"""Work of this app made by the task worker (core.tasks): the network export, with its progress per model, and a
large spreadsheet import, with its progress per row."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core import staging
from core.models import BackgroundJob
from core.tasks import FileResult, JobFailed, LinkResult, Progress
from exchange import data_import
from exchange.network_export import dumps, export_network, file_name
from exchange.services import SPREADSHEET_UPLOAD

KIND = "network_export"
IMPORT = "data_import"


def make_export(job: BackgroundJob, progress: Progress) -> FileResult:
    data = export_network(progress=lambda done, total: progress(done, total, _("Reading the records")))
    return FileResult(file_name(), "application/json; charset=utf-8", dumps(data).encode())


def import_file(job: BackgroundJob, progress: Progress) -> LinkResult:
    def rows(done: int, total: int) -> None:
        progress(done, total, _("Importing the rows"))

    user = job.requested_by
    staged = staging.find(user, SPREADSHEET_UPLOAD, job.parameters["token"]) if user else None
    imported = data_import.import_staged(staged, user, rows) if user and staged else None
    if imported is None:
        raise JobFailed(_("Nothing was imported: the checked file is no longer waiting. Upload it again if needed."))
    kind, outcome = imported
    if not outcome.applied:
        raise JobFailed(
            _("Nothing was imported: the file has problems. Open the check again to see them and choose columns.")
        )
    return LinkResult(reverse("exchange:data_import"), summary=data_import.imported_message(kind, outcome))
