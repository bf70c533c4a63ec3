"""The evaluation report's optional section on segregation in the city's primary schools: the latest indices of the
segregation monitor (schooldata.monitor), their trend, and what the figures can and cannot say."""

from django.urls import reverse
from django.utils.translation import gettext as _

from reports.data.blocks import (
    Cell,
    Chart,
    Figure,
    FigureGrid,
    ItemList,
    Missing,
    Notes,
    Paragraphs,
    Section,
    Table,
    number,
)
from schooldata import monitor
from schooldata.monitor_charts import trend_chart


def _percent(share: float) -> str:
    return f"{number(100 * share, 1)}%"


def segregation_section(notes: Notes) -> Section:
    section = Section("segregation", _("Segregation in primary schools"))
    years = [year for year in monitor.years() if year.indices]
    if not years:
        section.blocks.append(Missing(_("No school data has been imported yet, so there are no figures.")))
        return section
    section.blocks.append(
        Paragraphs(
            [
                _(
                    "Do children from poorer and richer parts of the city go to the same schools? The segregation "
                    "monitor compares pupils from wijken with many low-income households with pupils from the other "
                    "wijken of the city, from DUO's and CBS's open data."
                )
            ]
        )
    )
    latest = years[-1]
    indices = latest.indices
    assert indices is not None  # years holds only years with indices
    url = reverse("segregation:monitor")
    source = " ".join(item.text for item in latest.sources)
    section.blocks.append(
        FigureGrid(
            [
                notes.add(
                    Figure(
                        _("dissimilarity in %(year)s") % {"year": latest.school_year},
                        indices.dissimilarity,
                        _percent(indices.dissimilarity),
                        _(
                            "How unevenly the two groups are spread over the schools: the share of one group that "
                            "would have to change school to give every school the city's mix."
                        ),
                        source,
                        url,
                    )
                ),
                notes.add(
                    Figure(
                        _("isolation in %(year)s") % {"year": latest.school_year},
                        indices.isolation,
                        _percent(indices.isolation),
                        _(
                            "The share of pupils from wijken with many low-income households at the school of such a "
                            "pupil, on average; %(share)s if the groups were spread evenly."
                        )
                        % {"share": _percent(indices.share)},
                        source,
                        url,
                    )
                ),
            ]
        )
    )
    title = _("Segregation index per school year")
    table = Table(
        caption=title,
        header=[_("School year"), _("Dissimilarity"), _("Isolation"), _("Share in the city")],
        rows=[
            [
                Cell(year.school_year),
                # The year's dissimilarity carries the note naming the releases the row comes from.
                Cell(
                    _percent(year.indices.dissimilarity),
                    figure=notes.add(
                        Figure(
                            _("dissimilarity in %(year)s") % {"year": year.school_year},
                            year.indices.dissimilarity,
                            _percent(year.indices.dissimilarity),
                            "",
                            " ".join(item.text for item in year.sources),
                            url,
                        )
                    ),
                    numeric=True,
                ),
                *[Cell(_percent(value), numeric=True) for value in (year.indices.isolation, year.indices.share)],
            ]
            for year in years
            if year.indices
        ],
        numeric_columns=(1, 2, 3),
    )
    alt = (
        title
        + ": "
        + "; ".join(f"{year.school_year}: {_percent(year.indices.dissimilarity)}" for year in years if year.indices)
    )
    section.blocks.append(Chart(title=title, svg=trend_chart(years), alt=alt, table=table))
    section.blocks.append(
        ItemList(
            [
                _(
                    "An estimate from area data: a pupil counts by the wijk they live in, not by their own family's "
                    "income, so the real differences between schools are larger."
                ),
                _("Numbers under 5 are left out, as DUO does."),
                _("A school with a different mix is not a worse school."),
            ]
        )
    )
    return section
