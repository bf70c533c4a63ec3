"""`id__in=[…]` with a number the database cannot hold (above 2⁶³ on SQLite and PostgreSQL) raised OverflowError
(a server error) from every multi-select of a form or filter: Django leaves such numbers out of `exact`, `gt` and
the like (IntegerFieldOverflow) but not of `in`. This `in` does the same: such a number matches no row, so it is
left out, and a list of only such numbers matches nothing."""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            kept = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().as_sql(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
