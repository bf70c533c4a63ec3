"""Checking a list before it is saved: what saving it would give, who is left out, and the checked rows held
(core.staging) until the organiser confirms them."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from activities.models import Activity
from attendance.models import Attendance, AttendanceList, ErasedKey, Participant
from attendance.reading import Reading, Row
from attendance.services.turns import chunks, local_day, start_of_day
from core import staging
from core.models import StagedUpload
from core.text import normalise_key
from network.models import Organisation, OrganisationAlias

# Below this many people a check does not show who is new: on a short list that would tell any editor whether
# the people they typed came to other organisations' activities before.
SPLIT_SHOWN_FROM = 5
# The kind of staged upload that holds a checked list: pseudonym keys, never e-mail addresses.
UPLOAD_KIND = "attendance-list"


@dataclass
class Preview:
    people: int
    # None on a list of fewer than SPLIT_SHOWN_FROM people.
    new_participants: int | None
    first_timers: int | None
    returning: int | None
    skipped: int
    replaces: int | None  # the number of rows of the list it replaces
    unknown_organisations: list[tuple[str, int]]  # kept as written: (name, rows)
    split_shown_from: int = SPLIT_SHOWN_FROM

    @property
    def shrinks(self) -> bool:
        return shrinks(self.people, self.replaces)


def shrinks(people: int, saved: int | None) -> bool:
    """Whether a list of `people` would replace a saved list more than twice as long: likely a part of the list or
    the wrong file, so saving it needs an explicit confirmation."""
    return saved is not None and people * 2 < saved


def held_shrinks(activity: Activity, upload: StagedUpload) -> tuple[int, int] | None:
    """(people on the held list, on the saved list) when the held list would replace a list more than twice as
    long, else None."""
    current = AttendanceList.objects.filter(activity=activity).first()
    people, saved = len(upload.payload["rows"]), current.rows if current else None
    return (people, saved) if saved is not None and shrinks(people, saved) else None


def preview(activity: Activity, reading: Reading) -> Preview:
    """What saving these rows would give, counted as save_list will count it."""
    keys = [row.key for row in reading.rows]
    new_participants = first_timers = returning = None
    if len(keys) >= SPLIT_SHOWN_FROM:
        known = _known_participants(keys)
        day_start = start_of_day(local_day(activity.start))
        returning = 0
        for ids in chunks(list(known.values())):
            returning += (
                Attendance.objects.filter(participant_id__in=ids, activity__start__lt=day_start)
                .exclude(activity=activity)
                .values("participant_id")
                .distinct()
                .count()
            )
        new_participants, first_timers = len(keys) - len(known), len(keys) - returning
    names = Counter(row.organisation for row in reading.rows if row.organisation)
    resolved = resolve_organisations(names)
    current = AttendanceList.objects.filter(activity=activity).first()
    return Preview(
        people=len(keys),
        new_participants=new_participants,
        first_timers=first_timers,
        returning=returning,
        skipped=reading.duplicates + reading.absent,
        replaces=current.rows if current else None,
        unknown_organisations=sorted(
            ((name, count) for name, count in names.items() if resolved[name] is None),
            key=lambda item: (-item[1], item[0]),
        ),
    )


def _known_participants(keys: list[str]) -> dict[str, int]:
    known: dict[str, int] = {}
    for part in chunks(keys):
        known.update(Participant.objects.filter(key__in=part).values_list("key", "pk"))
    return known


def resolve_organisations(names: Iterable[str]) -> dict:
    """Each organisation name as written, resolved to a network organisation where one matches.

    The rules of network.services.resolve_organisation (an alias written the same but for case, then the normalised
    name or alias; an alias that fits two organisations matches none), with two queries per CHUNK names rather than
    two per name. An alias that fits ignoring case has the same normalised key, so loading by key finds it.
    """
    texts = {name: (name or "").strip() for name in names}
    keys = sorted({normalise_key(text) for text in texts.values() if text})
    by_name: dict[str, Organisation] = {}
    by_alias: defaultdict[str, list[OrganisationAlias]] = defaultdict(list)
    for part in chunks(keys):
        by_name.update(
            (organisation.name_key, organisation) for organisation in Organisation.objects.filter(name_key__in=part)
        )
        for alias in OrganisationAlias.objects.filter(key__in=part).select_related("organisation"):
            by_alias[alias.key].append(alias)
    resolved = {}
    for name, text in texts.items():
        key = normalise_key(text)
        aliases = by_alias.get(key, [])
        exact = {
            alias.organisation.pk: alias.organisation for alias in aliases if alias.alias.casefold() == text.casefold()
        }
        if not text or exact:
            resolved[name] = exact.popitem()[1] if len(exact) == 1 else None
            continue
        candidates = [alias.organisation for alias in aliases] + ([by_name[key]] if key in by_name else [])
        resolved[name] = min(candidates, key=lambda organisation: (organisation.name, organisation.pk), default=None)
    return resolved


def erased_keys(keys: list[str]) -> set[str]:
    erased: set[str] = set()
    for part in chunks(keys):
        erased.update(ErasedKey.objects.filter(key__in=part).values_list("key", flat=True))
    return erased


def leave_out_erased(reading: Reading) -> None:
    """Leave out the rows of people who asked to be removed (see ErasedKey), with a note saying how many."""
    erased = erased_keys([row.key for row in reading.rows])
    if not erased:
        return
    reading.rows = [row for row in reading.rows if row.key not in erased]
    reading.note(
        ngettext(
            "%(count)s person asked to be removed from the attendance lists and was left out.",
            "%(count)s people asked to be removed from the attendance lists and were left out.",
            len(erased),
        )
        % {"count": len(erased)}
    )
    if not reading.rows:
        reading.fail(_("Everyone on the list asked to be removed from the attendance lists; there is nothing to save."))


def upload_target(activity: Activity) -> str:
    return f"activity:{activity.pk}"


def hold(activity: Activity, user: User, reading: Reading) -> StagedUpload:
    """Keep checked rows server-side until the organiser confirms. Only the latest check of an activity by a user
    can be confirmed: earlier ones go."""
    rows = [[row.key, row.consent, row.name, row.role, row.sector, row.organisation] for row in reading.rows]
    return staging.stage(user, UPLOAD_KIND, target=upload_target(activity), payload={"rows": rows}, replace=True)


def held(activity: Activity, user: User, token: str) -> StagedUpload | None:
    """The checked list waiting under this token for this user and activity, if it is less than a day old."""
    return staging.find(user, UPLOAD_KIND, token, upload_target(activity))


def held_rows(upload: StagedUpload) -> list[Row]:
    return [
        Row(number, key, consent, name, role, sector, organisation)
        for number, (key, consent, name, role, sector, organisation) in enumerate(upload.payload["rows"], 1)
    ]
