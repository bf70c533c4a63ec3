"""Activities, projects and offerings: heavy-tailed organisers, partners from the neighbourhood and the region,
dates spread over three past years and the coming months."""

import datetime as dt
import math
import random
import time
from collections import defaultdict
from decimal import Decimal

from activities.models import Activity
from activities.services import NewActivity, create_activities
from core.models import CodeList, PublicationStatus
from core.services import free_slug, link_many
from devtools.generator import phrases
from devtools.generator.base import (
    BATCH,
    CLUSTER_CODES,
    KIND_MIX,
    LANGUAGES,
    SCHOOL_SECTORS,
    SECTOR_MIX,
    SECTOR_OFFERING,
    TZ,
    Act,
    Network,
    Region,
    cumulate,
    email_for,
    insert,
    local,
    person_name,
    stamp,
    weighted,
)
from offerings.models import Offering
from offerings.services import NewOffering, create_offerings
from programmes.models import Action
from projects.models import Cluster, Project, ProjectStatus, ProjectUpdate
from projects.services import NewProject, create_projects


def _activity_day(rng: random.Random, today: dt.date, kind: str) -> dt.date:
    """Three past years with the network growing (more activities each year), and the coming months; few
    activities in the summer holiday or at weekends, open days in the open-day season."""
    if rng.random() < 0.8:
        first = dt.date(today.year - 3, 1, 1)
        span = (today - first).days
        day = first + dt.timedelta(days=min(span - 1, int(span * math.sqrt(rng.random()))))
    else:
        day = today + dt.timedelta(days=min(540, int(rng.expovariate(1 / 120))))
    if kind == "open_day":
        day = dt.date(day.year, rng.choice([1, 2, 2, 3, 3, 11]), rng.randint(1, 28))
        return day
    if ((day.month == 7 and day.day > 14) or day.month == 8) and rng.random() < 0.85:
        day += dt.timedelta(days=42)
    if day.weekday() >= 5 and kind != "festival" and rng.random() < 0.9:
        day -= dt.timedelta(days=day.weekday() - 4)
    return day


def _times(rng: random.Random, kind: str, day: dt.date) -> tuple[dt.datetime, dt.datetime, bool]:
    if kind == "series" or (kind in ("festival", "publication") and rng.random() < 0.4):
        last = day + dt.timedelta(days=rng.randint(7, 60) if kind == "series" else rng.randint(0, 2))
        return local(day), local(last), True
    if kind == "open_day":
        if day.weekday() == 5:
            return local(day, 10), local(day, 13), False
        return local(day, 18, 30), local(day, 20, 30), False
    hours = {
        "meeting": [9, 10, 13, 15, 16, 19],
        "workshop": [9, 13, 14, 15],
        "event": [13, 14, 15, 19],
        "festival": [10, 11, 12],
        "publication": [15, 16],
        "other": [9, 10, 14, 16],
    }[kind]
    start = local(day, rng.choice(hours), rng.choice([0, 0, 30]))
    return start, start + dt.timedelta(minutes=rng.choice([60, 90, 120, 120, 180, 240])), False


def _co_organisers(rng, net: Network, region: Region, first: int, count: int) -> list[int]:
    """Partners of an activity or project: half from the same neighbourhood, the rest from the whole region."""
    neighbourhood = net.orgs[first].neighbourhood
    chosen = [first]
    for _n in range(count * 3):
        if len(chosen) > count:
            break
        if rng.random() < 0.5:
            candidate = rng.choice(region.organisations)
            if net.orgs[candidate].neighbourhood != neighbourhood:
                continue
        else:
            candidate = weighted(rng, region.organisations, region.cumulative)
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


