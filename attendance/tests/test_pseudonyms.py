"""Participants are stored under a keyed hash; the same address written differently is the same person."""

import pytest

from attendance.pseudonyms import key_for, normalise_identifier


@pytest.mark.parametrize(
    "written",
    [
        "jan.jansen@school.nl",
        "Jan.Jansen@School.NL",
        "  jan.jansen@school.nl ",
        "jan. jansen @ school.nl",
        "JAN.JANSEN@SCHOOL.NL\t",
        "jan.jansen@school.nl\u200b",
        "Jan Jansen <jan.jansen@school.nl>",
        "jan.jansen@school.nl",
    ],
)
def test_one_address_written_many_ways_gives_one_key(written):
    assert key_for(written) == key_for("jan.jansen@school.nl")


def test_different_addresses_and_names_give_different_keys():
    keys = {key_for(text) for text in ("jan@school.nl", "jan@school.org", "Jan", "Jan Jansen", "jan@school")}
    assert len(keys) == 5


@pytest.mark.parametrize(
    "written", ["José van der Berg", "jose  van der berg", "JOSÉ VAN DER-BERG", " José van der Berg."]
)
def test_one_name_written_many_ways_gives_one_key(written):
    assert key_for(written) == key_for("José van der Berg")


def test_names_in_other_scripts_keep_their_letters():
    assert normalise_identifier("Мария Иванова") == "name:мария иванова"
    assert key_for("محمد") != key_for("علي")


@pytest.mark.parametrize("nothing", ["", "   ", "---", "@", " @ "])
def test_nothing_identifying_gives_no_key(nothing):
    assert key_for(nothing) is None


def test_the_key_depends_on_the_secret(settings):
    first = key_for("jan@school.nl")
    settings.ATTENDANCE_KEY = "another-key"
    assert key_for("jan@school.nl") != first
    assert len(first) == 64 and "jan" not in first
