import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fawang.regions.models import Level, Region


def _no_townships():
    Region.objects.filter(level=Level.VILLAGE).delete()
    Region.objects.filter(level=Level.TOWNSHIP).delete()


GOOD = (
    "code,name,parent_code,lng,lat\n"
    "510107001,浆洗街街道,510107,104.05,30.64\n"
    "510107001001,锦里社区,510107001,,\n"
)


def test_it_imports_townships_and_villages_under_their_county(sichuan, tmp_path, capsys):
    _no_townships()
    f = tmp_path / "r.csv"
    f.write_text("\ufeff" + GOOD, encoding="utf-8")
    call_command("import_regions", str(f))
    assert "已导入 2 个" in capsys.readouterr().out
    village = Region.objects.get(code="510107001001")
    assert village.level == Level.VILLAGE and not village.is_synthetic
    assert village.path == "510000/510100/510107/510107001/510107001001"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name,code\n", "表头"),
        (GOOD + "51010700100,坏代码,510107001,,\n", "第4行"),
        (GOOD + "513401001,西昌某镇,510107,,\n", "上级代码"),
        (GOOD + "510107002,,510107,,\n", "名称不能为空"),
        (GOOD + "510107002,某镇,510107,东经,\n", "数值格式"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_nothing_is_written(sichuan, tmp_path, text, words):
    _no_townships()
    f = tmp_path / "r.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=words):
        call_command("import_regions", str(f))
    assert not Region.objects.filter(level__gte=Level.TOWNSHIP).exists()


def test_a_missing_or_non_utf8_file_is_explained(db, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_regions", str(tmp_path / "nope.csv"))
    f = tmp_path / "gbk.csv"
    f.write_bytes(b"code,name,parent_code\n" + "镇".encode("gbk"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_regions", str(f))
