"""Seed the plan's table 1 (十四五 主要发展指标) as indicator definitions."""

from decimal import Decimal

from django.db import migrations

C, E = "computed", "entered"
ROWS = [
    # code, group, name, unit, 2020, 2025, target text, method, definition
    (
        "youth_base_city",
        "1.普法依法治理",
        "市级青少年法治教育基地覆盖率",
        "%",
        "62",
        "100",
        "均达到100",
        E,
        "法治文化阵地覆盖率之一。已建成青少年法治教育基地的市（州）÷ 21个市（州）。平台不登记法治教育基地，由主管部门填报。",
    ),
    (
        "youth_base_county",
        "1.普法依法治理",
        "县（市、区）级青少年法治教育基地覆盖率",
        "%",
        "46",
        "100",
        "均达到100",
        E,
        "法治文化阵地覆盖率之一。已建成青少年法治教育基地的县（市、区）÷ 183个县（市、区）。由主管部门填报。",
    ),
    (
        "constitution_township",
        "1.普法依法治理",
        "乡镇（街道）宪法或民法典主题阵地覆盖率",
        "%",
        "25",
        "100",
        "均达到100",
        E,
        "法治文化阵地覆盖率之一。建有宪法或民法典主题阵地的乡镇（街道）÷ 乡镇（街道）总数。由主管部门填报。",
    ),
    (
        "backbone_understanding",
        "1.普法依法治理",
        "村（社区）骨干“法律明白人”数量",
        "人",
        "2",
        "5",
        "",
        C,
        "每个村（社区）平均拥有的骨干“法律明白人”：平台在册骨干法律明白人 ÷ 平台登记的村（社区）数。",
    ),
    (
        "ordinary_understanding_rate",
        "1.普法依法治理",
        "村民小组（小区楼栋）普通“法律明白人”培养率",
        "%",
        "30",
        "100",
        "",
        C,
        "已培养普通“法律明白人”的村民小组（小区楼栋）÷ 村民小组（小区楼栋）总数；分子取平台在册普通法律明白人（按每组1名计），分母由主管部门填报。",
    ),
    (
        "legal_aid_per_capita",
        "2.法律援助服务",
        "人均法律援助经费",
        "元",
        "1.6",
        "2.1",
        "",
        C,
        "年度法律援助经费 ÷ 常住人口。经费取法律援助模块登记的年度预算；模块无数据时取主管部门填报值。",
    ),
    (
        "full_time_mediators",
        "3.人民调解服务",
        "全省专职人民调解员数",
        "名",
        "8000",
        "20000",
        "",
        C,
        "平台在册、在岗的专职人民调解员人数。",
    ),
    (
        "lawyers_per_10k",
        "4.律师法律服务",
        "每万人拥有律师数",
        "名",
        "3.34",
        "4",
        "",
        C,
        "平台在册执业律师 ÷ 全省常住人口（第七次全国人口普查）× 1万。",
    ),
    (
        "notary_standardised",
        "5.公证服务",
        "标准化公证机构覆盖率",
        "%",
        "7",
        "90",
        "",
        C,
        "标准化建设达标的公证机构 ÷ 在册公证机构。",
    ),
    (
        "appraisal_cma_cnas",
        "6.司法鉴定服务",
        "通过国家级资质认证认可（CMA、CNAS）的司法鉴定机构数",
        "个",
        "9",
        "15",
        "",
        C,
        "通过CMA资质认定或CNAS认可的在册司法鉴定机构数。",
    ),
    (
        "arbitration_std_info",
        "7.仲裁服务",
        "标准化、信息化仲裁机构覆盖率",
        "%",
        "6",
        "90",
        "",
        C,
        "标准化且信息化建设均达标的仲裁委员会 ÷ 在册仲裁委员会。",
    ),
    (
        "prison_centres_built",
        "8.监狱服务",
        "全省押犯监狱公共法律服务中心建成率",
        "%",
        "69",
        "100",
        "",
        C,
        "平台登记的监狱公共法律服务中心 ÷ 全省押犯监狱总数（由主管部门填报）。",
    ),
    (
        "prison_smart_coverage",
        "8.监狱服务",
        "监狱智能服务覆盖率",
        "%",
        "9",
        "100",
        "",
        C,
        "已配智能服务终端的监狱公共法律服务中心 ÷ 监狱公共法律服务中心。",
    ),
    (
        "rehab_centres_built",
        "9.戒毒服务",
        "司法行政戒毒场所（实现收治）公共法律服务中心建成率",
        "%",
        "50",
        "100",
        "",
        C,
        "平台登记的戒毒场所公共法律服务中心 ÷ 实现收治的司法行政戒毒场所总数（由主管部门填报）。",
    ),
    (
        "hotline_connection_rate",
        "10.公共法律服务平台建设",
        "热线专席接通率",
        "%",
        "72",
        "90",
        "",
        C,
        "12348热线专席：近30天接通的来电 ÷ 进入专席的来电（口径见热线模块）；热线模块无数据时取填报值。",
    ),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("analytics", "Indicator")
    for i, (code, group, name, unit, base, target, text, method, definition) in enumerate(ROWS):
        Indicator.objects.update_or_create(
            code=code,
            defaults=dict(
                order=(i + 1) * 10,
                group=group,
                name=name,
                unit=unit,
                baseline_2020=Decimal(base),
                target_2025=Decimal(target),
                target_text=text,
                nature="expected",
                method=method,
                definition=definition,
            ),
        )


def unseed(apps, schema_editor):
    apps.get_model("analytics", "Indicator").objects.filter(code__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_rollups_indicators_warnings")]
    operations = [migrations.RunPython(seed, unseed)]
