"""The segregation monitor's page and downloads: city-wide figures for everyone, per school and per wijk for those
who may see them (core.permissions.can_see_school_details)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from core.exports import export_response
from core.permissions import can_manage_school_data, can_see_school_details, require
from schooldata import measures, monitor
from schooldata.monitor_charts import trend_chart


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _count(value: float | None) -> int | str:
    """A count for a download: "<5" for a small number, as on the page."""
    return measures.shown(value) if measures.is_small(value) else round(value or 0)


def _sources(year: monitor.Year) -> str:
    """The releases a year's figures come from, so every row of a download can be traced."""
    return " ".join(source.text for source in year.sources)


def page(request: HttpRequest) -> HttpResponse:
    years = monitor.years()
    details = can_see_school_details(request.user)
    chosen = next((year for year in years if year.school_year == request.GET.get("jaar")), years[-1] if years else None)
    import_url = reverse("schooldata:releases") if can_manage_school_data(request.user) else ""
    return render(
        request,
        "schooldata/monitor.html",
        {
            "years": years,
            "chart": trend_chart(years) if any(year.indices for year in years) else "",
            "details": details,
            "chosen": chosen if details else None,
            "import_url": import_url,
        },
    )


def _index_columns() -> list:
    return [
        (_("School year"), lambda year: year.school_year),
        (_("Schools counted"), lambda year: year.indices.schools if year.indices else None),
        (_("Pupils counted"), lambda year: round(year.indices.pupils) if year.indices else None),
        (
            _("Share from wijken with many low-income households (%)"),
            lambda year: _percent(year.indices and year.indices.share),
        ),
        (_("Dissimilarity (%)"), lambda year: _percent(year.indices and year.indices.dissimilarity)),
        (_("Isolation (%)"), lambda year: _percent(year.indices and year.indices.isolation)),
        (_("Exposure to the other pupils (%)"), lambda year: _percent(year.indices and year.indices.exposure)),
        (_("Sources"), _sources),
    ]


def download(request: HttpRequest) -> HttpResponse:
    """The city-wide indices per year (?formaat=csv or xlsx)."""
    return export_response(request, "segregatie-indices", _index_columns(), monitor.years())


@login_required
def download_details(request: AuthenticatedHttpRequest, table: str) -> HttpResponse:
    """Per school or per wijk and school, all years (?formaat=csv or xlsx)."""
    if table not in ("scholen", "wijken"):
        raise Http404
    require(can_see_school_details(request.user))
    years = monitor.years()
    if table == "scholen":
        rows = [(year, school) for year in years for school in year.schools]
        columns = [
            (_("School year"), lambda row: row[0].school_year),
            (_("School"), lambda row: row[1].organisation.name),
            (_("Location code"), lambda row: row[1].organisation.vestigingscode),
            (_("Own wijk"), lambda row: row[1].wijk_name),
            (_("Pupils counted"), lambda row: row[1].pupils),
            (_("From wijken with many low-income households"), lambda row: row[1].count_of(monitor.GROUP)),
            (_("From the other wijken"), lambda row: row[1].count_of(monitor.OTHER)),
            (_("From outside the city"), lambda row: row[1].outside_city),
            (_("Estimated share from low-income households (%)"), lambda row: _percent(row[1].estimated_share)),
            (_("Share in the own wijk (%)"), lambda row: _percent(row[1].own_wijk_share)),
            (_("Gap (percentage points)"), lambda row: _percent(row[1].gap)),
            (_("From outside the own wijk (%)"), lambda row: _percent(row[1].outside_own_wijk)),
            (_("School weighting"), lambda row: row[1].weighting),
            (_("Postcode cells DUO suppressed"), lambda row: row[1].suppressed_cells),
            (_("Sources"), lambda row: _sources(row[0])),
        ]
        return export_response(request, "segregatie-scholen", columns, rows)
    flow_rows = [
        (year, flow, school, pupils) for year in years for flow in year.flows for school, pupils in flow.schools
    ]
    flow_columns = [
        (_("School year"), lambda row: row[0].school_year),
        (_("Wijk"), lambda row: row[1].wijk_name),
        (_("Wijk code"), lambda row: row[1].wijk_code),
        (_("School"), lambda row: row[2]),
        (_("Pupils"), lambda row: _count(row[3])),
        (_("Sources"), lambda row: _sources(row[0])),
    ]
    return export_response(request, "segregatie-wijken", flow_columns, flow_rows)
