"""The attendance pages: who may use them, the check-then-save flow, export, removal, erasure requests."""

import io
import json
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance import services
from attendance.forms import ListForm
from attendance.models import Attendance, AttendanceList, ErasedKey, Participant
from attendance.reading import read_text
from attendance.services import first_time
from attendance.tests.helpers import activity_on, at, rows
from core.exports import safe_cell
from core.models import StagedUpload
from core.pseudonyms import key_for
from core.tabular import MAX_UPLOAD_BYTES
from impact.models import ActivityFigures
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "naam;e-mail;rol;sector;organisatie;toestemming\n"
    "Anna Jansen;anna@school.nl;leerkracht;po;Organisatie A;ja\n"
    "Bob;BOB@school.nl;docent;Voortgezet onderwijs;Elders;\n"
    "Bob;bob@school.nl ;docent;vo;;\n"
)


@pytest.fixture
def activity(org_a):
    return ActivityFactory(title="Nacht van de Leraar", start=at("2025-10-09", 17), organisers=[org_a])


def page(activity, *, english=True):
    return f"{'/en' if english else ''}/agenda/{activity.slug}/aanwezigheid/"


def check(client, activity, content=GOOD, name="lijst.csv"):
    return client.post(page(activity), {"file": SimpleUploadedFile(name, content.encode("utf-8"))})


def confirm(client, activity, token, action="save"):
    return client.post(f"{page(activity)}opslaan/", {"token": token, "action": action})


# --- Who may ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona_client", "expected"),
    [
        ("anonymous", 302),
        ("editor_b", 403),
        ("editor_a", 200),
        ("coordinator", 200),
    ],
    indirect=["persona_client"],
)
def test_the_page_is_for_the_organisers_editors_and_coordinators(persona_client, expected, activity):
    response = persona_client.get(page(activity))
    assert response.status_code == expected
    if expected == 302:
        assert "/account/inloggen/" in response["Location"]


@pytest.mark.parametrize(
    ("persona_client", "expected"), [("anonymous", 302), ("editor_b", 403)], indirect=["persona_client"]
)
def test_others_cannot_check_save_export_or_remove(persona_client, expected, activity, editor_a):
    services.save_list(activity, rows("a@x.nl"), editor_a)
    upload = services.hold(activity, editor_a, read_text("b@x.nl"))
    for response in (
        check(persona_client, activity),
        confirm(persona_client, activity, upload.token),
        persona_client.get(f"{page(activity)}lijst.csv"),
        persona_client.post(f"{page(activity)}verwijderen/"),
    ):
        assert response.status_code == expected
        if expected == 302:
            assert "/account/inloggen/" in response["Location"]
    assert Attendance.objects.count() == 1 and AttendanceList.objects.exists() and StagedUpload.objects.exists()


def test_member_without_organisation_is_refused(member_client, activity):
    assert member_client.get(page(activity)).status_code == 403


@pytest.mark.parametrize(
    ("persona_client", "expected"),
    [
        ("anonymous", 302),
        ("editor_a", 403),
        ("coordinator", 200),
    ],
    indirect=["persona_client"],
)
def test_overview_and_erasure_are_for_coordinators(persona_client, expected):
    for url in ("/en/aanwezigheid/", "/en/aanwezigheid/verwijderverzoek/"):
        assert persona_client.get(url).status_code == expected


def test_the_activity_page_links_to_attendance_for_those_who_may_edit(editor_a_client, anonymous_client, activity):
    assert page(activity, english=False) in editor_a_client.get(activity.get_absolute_url()).content.decode()
    assert "aanwezigheid" not in anonymous_client.get(activity.get_absolute_url()).content.decode()


# --- Check, then save -------------------------------------------------------------------------------------------


def test_check_shows_counts_and_notes_then_saves_on_confirmation(editor_a_client, activity, org_a):
    services.save_list(activity_on("2025-01-15"), rows("anna@school.nl"), None)
    response = check(editor_a_client, activity)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.people, preview.skipped) == (2, 1)
    assert preview.unknown_organisations == [("Elders", 1)]
    body = response.content.decode()
    assert "The same person as in row 3; counted once." in body
    assert not Attendance.objects.filter(activity=activity).exists()  # nothing saved before confirmation
    assert "anna@school.nl" not in json.dumps(StagedUpload.objects.get().payload)  # only keys wait for confirmation

    response = confirm(editor_a_client, activity, response.context["upload"].token)
    assert response.status_code == 302
    saved = Attendance.objects.filter(activity=activity).select_related("participant")
    assert sorted((row.participant.display_name, row.first_time, row.organisation_id) for row in saved) == [
        ("", True, None),
        ("Anna Jansen", False, org_a.pk),
    ]
    assert ActivityFigures.objects.get(activity=activity).participants == 2
    assert not StagedUpload.objects.exists()
    body = editor_a_client.get(page(activity)).content.decode()
    assert "now come from this list" in body and "Primary education" in body and "leerkracht" in body


