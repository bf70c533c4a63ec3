"""A report file (PDF or Word) made by the task worker (core.tasks): the report's link starts this job unless a
file of the same report for the same data version was made before (reports.views.report)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import BackgroundJob
from core.tasks import FileResult, JobFailed, Progress
from programmes.models import Programme
from reports import data, renderers

KIND = "report"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word"}
KIND_NAMES = {
    "impact": gettext_lazy("Impact report"),
    "evaluation": gettext_lazy("Evaluation report"),
    "storybook": gettext_lazy("Story book"),
}


def parameters(programme: Programme, kind: str, fmt: str, language: str, base_url: str) -> dict:
    return {"programme": programme.pk, "kind": kind, "format": fmt, "language": language, "base_url": base_url}


def title(programme: Programme, kind: str, fmt: str) -> str:
    return _("%(report)s of %(programme)s (%(format)s)") % {
        "report": KIND_NAMES[kind],
        "programme": programme,
        "format": FORMAT_NAMES[fmt],
    }


def file_name(programme: Programme, kind: str, fmt: str) -> str:
    return f"{programme.slug}-{kind}.{fmt}"


def make_report(job: BackgroundJob, progress: Progress) -> FileResult:
    asked = job.parameters
    programme = Programme.objects.filter(pk=asked["programme"]).first()
    if programme is None:
        raise JobFailed(_("The programme no longer exists."))
    kind, fmt = asked["kind"], asked["format"]
    progress(0, 3, _("Collecting the figures"))
    report = data.build(kind, programme, asked["language"])
    progress(1, 3, _("Laying out the pages"))
    try:
        body = renderers.render_pdf(report, asked["base_url"]) if fmt == "pdf" else renderers.render_docx(report)
    except renderers.PdfUnavailable as error:
        raise JobFailed(str(error)) from error
    progress(3, 3, "")
    return FileResult(file_name(programme, kind, fmt), CONTENT_TYPES[fmt], body)
