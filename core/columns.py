"""Recognising the columns of a table people send by their names: one rule for the attendance lists and the data
imports (which also read title rows and merged headers, see exchange.spreadsheet)."""

from collections.abc import Iterable, Mapping

from core.text import normalise_key


def column_key(name: str) -> str:
    """A column name as compared: without case, accents, punctuation or spaces, so "E-mail", "e mail" and "Email"
    are one name."""
    return normalise_key(name).replace(" ", "")


class ColumnNames:
    """Which field a column is for, by the names each field goes by (the first field to claim a name has it)."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._fields: dict[str, str] = {}
        for field, aliases in names.items():
            for alias in aliases:
                self._fields.setdefault(column_key(alias), field)

    def field(self, header: str) -> str | None:
        return self._fields.get(column_key(header))
