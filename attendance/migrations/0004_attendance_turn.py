from django.db import migrations, models


class Migration(migrations.Migration):
    """The lock row keeps its place; its token moves to core.invalidation's "attendance" topic."""

    dependencies = [
        ("attendance", "0003_staged_upload"),
    ]

    operations = [
        migrations.RenameModel(old_name="AttendanceVersion", new_name="AttendanceTurn"),
        migrations.RemoveField(model_name="attendanceturn", name="token"),
        migrations.AddField(model_name="attendanceturn", name="taken_at", field=models.DateTimeField(null=True)),
    ]
