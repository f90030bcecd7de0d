from django.db import migrations, models


class Migration(migrations.Migration):
    """The detector's baseline is now the cell's recent level × the category's pooled
    seasonal factor (not last year's same weeks × a trend)."""

    dependencies = [("analytics", "0004_period_rollup_covering_indexes")]

    operations = [
        migrations.RenameField("earlywarning", "last_year", "recent_mean"),
        migrations.RenameField("earlywarning", "trend", "season"),
        migrations.AlterField(
            "earlywarning", "recent_mean", models.FloatField(verbose_name="近期周均")
        ),
        migrations.AlterField("earlywarning", "season", models.FloatField(verbose_name="季节系数")),
    ]
