from django.db import migrations, models


class Migration(migrations.Migration):
    """One version table for every invalidation topic (core.invalidation) instead of PageVersion and
    network.GraphVersion; the first read of a topic makes its first row."""

    dependencies = [
        ("core", "0003_staged_upload"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("topic", models.CharField(max_length=40)),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "indexes": [models.Index(fields=["topic", "-id"], name="cache_version_newest")],
            },
        ),
        migrations.DeleteModel(name="PageVersion"),
    ]