def test_a_short_list_does_not_tell_who_came_before(editor_a_client, activity, org_b):
    # Anna came to another organisation's activity; an editor typing her address alone must not learn that.
    services.save_list(activity_on("2025-01-15", organisers=[org_b]), rows("anna@school.nl"), None)
    response = editor_a_client.post(page(activity), {"text": "anna@school.nl"})
    preview = response.context["preview"]
    assert preview.people == 1
    assert (preview.first_timers, preview.returning, preview.new_participants) == (None, None, None)
    body = response.content.decode()
    assert "Returning" not in body and "Not on any list before" not in body
    assert "shown for lists of 5 people or more: on a shorter list they would reveal" in body

    five = "\n".join(["anna@school.nl", *(f"p{number}@school.nl" for number in range(4))])
    preview = editor_a_client.post(page(activity), {"text": five}).context["preview"]
    assert (preview.people, preview.first_timers, preview.returning, preview.new_participants) == (5, 4, 1, 4)


def test_confirming_twice_saves_once(editor_a_client, activity):
    token = check(editor_a_client, activity).context["upload"].token
    confirm(editor_a_client, activity, token)
    response = confirm(editor_a_client, activity, token)
    assert response.status_code == 302 and Attendance.objects.count() == 2


def test_the_same_file_twice_gives_the_same_state(editor_a_client, activity):
    for _time in range(2):
        confirm(editor_a_client, activity, check(editor_a_client, activity).context["upload"].token)
    assert Attendance.objects.count() == 2 and Participant.objects.count() == 2
    assert AttendanceList.objects.get().rows == 2


def test_cancel_keeps_nothing(editor_a_client, activity):
    token = check(editor_a_client, activity).context["upload"].token
    confirm(editor_a_client, activity, token, action="cancel")
    assert not StagedUpload.objects.exists() and not Attendance.objects.exists()


def test_someone_elses_checked_list_cannot_be_confirmed(editor_a_client, coordinator_client, activity):
    token = check(editor_a_client, activity).context["upload"].token
    confirm(coordinator_client, activity, token)
    assert not Attendance.objects.exists()


def test_a_list_with_problems_is_refused_whole_with_every_problem_listed(editor_a_client, activity):
    services.save_list(activity, rows("old@x.nl"), None)
    response = check(editor_a_client, activity, "email;sector\na@x.nl;po\nb@x.nl;onderwijs\n;vo\nc@x.nl;po\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved." in body and "Unknown sector “onderwijs”" in body
    assert "This row has no name or e-mail address." in body
    assert not StagedUpload.objects.exists()
    assert [row.participant.key for row in Attendance.objects.all()] == [key_for("old@x.nl")]


def test_a_failure_while_saving_leaves_nothing_half_saved(activity, monkeypatch):
    services.save_list(activity, rows("old@x.nl"), None)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(first_time, "save_figures", broken)
    with pytest.raises(RuntimeError):
        services.save_list(activity, rows(*[f"p{n}@x.nl" for n in range(500)]), None)
    assert [row.participant.key for row in Attendance.objects.all()] == [key_for("old@x.nl")]
    assert Participant.objects.count() == 1


def test_the_file_size_is_checked_once_by_the_reader():
    form = ListForm(data={}, files={"file": SimpleUploadedFile("groot.csv", b"x" * (MAX_UPLOAD_BYTES + 1))})
    assert form.is_valid()
    assert [problem.message for problem in form.reading().errors] == [
        "Het bestand is groter dan 10 MB. Splits het op, of laat kolommen weg die niet nodig zijn."
    ]


def test_typed_list_is_read_like_a_file(editor_a_client, activity):
    response = editor_a_client.post(page(activity), {"text": "jan@school.nl; leerkracht; po; Organisatie A"})
    assert response.context["preview"].people == 1


def test_xlsx_upload(editor_a_client, activity):
    book = openpyxl.Workbook()
    book.active.append(["E-mail", "Sector"])
    book.active.append(["a@x.nl", "hbo"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = editor_a_client.post(page(activity), {"file": SimpleUploadedFile("lijst.xlsx", buffer.getvalue())})
    assert response.context["preview"].people == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": "   "},
        {"text": "a@x.nl", "file": SimpleUploadedFile("x.csv", b"b@x.nl")},
        {"file": SimpleUploadedFile("x.csv", b"")},
        {"file": SimpleUploadedFile("x.xlsx", os.urandom(4096))},
        {"file": SimpleUploadedFile("x.csv", os.urandom(4096))},
        {"text": "\x00\x01\x02"},
        {"text": "'; DROP TABLE attendance_attendance; --"},
        {"text": "<script>alert(1)</script>;<b>x</b>;po"},
    ],
)
def test_garbage_posts_never_break_the_page(editor_a_client, activity, data):
    response = editor_a_client.post(page(activity), data)
    assert response.status_code in (200, 400)
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize("token", ["", "x" * 5000, "../../etc", "null"])
def test_garbage_confirmations_save_nothing(editor_a_client, activity, token):
    assert confirm(editor_a_client, activity, token).status_code == 302
    assert not Attendance.objects.exists()


# --- Export and removal -----------------------------------------------------------------------------------------


def test_export_has_no_email_addresses_and_no_formulas(editor_a_client, activity):
    text = (
        "naam;e-mail;rol;organisatie;toestemming\n"
        '@SUM(1+1);formula@evil.nl;=HYPERLINK("http://x");+31 71 123;ja\n'
        "Geheim;secret@school.nl;-2+3;Tab;\n"
    )
    confirm(editor_a_client, activity, check(editor_a_client, activity, text).context["upload"].token)
    response = editor_a_client.get(f"{page(activity)}lijst.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "@evil.nl" not in body and "@school.nl" not in body and "Geheim" not in body
    lines = body.splitlines()
    assert lines[0] == "pseudonym;name;role;sector;organisation;first time"
    cells = [cell for line in lines[1:] for cell in line.split(";")]
    assert "'@SUM(1+1)" in cells and '"\'=HYPERLINK(""http://x"")"' in cells
    assert "'+31 71 123" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("docent", "docent"),
        ("", ""),
    ],
)
def test_cells_are_neutralised(text, safe):
    assert safe_cell(text) == safe