def make_activities(net: Network) -> None:
    """Activities of a heavy-tailed set of organisers; about one in four co-organised (the network map's ties);
    92% published (drafts mostly among coming activities); some 45% serve a programme of their region."""
    started = time.perf_counter()
    rng = net.rng("activities")
    count, today = net.targets["activities"], net.today
    kinds, kind_cumulative = [k for k, _w in KIND_MIX], cumulate(w for _k, w in KIND_MIX)
    region_cumulative = cumulate(len(region.organisations) for region in net.regions)
    taken_slugs = set()
    programmes_by_region = defaultdict(list)
    for prog in net.programmes:
        programmes_by_region[prog.region].append(prog)
    pending = []  # (NewActivity, theme indexes, actions, region index)

    def flush():
        create_activities([row[0] for row in pending], taken_slugs=taken_slugs)
        actions = []
        for new, theme_list, action_list, region_index in pending:
            activity = new.activity
            actions.extend((action_pk, activity.pk) for action_pk, _l, _p in action_list)
            act = Act(
                pk=activity.pk,
                day=activity.start.astimezone(TZ).date(),
                kind=activity.kind,
                region=region_index,
                organisers=tuple(new.organisers),
                published=activity.publication_status == PublicationStatus.PUBLISHED,
                themes=tuple(theme_list),
                programmes=tuple(sorted({p for _a, _l, p in action_list})),
                lines=tuple(sorted({line_pk for _a, line_pk, _p in action_list})),
            )
            net.acts.append(act)
            for programme_pk in act.programmes:
                programmes[programme_pk].activities.append(activity.pk)
        link_many(Action.activities, actions)
        pending.clear()

    programmes = {prog.pk: prog for prog in net.programmes}
    sector_codes = [code for code, _w in SECTOR_MIX] + ["gemeente"]
    for _n in range(count):
        region_index = weighted(rng, range(len(net.regions)), region_cumulative)
        region = net.regions[region_index]
        first = weighted(rng, region.organisations, region.cumulative)
        org = net.orgs[first]
        kind = weighted(rng, kinds, kind_cumulative)
        if kind == "open_day" and org.sector not in SCHOOL_SECTORS:
            kind = "event"
        day = _activity_day(rng, today, kind)
        start, end, all_day = _times(rng, kind, day)
        # A quarter are co-organised, mostly by two or three; the odd one by many.
        extra = min(6, int(rng.paretovariate(1.8))) if kind != "open_day" and rng.random() < 0.25 else 0
        organisers = _co_organisers(rng, net, region, first, extra) if extra else [first]
        themes = sorted({rng.choice(org.themes), *rng.sample(range(len(net.themes)), rng.randint(0, 2))})
        action_list = []
        candidates = [prog for prog in programmes_by_region[region_index] if prog.start <= day <= prog.end]
        if candidates and kind != "open_day" and rng.random() < 0.45:
            prog = rng.choice(candidates)
            action_pk, line_pk = rng.choice(prog.actions)
            action_list.append((action_pk, line_pk, prog.pk))
            if rng.random() < 0.06:
                second = rng.choice(prog.actions)
                if second[0] != action_pk:
                    action_list.append((*second, prog.pk))
            if rng.random() < 0.02 and len(candidates) > 1:
                other = rng.choice([p for p in candidates if p is not prog])
                action_list.append((*rng.choice(other.actions), other.pk))
            themes = sorted({*themes, rng.choice(prog.themes)})
        main = net.themes[themes[0]]
        slots = {"theme": main.name, "topic": rng.choice(phrases.THEME_TOPICS[main.slug])}
        if kind == "open_day":
            title = f"Open dag {org.name}"
        else:
            title = net.text(rng, region, phrases.ACTIVITY_TITLES[kind], 1, **slots)
        future = day >= today
        published = rng.random() > (0.15 if future else 0.03)
        neighbourhood = org.neighbourhood
        activity = Activity(
            title=title[:200],
            # Chosen here by create_activities' own rule (free_slug): the registration address is made from it.
            slug=free_slug(title[:200], taken_slugs),
            kind=kind,
            start=start,
            end=end,
            all_day=all_day,
            description=net.text(rng, region, phrases.SENTENCES, rng.randint(2, 4), **slots),
            place=f"{org.name}, {neighbourhood}" if rng.random() < 0.7 else rng.choice(region.places),
            open_for_partners=rng.random() < 0.3,
            publication_status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
            updated_at=stamp(min(today, day - dt.timedelta(days=rng.randint(3, 60)))),
        )
        if rng.random() < 0.3:
            activity.registration_url = f"https://aanmelden.example/{activity.slug}"
        sectors = sorted(set(rng.sample(sector_codes, rng.randint(1, 3))))
        if kind == "open_day":
            activity.school_type = SCHOOL_SECTORS[org.sector]
            activity.neighbourhood = neighbourhood
            activity.languages = CodeList.pack(["nl", *rng.sample(LANGUAGES, rng.choice([0, 0, 1, 2, 3]))])
            sectors = [org.sector]
        line = rng.choice(net.line_pks) if kind == "meeting" and rng.random() < 0.12 else None
        new = NewActivity(
            activity,
            organisers=[net.orgs[i].pk for i in organisers],
            themes=[net.themes[t].pk for t in themes],
            lines=[line] if line else [],
            sectors=sectors,
        )
        pending.append((new, themes, action_list, region_index))
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    net.act_index = {act.pk: act for act in net.acts}
    net.done("activities", len(net.acts), started)


