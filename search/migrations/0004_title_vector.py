from django.db import migrations

from search.backends import POSTGRESQL_TITLES, POSTGRESQL_TITLES_DROP


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_TITLES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_TITLES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    """PostgreSQL: a title-only vector with its own index, for the fast first pass of a search."""

    dependencies = [("search", "0003_visible_until")]

    operations = [migrations.RunPython(create, drop)]
