from django.db import migrations

from search.backends import POSTGRESQL_DROP, POSTGRESQL_SCHEMA, SQLITE_DROP, SQLITE_SCHEMA


def statements(schema_editor, sqlite, postgresql):
    vendor = schema_editor.connection.vendor
    return sqlite if vendor == "sqlite" else postgresql if vendor == "postgresql" else []


def create(apps, schema_editor):
    for sql in statements(schema_editor, SQLITE_SCHEMA, POSTGRESQL_SCHEMA):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in statements(schema_editor, SQLITE_DROP, POSTGRESQL_DROP):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    """The database's own full-text index over the entries: FTS5 on SQLite, a weighted tsvector on PostgreSQL."""

    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
