"""Head counts: attendance lists with participants (first-time flags by the rules of attendance.services) and,
for other past activities, figures counted by hand."""

import array
import datetime as dt
import time
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from attendance.models import Attendance, AttendanceList, Participant
from core.pseudonyms import key_for
from devtools.generator import phrases
from devtools.generator.base import ATTENDANCE_SIZE, Act, Network, cumulate, insert, person_name, stamp, weighted
from impact.models import ActivityFigures, Composition, MediaReach, SurveyResult
from impact.services import NewFigures, create_activity_figures


def _has_door(act: Act) -> bool:
    # As attendance.demo: series and broadcasts have no door at which people are counted.
    return act.kind not in ("series", "publication")


def make_attendance(net: Network) -> None:
    """Attendance lists for past published activities (most programme activities, some others) with exactly the
    declared number of participations in all. People have a heavy-tailed appetite (a returning core, many who come
    once) and stay in their region. First-time flags and head counts follow attendance.services: a person is a
    first-timer at every activity of the local day they were first seen; the figures hold the list's counts."""
    started = time.perf_counter()
    rng = net.rng("attendance")
    target, today = net.targets["participations"], net.today
    candidates = [act for act in net.acts if act.published and act.day < today and _has_door(act)]
    rng.shuffle(candidates)
    candidates.sort(key=lambda act: not act.programmes)  # programme activities first: they keep lists most
    sizes, chosen = [], []
    for act in candidates:
        if sum(sizes) >= target:
            break
        if not act.programmes and rng.random() < 0.5:
            continue
        low, high = ATTENDANCE_SIZE[act.kind]
        sizes.append(min(high * 3, int(low * rng.paretovariate(1.5)) if rng.random() < 0.8 else rng.randint(low, high)))
        chosen.append(act)
    if not chosen:  # a tiny network with no past activity: there is nothing to attend
        net.done("participations", 0, started)
        return
    people_count = max(max(sizes), target * 10 // 33)
    # Fit the total exactly: trim the last lists or spread what is missing over all of them.
    while sum(sizes) > target:
        excess = sum(sizes) - target
        sizes[-1] -= min(excess, sizes[-1] - 1)
        if sum(sizes) > target:
            sizes.pop(), chosen.pop()
    missing = target - sum(sizes)
    people_count = max(people_count, (target + len(sizes) - 1) // len(sizes))
    index = 0
    while missing:
        if sizes[index % len(sizes)] < people_count:
            sizes[index % len(sizes)] += 1
            missing -= 1
        index += 1

    # People: per region, each with a Pareto appetite; a home organisation, sector and role.
    regions = len(net.regions)
    person_region = array.array("i", (number % regions for number in range(people_count)))
    pools = [[n for n in range(people_count) if person_region[n] == r] for r in range(regions)]
    appetite = [rng.paretovariate(1.1) for _n in range(people_count)]
    pool_cumulative = [cumulate(appetite[n] for n in pool) for pool in pools]
    listed = {}  # activity pk → array of person numbers
    for act, size in zip(chosen, sizes, strict=True):
        pool, cumulative = pools[act.region], pool_cumulative[act.region]
        if not pool:
            pool, cumulative = pools[0], pool_cumulative[0]
        size = min(size, len(pool))
        if size * 2 > len(pool):
            people = rng.sample(pool, size)
        else:
            seen = {}
            while len(seen) < size:
                for number in rng.choices(pool, cum_weights=cumulative, k=size - len(seen) + 5):
                    seen.setdefault(number, None)
            people = list(seen)[:size]
        listed[act.pk] = array.array("i", people)
    # A short list may have been cut to its pool; make up the total on the largest lists.
    shortfall = target - sum(len(people) for people in listed.values())
    for act in sorted(chosen, key=lambda act: -len(listed[act.pk])):
        if shortfall <= 0:
            break
        pool = pools[act.region] or pools[0]
        present = set(listed[act.pk])
        extra = [n for n in pool if n not in present][:shortfall]
        listed[act.pk].extend(extra)
        shortfall -= len(extra)

    first_day = {}
    for act in chosen:
        for number in listed[act.pk]:
            if number not in first_day or act.day < first_day[number]:
                first_day[number] = act.day
    numbers = sorted(first_day)
    participants = []
    for number in numbers:
        consent = rng.random() < 0.05
        participants.append(
            Participant(
                key=key_for(f"deelnemer-{number:07d}@voorbeeld.invalid"),
                display_name=person_name(rng) if consent else "",
                created_at=stamp(first_day[number]),
            )
        )
    made = insert(Participant, participants)
    participant_pk = dict(zip(numbers, (participant.pk for participant in made), strict=True))
    del participants, made

    # A profile per person: an organisation of their region (or none), its sector, a role.
    profile = {}
    for number in numbers:
        region = net.regions[person_region[number]]
        if rng.random() < 0.8:
            org = net.orgs[
                weighted(rng, region.organisations, region.cumulative)
                if rng.random() < 0.5
                else rng.choice(region.organisations)
            ]
            written = org.alias if org.alias and rng.random() < 0.3 else org.name
            profile[number] = (org.pk, written, org.sector, rng.choice(phrases.ROLES[org.sector]))
        else:
            profile[number] = (None, "", "", rng.choice(["ouder", "bewoner", ""]))
    with translation.override(settings.LANGUAGE_CODE):
        sources = {}
        for act in chosen:
            rows = len(listed[act.pk])
            sources[act.pk] = ngettext("attendance list (%(rows)s row)", "attendance list (%(rows)s rows)", rows) % {
                "rows": rows
            }
    figures, lists, total = [], [], 0

    def rows():
        nonlocal total
        for act in chosen:
            first_timers = 0
            for number in listed[act.pk]:
                org_pk, written, sector, role = profile[number]
                first = first_day[number] == act.day
                first_timers += first
                total += 1
                yield Attendance(
                    activity_id=act.pk,
                    participant_id=participant_pk[number],
                    role=role,
                    sector=sector,
                    organisation_id=org_pk,
                    organisation_name=written,
                    first_time=first,
                )
            participants_count = len(listed[act.pk])
            saved = stamp(min(today, act.day + dt.timedelta(days=rng.randint(0, 14))))
            figures.append(
                ActivityFigures(
                    activity_id=act.pk,
                    participants=participants_count,
                    first_timers=first_timers,
                    source=sources[act.pk],
                    updated_at=saved,
                )
            )
            lists.append(
                AttendanceList(
                    activity_id=act.pk,
                    rows=participants_count,
                    saved_at=saved,
                    figures_source=sources[act.pk],
                    written_participants=participants_count,
                    written_first_timers=first_timers,
                    created_figures=True,
                )
            )

    insert(Attendance, rows())
    made_figures = insert(ActivityFigures, figures)
    insert(AttendanceList, lists)
    for item in made_figures:
        net.figures[item.activity_id] = (item.pk, item.participants)
    net.done("participations", total, started)
    net.counts.update({"participants": len(numbers), "attendance lists": len(lists)})


def make_figures(net: Network) -> None:
    """Head counts recorded by hand for a third of the other past activities, some with the make-up of the
    audience, media reach, a survey result or partner organisations involved."""
    started = time.perf_counter()
    rng = net.rng("figures")
    today = net.today
    pending = []
    for act in net.acts:
        if act.day >= today or act.pk in net.figures or rng.random() > 0.33:
            continue
        low, high = ATTENDANCE_SIZE[act.kind]
        participants = rng.randint(low, high * 2)
        first_timers = rng.randint(0, participants) if rng.random() < 0.4 else None
        pending.append(
            ActivityFigures(
                activity_id=act.pk,
                participants=participants,
                first_timers=first_timers,
                source=rng.choice(["telling bij de deur", "registratie organisator", "aanmeldlijst", "schatting"]),
                updated_at=stamp(min(today, act.day + dt.timedelta(days=rng.randint(0, 30)))),
            )
        )
    compositions, media, surveys, new = [], [], [], []
    for item in pending:
        act = net.act_index[item.activity_id]
        if rng.random() < 0.2:
            left = 100.0
            for group in rng.sample(["leraren", "schoolleiders", "ouders", "studenten", "beleidsmakers"], 2):
                share = round(rng.uniform(10, left * 0.8), 1)
                left -= share
                compositions.append(
                    Composition(figures=item, group=group, share_percent=Decimal(str(share)), base=item.participants)
                )
        if act.kind in ("festival", "publication", "series") or rng.random() < 0.05:
            kind = rng.choice(["video", "podcast", "article", "social"])
            unit = {"video": "weergaven", "podcast": "luisteraars", "article": "lezers", "social": "volgers"}[kind]
            media.append(
                MediaReach(
                    figures=item,
                    kind=kind,
                    count=rng.randint(1, 5),
                    reach=rng.randint(100, 20_000),
                    unit=unit,
                    source="eigen statistieken",
                )
            )
        if rng.random() < 0.1:
            surveys.append(
                SurveyResult(
                    figures=item,
                    question="Ging met energie naar huis",
                    share_percent=Decimal(str(round(rng.uniform(60, 100), 1))),
                    respondents=rng.randint(5, item.participants),
                )
            )
        involved = []
        if len(act.organisers) > 1 or rng.random() < 0.15:
            region = net.regions[act.region]
            others = {
                net.orgs[weighted(rng, region.organisations, region.cumulative)].pk for _n in range(rng.randint(1, 3))
            } - set(act.organisers)
            involved = sorted(others)
        new.append(NewFigures(item, involved=involved))
    made = create_activity_figures(new)
    for item in made:
        net.figures[item.activity_id] = (item.pk, item.participants)
    for model, rows in ((Composition, compositions), (MediaReach, media), (SurveyResult, surveys)):
        insert(model, rows)
    net.done("hand-counted figures", len(made), started)
