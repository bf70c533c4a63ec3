"""The directory: themes (with the impact model's defaults), regions, organisations with aliases and people, the
network profile, and the sight and cross lines."""

import datetime as dt
import math
import random
import time
from collections import defaultdict

from core.services import free_slug
from core.text import normalise_key
from devtools.generator import name_parts, phrases
from devtools.generator.base import (
    CITY,
    ORGANISATIONS_PER_REGION,
    SECTOR_ACTIVITY,
    SECTOR_MIX,
    SHORT_SLUG,
    Network,
    Org,
    Region,
    cumulate,
    email_for,
    insert,
    person_name,
    stamp,
    weighted,
)
from impact.defaults import create_defaults
from impact.models import Dimension, ImpactModel, Ring, TargetGroup
from network.models import Line, LineQuestion, NetworkProfile, NetworkRole, Organisation, Person, Theme
from network.services import NewOrganisation, create_organisations, create_people


def make_themes(net: Network) -> None:
    started = time.perf_counter()
    net.themes = insert(Theme, (Theme(slug=slug, name=name, name_en=name_en) for slug, name, name_en in phrases.THEMES))
    create_defaults(ImpactModel, Ring, Dimension, TargetGroup)
    for dimension in Dimension.objects.filter(retired=False).select_related("ring").order_by("pk"):
        net.dimensions.setdefault(dimension.ring.number, []).append(dimension.pk)
    net.done("themes", len(net.themes), started)


def _place(rng: random.Random) -> str:
    root, ending = rng.choice(name_parts.PLACE_ROOTS), rng.choice(name_parts.PLACE_ENDINGS)
    return f"{rng.choice(name_parts.PLACE_PREFIXES)}{root}{ending}"


def make_regions(net: Network) -> None:
    rng = net.rng("regions")
    count = max(1, round(net.targets["organisations"] / ORGANISATIONS_PER_REGION))
    used = set()
    for _n in range(count):
        while (name := _place(rng)) in used:
            pass
        used.add(name)
        places = [name, *(_place(rng) for _m in range(rng.randint(2, 5)))]
        area = f"{rng.choice(name_parts.PLACE_ROOTS)}{rng.choice(['land', 'streek', 'gouw', 'waard'])}"
        neighbourhoods = sorted(
            {
                f"{rng.choice(name_parts.NEIGHBOURHOOD_ROOTS)}{rng.choice(name_parts.NEIGHBOURHOOD_ENDINGS)}"
                for _m in range(rng.randint(8, 16))
            }
        )
        net.regions.append(Region(name=name, area=area, places=places, neighbourhoods=neighbourhoods))


def _org_name(rng: random.Random, sector: str, region: Region, neighbourhood: str) -> str:
    fill = {
        "article": rng.choice(name_parts.ARTICLES),
        "noun": rng.choice(name_parts.SCHOOL_NOUNS),
        "place": rng.choice(region.places),
        "region": region.area,
        "neighbourhood": neighbourhood,
        "surname": rng.choice(name_parts.SURNAMES),
        "surname2": rng.choice(name_parts.SURNAMES),
        "topic": rng.choice(name_parts.KNOWLEDGE_TOPICS),
    }
    if sector == "po":
        return f"{rng.choice(name_parts.PO_PREFIXES)} {fill['article']} {fill['noun']}"
    patterns = {
        "vo": name_parts.VO_PATTERNS,
        "so": name_parts.SO_PATTERNS,
        "mbo": name_parts.MBO_PATTERNS,
        "hbo": name_parts.HBO_PATTERNS,
        "wo": name_parts.WO_PATTERNS,
        "kinderopvang": name_parts.KINDEROPVANG_PATTERNS,
        "voorschool": name_parts.VOORSCHOOL_PATTERNS,
        "cultuur": name_parts.CULTUUR_PATTERNS,
        "welzijn_zorg": name_parts.WELZIJN_PATTERNS,
        "bedrijf": name_parts.BEDRIJF_PATTERNS,
        "kennisinstelling": name_parts.KENNIS_PATTERNS,
        "overig": name_parts.OVERIG_PATTERNS,
    }[sector]
    return rng.choice(patterns).format_map(fill)


def _alias(name: str) -> str:
    """Initials as documents abbreviate ('Basisschool De Regenboog' → 'BDR')."""
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isalpha()).upper()