def make_projects(net: Network) -> None:
    """Projects led by one or two organisations (the active ones lead more), with partners from the neighbourhood
    and the region; status follows when they started; a fifth serve a programme's action."""
    started = time.perf_counter()
    rng = net.rng("projects")
    count, today = net.targets["projects"], net.today
    projects, links = [], []
    clusters = list(Cluster)
    programmes_by_region = defaultdict(list)
    for prog in net.programmes:
        programmes_by_region[prog.region].append(prog)
    region_cumulative = cumulate(len(region.organisations) for region in net.regions)
    for number in range(count):
        region_index = weighted(rng, range(len(net.regions)), region_cumulative)
        region = net.regions[region_index]
        first = weighted(rng, region.organisations, region.cumulative)
        organisations = _co_organisers(rng, net, region, first, rng.choice([1, 2, 2, 3, 4, 5, 7]))
        leads = organisations[: 1 + (len(organisations) > 2 and rng.random() < 0.3)]
        partners = organisations[len(leads) :]
        cluster = rng.choice(clusters)
        theme_indexes = sorted({rng.choice(net.orgs[first].themes), *rng.sample(range(len(net.themes)), 1)})
        theme = net.themes[theme_indexes[0]]
        title = net.text(
            rng, region, phrases.PROJECT_TITLES, 1, theme=theme.name, topic=rng.choice(phrases.THEME_TOPICS[theme.slug])
        )
        begun = today - dt.timedelta(days=rng.randint(-120, 4 * 365))
        age = (today - begun).days
        status = (
            ProjectStatus.PLANNED
            if age < 0
            else ProjectStatus.COMPLETED
            if age > 700 and rng.random() < 0.7
            else ProjectStatus.PAUSED
            if rng.random() < 0.05
            else ProjectStatus.RUNNING
        )
        projects.append(
            (
                Project(
                    code=f"{CLUSTER_CODES[cluster]}-{number + 1:05d}",
                    title=title[:200],
                    cluster=cluster,
                    status=status,
                    description=net.text(rng, region, phrases.SENTENCES, rng.randint(2, 4)),
                    publication_status=PublicationStatus.PUBLISHED if rng.random() < 0.9 else PublicationStatus.DRAFT,
                    updated_at=stamp(min(today, max(begun, today - dt.timedelta(days=rng.randint(0, 500))))),
                ),
                leads,
                partners,
                theme_indexes,
                begun,
                region_index,
            )
        )
    made = create_projects(
        [
            NewProject(
                project,
                leads=[net.orgs[i].pk for i in leads],
                partners=[net.orgs[i].pk for i in partners],
                themes=[net.themes[t].pk for t in theme_indexes],
            )
            for project, leads, partners, theme_indexes, _b, _r in projects
        ],
        taken_slugs=set(),
    )
    updates = []
    for project, (_p, _l, _p2, _t, begun, region_index) in zip(made, projects, strict=True):
        if begun < today:
            for _u in range(rng.choice([0, 1, 1, 2, 3])):
                day = begun + dt.timedelta(days=rng.randint(0, (today - begun).days))
                updates.append(
                    ProjectUpdate(
                        project_id=project.pk,
                        date=day,
                        text=net.text(rng, net.regions[region_index], phrases.REPORT_SENTENCES, 2),
                    )
                )
        candidates = [prog for prog in programmes_by_region[region_index] if prog.start <= today]
        if candidates and rng.random() < 0.2:
            action_pk, _line = rng.choice(rng.choice(candidates).actions)
            links.append((action_pk, project.pk))
    insert(ProjectUpdate, updates)
    link_many(Action.projects, links)
    net.done("projects", len(made), started)
    net.counts["project updates"] = len(updates)


