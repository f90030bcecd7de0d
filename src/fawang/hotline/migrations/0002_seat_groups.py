"""The ten seat groups of the Sichuan 12348 hotline (plan ch. 3 §2) and the settings row."""

from django.db import migrations

GROUPS = [
    ("general", "综合坐席", "zh"),
    ("expert", "专家坐席", "zh"),
    ("migrant", "农民工专席", "zh"),
    ("veteran", "退役军人专席", "zh"),
    ("tibetan", "藏汉双语专席", "bo"),
    ("yi", "彝汉双语专席", "ii"),
    ("english", "英语专席", "en"),
    ("korean", "韩语专席", "ko"),
    ("japanese", "日语专席", "ja"),
    ("russian", "俄语专席", "ru"),
]


def forwards(apps, schema_editor):
    SeatGroup = apps.get_model("hotline", "SeatGroup")
    for sort, (code, name, language) in enumerate(GROUPS):
        SeatGroup.objects.update_or_create(
            code=code, defaults={"name": name, "language": language, "sort": sort}
        )
    HotlineSettings = apps.get_model("hotline", "HotlineSettings")
    if not HotlineSettings.objects.exists():
        HotlineSettings.objects.create()


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
