from django.db import migrations


class Migration(migrations.Migration):
    """The network map's version is the "map" topic of core.invalidation now."""

    dependencies = [
        ("network", "0003_graph_version"),
    ]

    operations = [
        migrations.DeleteModel(name="GraphVersion"),
    ]
