"""The search index rebuilt by the task worker (core.tasks), with its progress per kind: started by a coordinator on
/zoeken/index/ (search.views.index_state); `manage.py rebuild_search_index` does the same in the command."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import BackgroundJob
from core.tasks import LinkResult, Progress
from search.indexers import rebuild_all
from search.models import Kind
from search.views import KIND_LABELS

KIND = "search_index"


def rebuild(job: BackgroundJob, progress: Progress) -> LinkResult:
    def told(done: int, total: int, kind: str) -> None:
        progress(done, total, _("Indexing: %(kind)s") % {"kind": KIND_LABELS[Kind(kind)]})

    total = sum(rebuild_all(progress=told).values())
    summary = ngettext("Done: %(count)s record in the index.", "Done: %(count)s records in the index.", total)
    return LinkResult(reverse("search:index"), summary=summary % {"count": total})
