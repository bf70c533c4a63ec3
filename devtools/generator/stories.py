"""Stories told ring by ring about past activities, linked as evidence to reasoning steps, and the Most
Significant Change rounds that select from them."""

import datetime as dt
import math
import random
import time
from collections import defaultdict

from devtools.generator import phrases
from devtools.generator.base import (
    BATCH,
    Network,
    analyse,
    cumulate,
    email_for,
    insert,
    person_name,
    stamp,
    weighted,
)
from stories.models import (
    Consent,
    Selection,
    SelectionRound,
    Story,
    StoryPart,
    StorySource,
    StoryStatus,
    Substantiation,
)
from stories.services import NewStory, create_stories


def make_stories(net: Network) -> None:
    """Stories about past published activities (programme activities and well-attended ones more often), told
    ring by ring: ring 1 nearly always, ring 2 in three of four, ring 3 in under half; dimensions mostly follow
    the ambition's route. Accepted: about four in five once a month has passed; consent allows publication for
    85%. A few are merged into an earlier story of the same activity, some ring-3 claims are substantiated, and
    accepted parts are linked as evidence to the reasoning steps they speak to (stories.services.link_evidence)."""
    started = time.perf_counter()
    rng = net.rng("stories")
    target, today = net.targets["stories"], net.today
    candidates = [act for act in net.acts if act.published and act.day < today]
    cumulative = cumulate(
        (4 if act.programmes else 1) * math.sqrt(net.figures.get(act.pk, (0, 9))[1] or 9) for act in candidates
    )
    programmes = {prog.pk: prog for prog in net.programmes}
    whole = [prog for prog in net.programmes if prog.start <= today]
    last_published = {}  # activity pk → a published story of it, to merge into
    chosen_for_round = defaultdict(list)
    made_total = substantiated = 0
    for batch_number, chunk_start in enumerate(range(0, target, BATCH)):
        if batch_number & (batch_number - 1) == 0:  # 0, 1, 2, 4, 8 …: fresh statistics each time the stories double
            analyse()
        stories, story_meta = [], []
        for _n in range(min(BATCH, target - chunk_start)):
            act = weighted(rng, candidates, cumulative) if candidates and (rng.random() > 0.05 or not whole) else None
            if act is None and not whole:
                act = None
            prog = (
                programmes[act.programmes[0]]
                if act and len(act.programmes) == 1
                else (None if act else rng.choice(whole) if whole else None)
            )
            line = None
            route = None
            if prog is not None:
                own = [(pk, r) for pk, _c, _k, r in prog.lines if act is None or pk in act.lines]
                if act is not None and len(own) == 1:
                    line, route = own[0]
            day = act.day if act else max(prog.start, today - dt.timedelta(days=400)) if prog else today
            collected = min(today, day + dt.timedelta(days=rng.randint(0, 60)))
            age = (today - collected).days
            draw = rng.random()
            if age < 30:
                status = StoryStatus.NEW if draw < 0.6 else StoryStatus.PUBLISHED
            else:
                status = (
                    StoryStatus.PUBLISHED
                    if draw < 0.82
                    else StoryStatus.NEW
                    if draw < 0.88
                    else StoryStatus.REJECTED
                    if draw < 0.96
                    else StoryStatus.MERGED
                )
            merged_into = None
            if status == StoryStatus.MERGED:
                merged_into = last_published.get(act.pk) if act else None
                if merged_into is None:
                    status = StoryStatus.PUBLISHED
            draw = rng.random()
            consent = Consent.ROLE if draw < 0.6 else Consent.NAMED if draw < 0.85 else Consent.INTERNAL
            region = net.regions[act.region if act else prog.region if prog else 0]
            org = net.orgs[weighted(rng, region.organisations, region.cumulative)]
            named = consent == Consent.NAMED
            name = person_name(rng) if named else ""
            source = rng.choice(
                [StorySource.FORM] * 7 + [StorySource.INTERVIEW] * 2 + [StorySource.SURVEY, StorySource.DOCUMENT]
            )
            theme_pool = act.themes if act else prog.themes
            story = Story(
                programme_id=prog.pk if prog else None,
                line_id=line,
                activity_id=act.pk if act else None,
                link_id=prog.link if prog and source == StorySource.FORM else None,
                respondent_role=rng.choice(phrases.ROLES[org.sector]),
                sector=org.sector,
                respondent_name=name,
                organisation_name=org.name if named or rng.random() < 0.4 else "",
                organisation_id=org.pk if named or rng.random() < 0.3 else None,
                email=email_for(name, f"{org.slug}.example") if named and rng.random() < 0.5 else "",
                consent=consent,
                quote=rng.choice(phrases.QUOTES) if rng.random() < 0.4 else "",
                source=source,
                collected_on=collected,
                status=status,
                merged_into_id=merged_into,
                reject_reason="Gaat niet over een activiteit van het netwerk."
                if status == StoryStatus.REJECTED
                else "",
                created_at=stamp(collected),
                updated_at=stamp(min(today, collected + dt.timedelta(days=rng.randint(0, 20)))),
            )
            stories.append(story)
            rings = [ring for ring, chance in ((1, 0.95), (2, 0.75), (3, 0.45)) if rng.random() < chance] or [1]
            story_meta.append(
                (act, prog, route, rings, sorted(set(rng.sample(theme_pool, min(len(theme_pool), rng.randint(1, 2))))))
            )
        new = []
        for story, (act, prog, route, rings, theme_indexes) in zip(stories, story_meta, strict=True):
            region = net.regions[act.region if act else prog.region if prog else 0]
            parts = {}
            for ring in rings:
                dimension = route[ring] if route and rng.random() < 0.6 else rng.choice(net.dimensions[ring])
                parts[ring] = (dimension, net.text(rng, region, phrases.STORY_RING_SENTENCES[ring], rng.randint(1, 3)))
            new.append(NewStory(story, parts=parts, themes=[net.themes[t].pk for t in theme_indexes]))
            if story.status == StoryStatus.PUBLISHED and prog is not None and story.consent != Consent.INTERNAL:
                pool = chosen_for_round[prog.pk]  # stories, their keys known once created
                if len(pool) < 30:
                    pool.append(story)
                elif rng.random() < 0.1:
                    pool[rng.randrange(30)] = story
        made = create_stories(new)
        for story, (act, *_rest) in zip(made, story_meta, strict=True):
            if story.status == StoryStatus.PUBLISHED and act is not None:
                last_published[act.pk] = story.pk
        accepted_claims = StoryPart.objects.filter(story__in=made, story__status=StoryStatus.PUBLISHED, ring=3)
        substantiations = []
        for part_pk, collected_on in accepted_claims.order_by("pk").values_list("pk", "story__collected_on"):
            if rng.random() < 0.1:
                substantiations.append(
                    Substantiation(
                        part_id=part_pk,
                        name=person_name(rng),
                        role=rng.choice(["schoolleider", "wethouder", "bestuurder"]),
                        date=min(today, collected_on + dt.timedelta(days=rng.randint(5, 90))),
                        note="Bevestigt dat de samenwerking sindsdien vast is geregeld.",
                    )
                )
        insert(Substantiation, substantiations)
        made_total += len(made)
        substantiated += len(substantiations)
    _make_rounds(net, rng, chosen_for_round)
    net.done("stories", made_total, started)
    net.counts.update(
        {
            "story parts": StoryPart.objects.count(),
            "substantiations": substantiated,
            "evidence links": StoryPart.reasoning_steps.through.objects.count(),
        }
    )


def _make_rounds(net: Network, rng: random.Random, chosen: dict) -> None:
    """A Most Significant Change round for each programme with enough accepted stories."""
    rounds, meta = [], []
    for prog in net.programmes:
        pool = chosen.get(prog.pk, [])
        if len(pool) < 5:
            continue
        held = net.today - dt.timedelta(days=rng.randint(5, 300))
        rounds.append(
            SelectionRound(
                programme_id=prog.pk,
                title=f"Verhalenronde {held.year}",
                panel="De binnenkring: vijf partners uit po, vo, mbo, hbo en gemeente.",
                held_on=held,
                is_closed=(net.today - held).days > 30,
            )
        )
        meta.append(rng.sample(pool, rng.randint(3, min(8, len(pool)))))
    selections = []
    for selection_round, stories in zip(insert(SelectionRound, rounds), meta, strict=True):
        selections.extend(
            Selection(round_id=selection_round.pk, story_id=story.pk, reason=rng.choice(phrases.QUOTES))
            for story in stories
        )
    insert(Selection, selections)
    net.counts["selections"] = len(selections)