def test_removal_asks_first_then_removes(editor_a_client, activity):
    services.save_list(activity, rows("a@x.nl", "b@x.nl"), None)
    assert editor_a_client.get(f"{page(activity)}verwijderen/").status_code == 200
    assert Attendance.objects.count() == 2
    assert editor_a_client.post(f"{page(activity)}verwijderen/").status_code == 302
    assert not Attendance.objects.exists() and not Participant.objects.exists()
    assert editor_a_client.post(f"{page(activity)}verwijderen/").status_code == 404


# --- Erasure requests -------------------------------------------------------------------------------------------


def test_erasure_finds_then_removes_the_key_everywhere(coordinator_client, editor_a, activity):
    other = activity_on("2025-11-01")
    services.save_list(activity, rows("anna@school.nl", "bob@school.nl"), None)
    services.save_list(other, rows("anna@school.nl"), None)
    services.hold(other, editor_a, read_text("Anna@School.nl"))
    before = {row.activity_id: (row.participants, row.first_timers) for row in ActivityFigures.objects.all()}

    response = coordinator_client.post(
        "/en/aanwezigheid/verwijderverzoek/", {"action": "find", "email": " ANNA@school.nl"}
    )
    assert response.context["found"].rows == 2
    keys = response.context["found"].keys
    assert "anna@school.nl" not in response.content.decode().lower().split("<form")[-1]

    response = coordinator_client.post(
        "/en/aanwezigheid/verwijderverzoek/", {"action": "erase", "key": keys}, follow=True
    )
    assert "Nothing was removed" in response.content.decode()  # the box was not ticked
    response = coordinator_client.post(
        "/en/aanwezigheid/verwijderverzoek/", {"action": "erase", "key": keys, "confirm": "1"}, follow=True
    )
    assert "removed from 2 attendance rows" in response.content.decode()
    assert not Participant.objects.filter(key=key_for("anna@school.nl")).exists()
    assert Attendance.objects.filter(participant__isnull=True).count() == 2
    assert Attendance.objects.filter(participant__isnull=True, activity=activity, first_time=True).exists()
    assert not StagedUpload.objects.exists()
    assert {row.activity_id: (row.participants, row.first_timers) for row in ActivityFigures.objects.all()} == before
    assert services.activity_attendance(activity).erased == 1


def test_an_erasure_lasts_when_the_same_list_comes_again(editor_a_client, activity):
    services.save_list(activity, rows("anna@school.nl", "bob@school.nl"), None)
    services.erase([key_for("anna@school.nl")])
    assert list(ErasedKey.objects.values_list("key", flat=True)) == [key_for("anna@school.nl")]  # the hash only

    response = check(editor_a_client, activity)
    assert response.context["preview"].people == 1
    assert "1 person asked to be removed from the attendance lists and was left out." in response.content.decode()
    confirm(editor_a_client, activity, response.context["upload"].token)
    assert not Participant.objects.filter(key=key_for("anna@school.nl")).exists()
    assert AttendanceList.objects.get().rows == 1

    response = editor_a_client.post(page(activity), {"text": "ANNA@school.nl"})
    assert response.status_code == 400 and "Everyone on the list asked to be removed" in response.content.decode()
    services.save_list(activity, rows("anna@school.nl", "carol@school.nl"), None)  # saved without a check
    assert not Participant.objects.filter(key=key_for("anna@school.nl")).exists()


