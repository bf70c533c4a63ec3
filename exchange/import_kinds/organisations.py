"""Organisations in a spreadsheet, saved through network.services.save_organisation."""

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy as _

from core.text import normalise_key
from exchange import cells
from exchange.import_kinds.common import DESCRIPTION_HEADERS, SECTORS, THEMES, Row, choice, organisation, text, url
from exchange.references import Lookups
from exchange.spreadsheet import Field, Kind, filled
from network.models import Organisation, OrganisationAlias
from network.services import save_organisation


def _organisations_existing(lookups: Lookups) -> dict:
    aliases: dict[int, set[str]] = {}
    for organisation_id, alias in OrganisationAlias.objects.values_list("organisation_id", "alias"):
        aliases.setdefault(organisation_id, set()).add(alias)
    themes_of: dict[int, set[int]] = {}
    for organisation_id, theme_id in Organisation.themes.through.objects.values_list("organisation_id", "theme_id"):
        themes_of.setdefault(organisation_id, set()).add(theme_id)
    return {
        row["name_key"]: {
            **row,
            "aliases": aliases.get(row["pk"], set()),
            "parent": row.pop("parent_id"),
            "themes": themes_of.get(row["pk"], set()),
        }
        for row in cast(
            Iterable[Row],
            Organisation.objects.values("pk", "name", "name_key", "sector", "website", "description", "parent_id"),
        )
    }


def _organisation_complete(values: dict, lookups: Lookups) -> list:
    # A row may name an organisation by an abbreviation rimpel knows: it is about that organisation.
    known = lookups.known_organisation(values["name"])
    if known is not None:
        values["name"] = known.name
    return []


def _organisation_check(values: dict, current: dict | None) -> list:
    if current is None and not values.get("sector"):
        return [("sector", _("A new organisation needs a sector."))]
    if current is not None:
        # Abbreviations in the sheet are added to those the organisation has.
        values["aliases"] = sorted(current["aliases"] | set(values.get("aliases") or []))
    return []


def _organisation_save(values: dict, current: dict | None, lookups: Lookups) -> Organisation:
    record = Organisation.objects.get(pk=current["pk"]) if current else Organisation(name=values["name"])
    for name in ("sector", "website", "description"):
        setattr(record, name, filled(values, current, name, ""))
    parent = values.get("parent")
    if parent is not None:
        record.parent = parent
    return save_organisation(
        record, list(filled(values, current, "aliases", [])), themes=filled(values, current, "themes", [])
    )


ORGANISATIONS = Kind(
    name="organisations",
    label=_("organisations"),
    fields=(
        Field(
            "name",
            _("name"),
            ("naam", "organisatie", "organisation", "organization", "instelling"),
            text(200),
            required=True,
        ),
        Field("sector", _("sector"), ("sector", "soort", "type"), choice(SECTORS)),
        Field(
            "aliases",
            _("abbreviations"),
            ("afkorting", "afkortingen", "alias", "aliassen", "abbreviation", "abbreviations"),
            lambda cell, lookups: cells.split_list(cell),
        ),
        Field("website", _("website"), ("website", "site", "url", "webadres"), url),
        Field("description", _("description"), DESCRIPTION_HEADERS, text(5000)),
        THEMES,
        Field("parent", _("part of"), ("onderdeel van", "part of", "moederorganisatie", "parent"), organisation),
    ),
    key=lambda values: normalise_key(values["name"]),
    existing=_organisations_existing,
    complete=_organisation_complete,
    check=_organisation_check,
    save=_organisation_save,
    describe=lambda values: values["name"],
)
