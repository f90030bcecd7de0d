"""Default routing rules (one for every service, plus category refinements), deadline
policies for every service, and the feedback policy. Officials edit them in the admin."""

from django.db import migrations

P, INST = "point", "institution"
PROVINCE, CITY, COUNTY, TOWNSHIP = 1, 2, 3, 4

# (service, category, target, kind, scope_level, within, extra, note)
RULES = [
    (
        "consultation",
        "",
        P,
        "centre",
        COUNTY,
        False,
        {"language_point_kind": "hotline"},
        "法律咨询：县级公共法律服务中心；少数民族语言和外语可派语种专席",
    ),
    ("legal_aid", "", INST, "legal_aid", COUNTY, False, {}, "法律援助：县级法律援助中心"),
    (
        "mediation",
        "",
        INST,
        "mediation",
        TOWNSHIP,
        False,
        {},
        "人民调解：纠纷发生地乡镇（街道）人民调解委员会，没有则县级",
    ),
    (
        "mediation",
        "medical",
        INST,
        "mediation",
        COUNTY,
        False,
        {},
        "医疗纠纷：县级（医疗纠纷）人民调解委员会",
    ),
    (
        "mediation",
        "traffic",
        INST,
        "mediation",
        COUNTY,
        False,
        {},
        "交通事故纠纷：县级（交通事故）人民调解委员会",
    ),
    ("notary", "", INST, "notary", CITY, True, {}, "公证：所在市（州）的公证机构"),
    ("arbitration", "", INST, "arbitration", CITY, False, {}, "仲裁：所在市（州）仲裁委员会"),
    ("appraisal", "", INST, "appraisal", CITY, True, {}, "司法鉴定：所在市（州）的鉴定机构"),
    (
        "appraisal",
        "medical",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "法医临床"},
        "医疗损害鉴定：具备法医临床资质",
    ),
    (
        "appraisal",
        "traffic",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "痕迹"},
        "交通事故鉴定：具备痕迹鉴定资质",
    ),
    (
        "appraisal",
        "personal_injury",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "法医临床"},
        "人身损害鉴定：具备法医临床资质",
    ),
    (
        "appraisal",
        "work_injury",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "法医临床"},
        "工伤伤残鉴定：具备法医临床资质",
    ),
    (
        "appraisal",
        "contract",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "文书"},
        "合同纠纷：具备文书鉴定资质",
    ),
    (
        "appraisal",
        "lending",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "文书"},
        "借贷纠纷：具备文书鉴定资质",
    ),
    (
        "appraisal",
        "inheritance",
        INST,
        "appraisal",
        CITY,
        True,
        {"qualification": "文书"},
        "继承（遗嘱）：具备文书鉴定资质",
    ),
    (
        "complaint",
        "",
        P,
        "centre",
        COUNTY,
        False,
        {"above_complained_unit": True},
        "投诉：被投诉单位的上一级公共法律服务中心",
    ),
    ("enterprise_complaint", "", P, "enterprise", COUNTY, True, {}, "涉企投诉：企业投诉服务站"),
    ("other", "", P, "centre", COUNTY, False, {}, "其他：县级公共法律服务中心"),
]

# (service, first_response_days, resolution_days, legal_basis)
DEADLINES = [
    ("consultation", 1, 5, "12348热线咨询答复工作规范"),
    (
        "legal_aid",
        1,
        7,
        "《中华人民共和国法律援助法》第四十三条（七日内作出是否给予法律援助的决定）",
    ),
    ("mediation", 2, 30, "《人民调解工作若干规定》第三十七条（一般在一个月内调结）"),
    ("notary", 1, 15, "《公证程序规则》第三十五条（十五个工作日内出具公证书）"),
    ("arbitration", 2, 5, "《中华人民共和国仲裁法》第二十四条（五日内决定是否受理）"),
    ("appraisal", 1, 30, "《司法鉴定程序通则》第二十八条（三十个工作日内完成鉴定）"),
    ("complaint", 1, 15, "司法行政投诉处理办理时限"),
    ("enterprise_complaint", 1, 10, "涉企投诉快速办理"),
    ("other", 1, 15, ""),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("dispatch", "RoutingRule")
    Deadline = apps.get_model("dispatch", "DeadlinePolicy")
    Feedback = apps.get_model("dispatch", "FeedbackPolicy")
    for service, category, target, kind, level, within, extra, note in RULES:
        Rule.objects.update_or_create(
            service=service,
            category=category,
            defaults={
                "target": target,
                "point_kind": kind if target == P else "",
                "institution_kind": kind if target == INST else "",
                "scope_level": level,
                "within": within,
                "note": note,
                **extra,
            },
        )
    for service, first, days, basis in DEADLINES:
        Deadline.objects.update_or_create(
            service=service,
            category="",
            defaults={"first_response_days": first, "resolution_days": days, "legal_basis": basis},
        )
    if not Feedback.objects.exists():
        Feedback.objects.create()


def unseed(apps, schema_editor):
    apps.get_model("dispatch", "RoutingRule").objects.all().delete()
    apps.get_model("dispatch", "DeadlinePolicy").objects.all().delete()
    apps.get_model("dispatch", "FeedbackPolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