def test_erasure_finds_a_name_whatever_its_case_or_accents(coordinator_client, activity):
    """Issue 20, finding 5: the lookup folds in Python before keying, so it works the same on every database."""
    services.save_list(activity, rows("Émile Privé-Tester", "Bob"), None)
    for written in ("émile privé-tester", "EMILE PRIVE TESTER"):
        response = coordinator_client.post("/en/aanwezigheid/verwijderverzoek/", {"action": "find", "name": written})
        assert response.context["found"].rows == 1


def test_erasure_of_someone_unknown(coordinator_client):
    response = coordinator_client.post("/en/aanwezigheid/verwijderverzoek/", {"action": "find", "name": "Niemand"})
    assert response.context["found"].rows == 0
    assert "No attendance list names this person." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "find"},
        {"action": "erase", "key": "nonsense"},
        {"action": "erase", "key": ["a" * 64], "confirm": "1"},
        {"action": "other", "email": "x" * 5000},
    ],
)
def test_erasure_garbage(coordinator_client, data):
    response = coordinator_client.post("/en/aanwezigheid/verwijderverzoek/", data)
    assert response.status_code in (200, 302, 400)


def test_overview_shows_the_year_table(coordinator_client, activity):
    services.save_list(activity, rows("a@x.nl", "b@x.nl"), None)
    body = coordinator_client.get("/en/aanwezigheid/").content.decode()
    assert "Participants per year" in body
    assert '<th scope="row" class="utrecht-table__header-cell">2025</th>' in body


def test_only_the_latest_check_can_be_saved(editor_a_client, activity):
    first = check(editor_a_client, activity).context["upload"].token
    second = check(editor_a_client, activity, "email\nz@x.nl\n").context["upload"].token
    confirm(editor_a_client, activity, first)
    assert not Attendance.objects.exists()
    confirm(editor_a_client, activity, second)
    assert Attendance.objects.get().participant.key == key_for("z@x.nl")


# --- A short list does not silently replace a long one (issue 20 §7) ----------------------------------------------


def test_a_3_row_list_does_not_silently_replace_a_93_row_one(editor_a_client, activity):
    services.save_list(activity, rows(*(f"p{number}@school.nl" for number in range(93))), None)
    short = "\n".join(f"p{number}@school.nl" for number in range(3))
    checked = editor_a_client.post(page(activity), {"text": short})
    body = checked.content.decode()
    assert checked.context["preview"].shrinks
    assert "This list has 3 people; the saved list has 93. Replace it?" in body
    assert 'name="replace_longer" value="1"' in body and "required" in body
    token = checked.context["upload"].token

    refused = editor_a_client.post(f"{page(activity)}opslaan/", {"token": token, "action": "save"}, follow=True)
    assert "The list was not saved: it has 3 people and the saved list has 93." in refused.content.decode()
    assert AttendanceList.objects.get(activity=activity).rows == 93 and Attendance.objects.count() == 93

    editor_a_client.post(f"{page(activity)}opslaan/", {"token": token, "action": "save", "replace_longer": "1"})
    assert AttendanceList.objects.get(activity=activity).rows == 3 and Attendance.objects.count() == 3


def test_a_list_half_as_long_or_longer_replaces_without_the_extra_question(editor_a_client, activity):
    services.save_list(activity, rows(*(f"p{number}@school.nl" for number in range(10))), None)
    checked = editor_a_client.post(page(activity), {"text": "\n".join(f"q{number}@school.nl" for number in range(5))})
    assert not checked.context["preview"].shrinks and 'name="replace_longer"' not in checked.content.decode()
    confirm(editor_a_client, activity, checked.context["upload"].token)
    assert AttendanceList.objects.get(activity=activity).rows == 5


def test_cancelling_a_short_list_needs_no_confirmation(editor_a_client, activity):
    services.save_list(activity, rows(*(f"p{number}@school.nl" for number in range(93))), None)
    token = editor_a_client.post(page(activity), {"text": "a@x.nl"}).context["upload"].token
    response = confirm(editor_a_client, activity, token, action="cancel")
    assert response.status_code == 302 and not StagedUpload.objects.exists()
    assert AttendanceList.objects.get(activity=activity).rows == 93