def make_organisations(net: Network) -> None:
    """Organisations per region: a hub (the network's own organisation), the municipality with departments, mbo
    and hbo, then a mix like a real city's. Each draws a heavy-tailed activity weight (SECTOR_ACTIVITY times a
    Pareto draw); ranked within the region, the weights fall off as 1/(rank + 5): a few organisations organise
    hundreds of activities, most a handful."""
    started = time.perf_counter()
    rng = net.rng("organisations")
    total, regions = net.targets["organisations"], net.regions
    sectors, cumulative = [s for s, _w in SECTOR_MIX], cumulate(w for _s, w in SECTOR_MIX)
    keys = set()
    rows = []  # (name, sector, region, neighbourhood, parent row index or None, score)

    def add(name, sector, region, neighbourhood, parent=None, score=None):
        key = normalise_key(name)
        if key in keys:
            name = f"{name} ({neighbourhood})"
            key = normalise_key(name)
        number = 2
        base = name
        while key in keys:
            name, number = f"{base} {number}", number + 1
            key = normalise_key(name)
        keys.add(key)
        if score is None:
            score = SECTOR_ACTIVITY[sector] * rng.paretovariate(1.3)
        rows.append((name, sector, region, neighbourhood, parent, score))
        return len(rows) - 1

    for index, region in enumerate(regions):
        quota = total // len(regions) + (1 if index < total % len(regions) else 0)
        first = len(rows)
        centre = region.neighbourhoods[0]
        fixed = [
            (f"Onderwijsnetwerk {region.name}", "overig", 1000.0),
            (f"Gemeente {region.name}", "gemeente", 500.0),
            (f"ROC {region.area}", "mbo", None),
            (f"Hogeschool {region.name}", "hbo", None),
        ]
        if index == 0:
            fixed.append((f"Universiteit {region.name}", "wo", None))
        for name, sector, score in fixed[: max(1, min(len(fixed), quota // 10 + 1))]:
            parent = add(name, sector, index, centre, score=score)
            if quota >= 50 and sector in ("gemeente", "hbo", "wo"):
                departments = name_parts.MUNICIPALITY_DEPARTMENTS if sector == "gemeente" else name_parts.DEPARTMENTS
                for department in rng.sample(departments, 3 if sector != "hbo" else 2):
                    add(f"{name} – {department}", sector, index, centre, parent=parent)
        while len(rows) - first < quota:
            sector = weighted(rng, sectors, cumulative)
            neighbourhood = rng.choice(region.neighbourhoods)
            add(_org_name(rng, sector, region, neighbourhood), sector, index, neighbourhood)
        del rows[first + quota :]

    taken_slugs, organisations = set(), []
    for name, sector, region, _neighbourhood, _parent, _score in rows:
        # Chosen here by the service's own rule (free_slug): the website and e-mail domains are made from it.
        slug = free_slug(name, taken_slugs)
        description = net.text(rng, regions[region], phrases.SENTENCES[:4], 2)
        organisations.append(
            Organisation(
                name=name,
                slug=slug,
                sector=sector,
                website=f"https://www.{slug}.example/",
                description=description,
                updated_at=stamp(net.today - dt.timedelta(days=rng.randint(1, 900))),
            )
        )
    theme_count = len(net.themes)
    for name, sector, region, neighbourhood, _parent, score in rows:
        themes = rng.sample(range(theme_count), rng.randint(1, 3))
        net.orgs.append(
            Org(
                pk=0,
                name=name,
                slug="",
                sector=sector,
                region=region,
                neighbourhood=neighbourhood,
                weight=score,
                themes=themes,
            )
        )
    for index, region in enumerate(regions):
        members = sorted(
            (i for i, org in enumerate(net.orgs) if org.region == index), key=lambda i: -net.orgs[i].weight
        )
        for rank, i in enumerate(members):
            net.orgs[i].weight = 1 / (rank + 5)
        region.organisations = members
        region.cumulative = cumulate(net.orgs[i].weight for i in members)
    alias_keys = set()
    for org in net.orgs:
        if org.weight > 0.02 or rng.random() < 0.15:
            alias = _alias(org.name)
            key = normalise_key(alias)
            if len(alias) >= 2 and key not in alias_keys and key not in keys:
                alias_keys.add(key)
                org.alias = alias

    def new(i: int) -> NewOrganisation:
        org = net.orgs[i]
        return NewOrganisation(
            organisations[i], aliases=[org.alias] if org.alias else [], themes=[net.themes[t] for t in org.themes]
        )

    # Parents first (create_organisations wants a parent stored before its departments).
    create_organisations([new(i) for i, row in enumerate(rows) if row[4] is None], taken_slugs=taken_slugs)
    for i, row in enumerate(rows):
        if row[4] is not None:
            organisations[i].parent_id = organisations[row[4]].pk
    create_organisations([new(i) for i, row in enumerate(rows) if row[4] is not None], taken_slugs=taken_slugs)
    for org, organisation in zip(net.orgs, organisations, strict=True):
        org.pk, org.slug = organisation.pk, organisation.slug
    _make_people(net, rng)
    _make_profile(net)
    net.done("organisations", len(net.orgs), started)
    net.counts["people"] = len(net.people)


def _make_people(net: Network, rng: random.Random) -> None:
    people = []
    for index, org in enumerate(net.orgs):
        count = 1 + (rng.random() < 0.5) + (3 if org.weight > 0.05 else 1 if org.weight > 0.02 else 0)
        for number in range(count):
            name = person_name(rng)
            role = (
                "coordinator"
                if org.name.startswith("Onderwijsnetwerk") and number == 0
                else ("verkenner" if number == 0 else "medewerker")
            )
            people.append(
                (
                    Person(
                        name=name,
                        role=role,
                        job_title=rng.choice(phrases.PERSON_TITLES),
                        organisation_id=org.pk,
                        email=email_for(name, f"{org.slug}.example"),
                    ),
                    index,
                )
            )
    made = create_people([person for person, _i in people])
    net.people = [(person.pk, person.name, index) for person, (_p, index) in zip(made, people, strict=True)]


def _make_profile(net: Network) -> None:
    region = net.regions[0]
    profile = NetworkProfile.objects.create(
        name=f"Onderwijsnetwerk {region.name}",
        short_name=f"ON{region.name[:3].upper()}",
        tagline=f"Samen leren en vernieuwen in het onderwijs van {region.name}.",
        tagline_en=f"Learning and innovating together in the schools of {region.name}.",
        ambition="Elk kind in de stad krijgt de kansen die het verdient.",
        ambition_en="Every child in the city gets the chances it deserves.",
        values="Samen\nNieuwsgierig\nDichtbij",
        values_en="Together\nCurious\nClose by",
    )
    NetworkRole.objects.bulk_create(
        NetworkRole(profile=profile, key=key, name=name, name_en=name_en, text=text, position=position)
        for position, (key, name, name_en, text) in enumerate(phrases.NETWORK_ROLES)
    )


def make_lines(net: Network) -> None:
    """Sight lines and cross lines, a dozen for a city, with holders from the larger organisations."""
    started = time.perf_counter()
    rng = net.rng("lines")
    count = max(2, round(12 * math.sqrt(net.targets["organisations"] / CITY["organisations"])))
    slugs, names, lines, holders, questions = set(), set(), [], [], []
    by_org = defaultdict(list)
    for pk, _name, index in net.people:
        by_org[index].append(pk)
    for number in range(count):
        theme = rng.choice(net.themes)
        kind = "zichtlijn" if number % 5 < 3 else "dwarslijn"
        name = f"{'Zichtlijn' if kind == 'zichtlijn' else 'Dwarslijn'} {theme.name}"
        if name in names:
            name = f"{name} {net.regions[number % len(net.regions)].name}"
        if name in names:
            name = f"{name} {number}"
        names.add(name)
        region = net.regions[number % len(net.regions)]
        lines.append(
            Line(
                name=name,
                slug=free_slug(name, slugs, SHORT_SLUG),
                kind=kind,
                purpose=net.text(rng, region, phrases.SENTENCES, 2, topic=phrases.THEME_TOPICS[theme.slug][0]),
            )
        )
    made = insert(Line, lines)
    net.line_pks = [line.pk for line in made]
    theme_through, holder_through = Line.themes.through, Line.holders.through
    theme_rows = []
    for line in made:
        region = net.regions[rng.randrange(len(net.regions))]
        for theme_index in rng.sample(range(len(net.themes)), 2):
            theme_rows.append(theme_through(line_id=line.pk, theme_id=net.themes[theme_index].pk))
        chosen = set()
        for _h in range(rng.randint(1, 3)):
            org = weighted(rng, region.organisations, region.cumulative)
            if by_org[org]:
                chosen.add(rng.choice(by_org[org]))
        holders.extend(holder_through(line_id=line.pk, person_id=pk) for pk in sorted(chosen))
        for position in range(rng.randint(2, 3)):
            questions.append(
                LineQuestion(
                    line=line,
                    position=position,
                    text=net.text(
                        rng,
                        region,
                        [
                            "Hoe versterken we {topic} in {neighbourhood}?",
                            "Wie heeft ervaring met {topic}?",
                            "Wat werkt bij {topic} voor {group}?",
                        ],
                        1,
                    ),
                )
            )
    insert(theme_through, theme_rows)
    insert(holder_through, holders)
    insert(LineQuestion, questions)
    Person.objects.filter(pk__in=[row.person_id for row in holders]).update(role="zichthouder")
    net.done("lines", len(made), started)