def make_offerings(net: Network) -> None:
    """Standing offers, mostly from culture, knowledge institutes and higher education; for primary schools often
    with groups; four in ten free; one in ten past its end date, one in ten a draft."""
    started = time.perf_counter()
    rng = net.rng("offerings")
    count, today = net.targets["offerings"], net.today
    providers = list(range(len(net.orgs)))
    cumulative = cumulate(SECTOR_OFFERING[net.orgs[i].sector] * (net.orgs[i].weight ** 0.5) for i in providers)
    kinds = list(phrases.OFFERING_TITLES)
    audiences_all = ["voorschool", "po", "po", "po", "vo", "vo", "so", "mbo", "hbo", "wo", "professionals", "ouders"]
    offerings = []
    for _n in range(count):
        org = net.orgs[weighted(rng, providers, cumulative)]
        region = net.regions[org.region]
        kind = rng.choice(kinds)
        theme_indexes = sorted({rng.choice(org.themes), *rng.sample(range(len(net.themes)), rng.randint(0, 2))})
        theme = net.themes[theme_indexes[0]]
        title = net.text(
            rng,
            region,
            phrases.OFFERING_TITLES[kind],
            1,
            theme=theme.name,
            organisation=org.name,
            topic=rng.choice(phrases.THEME_TOPICS[theme.slug]),
        )
        audiences = sorted(set(rng.sample(audiences_all, rng.randint(1, 3))))
        grade_from = grade_to = None
        if "po" in audiences and rng.random() < 0.6:
            grade_from = rng.randint(1, 7)
            grade_to = rng.randint(grade_from, 8)
        free = rng.random() < 0.4
        expiry = rng.random()
        contact = person_name(rng)
        offering = Offering(
            provider_id=org.pk,
            title=title[:200],
            kind=kind,
            description=net.text(rng, region, phrases.SENTENCES, rng.randint(2, 4), theme=theme.name),
            audiences=CodeList.pack(audiences),
            grade_from=grade_from,
            grade_to=grade_to,
            is_free=free,
            price=None if free else Decimal(rng.randrange(25, 750, 5)),
            price_note="" if free else rng.choice(["per klas", "per groep", "inclusief materiaal", "per leerling"]),
            duration=rng.choice(["1 uur", "1,5 uur", "een ochtend", "een dagdeel", "4 lessen", "6 weken", ""]),
            place=rng.choice([org.name, f"{org.neighbourhood}, {region.name}", "Op school"]),
            at_school=rng.random() < 0.45,
            languages=CodeList.pack(["nl", *rng.sample(LANGUAGES, rng.choice([0, 0, 0, 1, 2]))]),
            contact=f"{contact}, {email_for(contact, f'{org.slug}.example')}",
            booking=f"https://www.{org.slug}.example/boeken"
            if rng.random() < 0.6
            else "Mail of bel de contactpersoon.",
            expires_on=None
            if expiry < 0.6
            else today + dt.timedelta(days=rng.randint(1, 500))
            if expiry < 0.9
            else today - dt.timedelta(days=rng.randint(1, 400)),
            publication_status=PublicationStatus.PUBLISHED if rng.random() < 0.9 else PublicationStatus.DRAFT,
            updated_at=stamp(today - dt.timedelta(days=rng.randint(0, 900))),
        )
        offerings.append(NewOffering(offering, themes=[net.themes[t].pk for t in theme_indexes]))
    made = create_offerings(offerings, taken_slugs=set())
    net.done("offerings", len(made), started)
