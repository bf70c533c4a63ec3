"""One rule recognises column names, for the attendance lists and the data imports alike."""

from attendance.reading import header_name
from core.columns import ColumnNames, column_key
from exchange.import_kinds import KINDS


def test_case_accents_punctuation_and_spaces_do_not_count():
    assert {column_key(name) for name in ("E-mail", "e mail", "EMAIL", "é-mail ")} == {"email"}


def test_the_first_field_to_claim_a_name_has_it():
    names = ColumnNames({"name": ["naam", "deelnemer"], "role": ["rol", "deelnemer"]})
    assert (names.field("Deelnemer"), names.field("R.O.L."), names.field("school")) == ("name", "role", None)


def test_attendance_lists_and_data_imports_read_a_header_alike():
    organisations = KINDS["organisations"]
    name_field = next(field for field in organisations.fields if field.recognises("Naam"))
    for spelling in ("Naam", "NAAM", "naam ", "Na-am"):
        assert header_name(spelling) == "name"
        assert name_field.recognises(spelling)
