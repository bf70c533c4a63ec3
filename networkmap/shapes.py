"""What the network map is made of: filters, organisations (nodes), ties, the network, and what it says.

The kinds of tie, the filters and the years are explained in networkmap.ties, which builds the network.
"""

import hashlib
import itertools
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Sector

TOP_SECTOR_PAIRS = 10


class TieKind(models.TextChoices):
    ACTIVITY = "activiteit", _("Activity together")
    PROJECT = "project", _("Project together")
    LINE = "lijn", _("Same line")


WORKED_TOGETHER = {TieKind.ACTIVITY, TieKind.PROJECT}
KIND_ORDER = {kind: position for position, kind in enumerate(TieKind.values)}
SECTOR_ORDER = {sector: position for position, sector in enumerate(Sector.values)}


@dataclass(frozen=True)
class Filters:
    theme: str = ""  # a theme's slug
    year: int | None = None
    sectors: tuple[str, ...] = ()  # none: every sector
    kinds: tuple[str, ...] = ()  # none: every kind
    programme: str = ""  # a programme's slug

    @property
    def tie_kinds(self) -> set[str]:
        return set(self.kinds or TieKind.values)

    def key(self) -> str:
        text = "|".join(
            [
                self.theme,
                str(self.year or ""),
                ",".join(sorted(self.sectors)),
                ",".join(sorted(self.kinds)),
                self.programme,
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def member_pairs(members) -> itertools.combinations:
    """Every pair of organisations among members, each pair in id order."""
    return itertools.combinations(sorted(members), 2)


@dataclass(frozen=True)
class Viewer:
    """Whose map: the scope decides which drafts count (visible()); the version is read once per request."""

    user: object
    scope: str
    version: str


@dataclass(slots=True)
class Node:
    id: int
    name: str
    slug: str
    sector: str
    activities: int = 0
    degree: int = 0
    betweenness: float = 0.0
    broker_rank: int | None = None  # 1 for the strongest broker; None for organisations on no shortest route

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label)

    @property
    def betweenness_percent(self) -> float:
        return round(self.betweenness * 100, 1)

    @property
    def betweenness_words(self) -> str:
        """The share of shortest routes through this organisation said as people say it ("about half of ..."):
        "on 50.2% of the shortest routes" meant little to readers."""
        percent = self.betweenness * 100
        if percent >= 85:
            return str(_("Almost all connections between other organisations run through it."))
        if percent >= 70:
            return str(_("About three quarters of the connections between other organisations run through it."))
        if percent >= 60:
            return str(_("About two thirds of the connections between other organisations run through it."))
        if percent >= 40:
            return str(_("About half of the connections between other organisations run through it."))
        if percent >= 1:
            return str(
                _("About 1 in %(count)s connections between other organisations runs through it.")
                % {"count": round(100 / percent)}
            )
        return str(_("Fewer than 1 in 100 connections between other organisations run through it."))


@dataclass(frozen=True, slots=True)
class Tie:
    a: int  # the lower organisation id
    b: int
    kinds: tuple[str, ...]
    records: tuple[tuple[str, int], ...]  # (kind, primary key) of each shared activity, project or line
    years: tuple[int, ...]  # the years evidenced within the filter
    first_year: int | None

    @property
    def weight(self) -> int:
        return len(self.records)

    @property
    def kind_labels(self) -> list[str]:
        return [str(TieKind(kind).label) for kind in self.kinds]


@dataclass
class Network:
    nodes: dict[int, Node]  # by name
    ties: list[Tie]
    organisations_per_year: dict[int, int]
    sampled: int  # sources betweenness was estimated from; 0 when exact


@dataclass
class YearRow:
    year: int
    organisations: int
    ties: int
    new_ties: int


@dataclass
class SectorCount:
    sector: str
    organisations: int

    @property
    def label(self) -> str:
        return str(Sector(self.sector).label)


@dataclass
class SectorPair:
    first: str
    second: str
    ties: int

    @property
    def labels(self) -> str:
        return f"{Sector(self.first).label} – {Sector(self.second).label}"


@dataclass
class Metrics:
    organisations: int
    ties: int
    this_year: int
    new_this_year: int
    per_year: list[YearRow]
    cross_sector: int
    sector_pairs: list[SectorPair]
    brokers: list[Node]
    sampled: int
    isolated: list[Node]
    peripheral: list[Node]
    sectors: list[SectorCount]

    @property
    def cross_sector_percent(self) -> int:
        return round(100 * self.cross_sector / self.ties) if self.ties else 0

    @property
    def top_sector_pairs(self) -> list[SectorPair]:
        return self.sector_pairs[:TOP_SECTOR_PAIRS]

    @property
    def more_sector_pairs(self) -> list[SectorPair]:
        return self.sector_pairs[TOP_SECTOR_PAIRS:]


@dataclass
class Ref:
    title: str
    url: str


@dataclass
class Suggestion:
    first: Node
    second: Node
    themes: list[str] = field(default_factory=list)
    lines: list[Ref] = field(default_factory=list)


@dataclass
class TieRow:
    tie: Tie
    first: Node
    second: Node
    records: list[Ref]
    more: int
