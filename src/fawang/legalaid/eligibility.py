"""The eligibility engine: table-driven, explainable, free of database access.

Each branch of the Legal Aid Law is one row of a table below. ``assess`` walks the
branches in the order the law gives them priority and returns the outcome together with
every article it rests on and a sentence per step that a reviewer can read:

1. art. 25 — criminal defence that must be appointed (no economic test);
2. scope — art. 31 civil/administrative matters, arts. 24/29/33 criminal and retrial
   matters, or an art. 32 situation;
3. the economic test — not applied (art. 32), waived on proof of status (art. 42), or
   household income per head against the local standard (arts. 34, 41), which is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fawang.legalaid.statutes import Citation


class Outcome:
    GRANT = "grant"
    DENY = "deny"
    UNDETERMINED = "undetermined"


class MeansTest:
    MANDATORY = "mandatory"  # art. 25: appointed defence, no test
    NOT_APPLIED = "not_applied"  # art. 32
    WAIVED = "waived"  # art. 42: proof of status
    PASSED = "passed"
    FAILED = "failed"
    NO_STANDARD = "no_standard"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Matter:
    code: str
    label: str
    citation: Citation | None  # None: not a legal-aid matter by itself
    category: str  # work-order category
    case_type: str  # subsidy table key


@dataclass(frozen=True)
class Circumstance:
    code: str
    label: str
    citation: Citation
    # For art. 42 (三): only these matters are covered by the status proof.
    only_matters: frozenset[str] = frozenset()


# Case types of the subsidy table.
CASE_TYPES: dict[str, str] = {
    "criminal": gettext_lazy("刑事辩护与代理"),
    "civil": gettext_lazy("民事诉讼代理"),
    "labour": gettext_lazy("劳动争议调解与仲裁代理"),
    "administrative": gettext_lazy("行政诉讼与国家赔偿代理"),
    "non_litigation": gettext_lazy("非诉讼代理"),
}

_M = Matter
MATTERS: dict[str, Matter] = {
    m.code: m
    for m in (
        _M(
            "state_compensation",
            gettext_lazy("请求国家赔偿"),
            Citation(31, 1),
            "administrative",
            "administrative",
        ),
        _M(
            "social_insurance",
            gettext_lazy("请求社会保险待遇或者社会救助"),
            Citation(31, 2),
            "social_insurance",
            "civil",
        ),
        _M(
            "pension",
            gettext_lazy("请求发给抚恤金"),
            Citation(31, 3),
            "social_insurance",
            "administrative",
        ),
        _M(
            "maintenance",
            gettext_lazy("请求给付赡养费、抚养费、扶养费"),
            Citation(31, 4),
            "support",
            "civil",
        ),
        _M(
            "labour_remuneration",
            gettext_lazy("请求确认劳动关系或者支付劳动报酬"),
            Citation(31, 5),
            "labour_wage",
            "labour",
        ),
        _M(
            "capacity",
            gettext_lazy("请求认定无/限制民事行为能力"),
            Citation(31, 6),
            "marriage_family",
            "civil",
        ),
        _M(
            "work_injury",
            gettext_lazy("工伤事故人身损害赔偿"),
            Citation(31, 7),
            "work_injury",
            "labour",
        ),
        _M("traffic", gettext_lazy("交通事故人身损害赔偿"), Citation(31, 7), "traffic", "civil"),
        _M(
            "food_drug",
            gettext_lazy("食品药品安全事故人身损害赔偿"),
            Citation(31, 7),
            "personal_injury",
            "civil",
        ),
        _M("medical", gettext_lazy("医疗事故人身损害赔偿"), Citation(31, 7), "medical", "civil"),
        _M(
            "environment",
            gettext_lazy("环境污染、生态破坏损害赔偿"),
            Citation(31, 8),
            "environment",
            "civil",
        ),
        _M(
            "criminal_defence",
            gettext_lazy("刑事辩护（犯罪嫌疑人、被告人）"),
            Citation(24),
            "criminal",
            "criminal",
        ),
        _M(
            "criminal_victim",
            gettext_lazy("刑事被害人、自诉人、附带民事诉讼原告人代理"),
            Citation(29),
            "criminal",
            "criminal",
        ),
        _M("retrial", gettext_lazy("申诉、再审案件"), Citation(33), "other", "civil"),
        _M("marriage_family", gettext_lazy("婚姻家庭纠纷"), None, "marriage_family", "civil"),
        _M("contract", gettext_lazy("合同、借贷纠纷"), None, "contract", "civil"),
        _M("other", gettext_lazy("其他事项"), None, "other", "non_litigation"),
    )
}

_C = Circumstance
# Art. 25: criminal defence that the court, procuratorate or police must have appointed.
MANDATORY_DEFENCE: dict[str, Circumstance] = {
    c.code: c
    for c in (
        _C("minor", gettext_lazy("未成年人"), Citation(25, 1)),
        _C("sensory_disability", gettext_lazy("视力、听力、言语残疾人"), Citation(25, 2)),
        _C("limited_capacity", gettext_lazy("不能完全辨认自己行为的成年人"), Citation(25, 3)),
        _C("life_or_death", gettext_lazy("可能被判处无期徒刑、死刑的人"), Citation(25, 4)),
        _C("death_review", gettext_lazy("申请法律援助的死刑复核案件被告人"), Citation(25, 5)),
        _C("absentia", gettext_lazy("缺席审判案件的被告人"), Citation(25, 6)),
    )
}
# Art. 32: no economic test.
NO_MEANS_TEST: dict[str, Circumstance] = {
    c.code: c
    for c in (
        _C("hero_relative", gettext_lazy("英雄烈士近亲属维护英雄烈士人格权益"), Citation(32, 1)),
        _C("bravery", gettext_lazy("因见义勇为行为主张相关民事权益"), Citation(32, 2)),
        _C("retrial_acquittal", gettext_lazy("再审改判无罪请求国家赔偿"), Citation(32, 3)),
        _C("abuse_victim", gettext_lazy("遭受虐待、遗弃或者家庭暴力的受害人"), Citation(32, 4)),
    )
}
WAGE_MATTERS = frozenset({"labour_remuneration", "work_injury"})
# Art. 42: proof of status replaces the check of economic hardship.
SIMPLIFIED_PROOF: dict[str, Circumstance] = {
    c.code: c
    for c in (
        _C(
            "no_income_group",
            gettext_lazy("无固定生活来源的未成年人、老年人、残疾人"),
            Citation(42, 1),
        ),
        _C(
            "social_assistance",
            gettext_lazy("社会救助（低保、特困）、司法救助或者优抚对象"),
            Citation(42, 2),
        ),
        _C(
            "migrant_worker",
            gettext_lazy("进城务工人员申请支付劳动报酬或工伤赔偿"),
            Citation(42, 3),
            WAGE_MATTERS,
        ),
    )
}
ALL_CIRCUMSTANCES: dict[str, Circumstance] = {
    **MANDATORY_DEFENCE,
    **NO_MEANS_TEST,
    **SIMPLIFIED_PROOF,
}

# Heads of a household's income/assets test.
STANDARD_ARTICLES = (Citation(34), Citation(41))
MONEY = Decimal("0.01")


@dataclass(frozen=True)
class Standard:
    """The economic-hardship standard that applies to one region on one day."""

    income_per_head: Decimal  # 元 / 人·月
    assets_limit: Decimal | None
    region_name: str
    effective_from: str
    source: str
    is_demo: bool = False

    def describe(self) -> str:
        demo = _("（演示数据）") if self.is_demo else ""
        return _(
            "%(region)s经济困难标准：家庭人均月收入不高于 %(income)s 元%(demo)s，"
            "自 %(date)s 起施行，来源：%(source)s"
        ) % {
            "region": self.region_name,
            "income": self.income_per_head,
            "demo": demo,
            "date": self.effective_from,
            "source": self.source,
        }


@dataclass(frozen=True)
class Application:
    matter: str
    circumstances: frozenset[str] = frozenset()
    household_size: int = 1
    monthly_income: Decimal = Decimal(0)  # whole household, 元 / 月
    assets: Decimal = Decimal(0)


@dataclass
class Assessment:
    outcome: str
    means_test: str
    rule: str
    citations: list[Citation] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    income_per_head: Decimal | None = None
    wage_green_channel: bool = False

    @property
    def articles(self) -> list[str]:
        return [c.label for c in self.citations]

    @property
    def explanation(self) -> str:
        return "".join(self.reasons)

    def as_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "means_test": self.means_test,
            "rule": self.rule,
            "articles": self.articles,
            "citations": [{"article": c.article, "clause": c.clause} for c in self.citations],
            "reasons": self.reasons,
            "income_per_head": str(self.income_per_head)
            if self.income_per_head is not None
            else None,
            "wage_green_channel": self.wage_green_channel,
        }


def is_wage_green_channel(app: Application) -> bool:
    """A migrant worker claiming wages (or work-injury damages): art. 42 (三)."""
    return "migrant_worker" in app.circumstances and app.matter in WAGE_MATTERS


def _add(a: Assessment, citation: Citation) -> None:
    if citation not in a.citations:
        a.citations.append(citation)


def assess(app: Application, standard: Standard | None) -> Assessment:
    matter = MATTERS.get(app.matter)
    if matter is None:
        raise ValueError(f"unknown matter {app.matter!r}")

    # 1. Art. 25: appointed criminal defence.
    if app.matter == "criminal_defence":
        hits = [c for code, c in MANDATORY_DEFENCE.items() if code in app.circumstances]
        if hits:
            a = Assessment(Outcome.GRANT, MeansTest.MANDATORY, "art25")
            for c in hits:
                _add(a, c.citation)
            a.reasons.append(
                _(
                    "犯罪嫌疑人、被告人属于%(who)s，没有委托辩护人的，应当指派律师担任辩护人，不审查经济状况。"
                )
                % {"who": "、".join(str(c.label) for c in hits)}
            )
            if {"life_or_death", "death_review"} & app.circumstances:
                _add(a, Citation(26))
                a.reasons.append(_("应当指派具有三年以上相关执业经历的律师担任辩护人。"))
            return a

    # 2. Scope.
    exempt = [c for code, c in NO_MEANS_TEST.items() if code in app.circumstances]
    if matter.citation is None and not exempt:
        a = Assessment(Outcome.DENY, MeansTest.OUT_OF_SCOPE, "scope")
        _add(a, Citation(31))
        _add(a, Citation(32))
        a.reasons.append(
            _(
                "申请事项“%(matter)s”不属于法律援助法第三十一条所列事项，也不属于第三十二条规定的情形。可通过12348热线咨询或申请人民调解。"
            )
            % {"matter": matter.label}
        )
        return a

    # 3. The economic test.
    if exempt:
        a = Assessment(Outcome.GRANT, MeansTest.NOT_APPLIED, "art32")
        if matter.citation is not None:
            _add(a, matter.citation)
        for c in exempt:
            _add(a, c.citation)
        a.reasons.append(
            _("申请人属于“%(who)s”的情形，申请法律援助不受经济困难条件的限制。")
            % {"who": "、".join(str(c.label) for c in exempt)}
        )
        return a

    assert matter.citation is not None
    proofs = [
        c
        for code, c in SIMPLIFIED_PROOF.items()
        if code in app.circumstances and (not c.only_matters or app.matter in c.only_matters)
    ]
    if proofs:
        a = Assessment(Outcome.GRANT, MeansTest.WAIVED, "art42")
        _add(a, matter.citation)
        for c in proofs:
            _add(a, c.citation)
        a.wage_green_channel = is_wage_green_channel(app)
        a.reasons.append(
            _(
                "申请事项“%(matter)s”属于法律援助事项。申请人有材料证明属于“%(who)s”，免予核查经济困难状况。"
            )
            % {"matter": matter.label, "who": "、".join(str(c.label) for c in proofs)}
        )
        if a.wage_green_channel:
            a.reasons.append(_("农民工讨薪绿色通道：优先受理、优先审查、优先指派。"))
        return a

    size = max(int(app.household_size or 1), 1)
    per_head = (Decimal(app.monthly_income) / size).quantize(MONEY, rounding=ROUND_HALF_UP)
    if standard is None:
        a = Assessment(
            Outcome.UNDETERMINED, MeansTest.NO_STANDARD, "no_standard", income_per_head=per_head
        )
        _add(a, matter.citation)
        _add(a, Citation(34))
        a.reasons.append(
            _("申请事项属于法律援助事项，但本地区尚未录入经济困难标准，请审查人员核实后决定。")
        )
        return a
    income_ok = per_head <= standard.income_per_head
    assets_ok = standard.assets_limit is None or Decimal(app.assets) <= standard.assets_limit
    passed = income_ok and assets_ok
    a = Assessment(
        Outcome.GRANT if passed else Outcome.DENY,
        MeansTest.PASSED if passed else MeansTest.FAILED,
        "means_test",
        income_per_head=per_head,
    )
    _add(a, matter.citation)
    for c in STANDARD_ARTICLES:
        _add(a, c)
    a.reasons.append(
        _("申请事项“%(matter)s”属于法律援助事项，须审查经济困难状况。") % {"matter": matter.label}
    )
    a.reasons.append(
        _("家庭 %(size)s 人，月收入合计 %(income)s 元，人均 %(per)s 元；%(std)s。")
        % {
            "size": size,
            "income": Decimal(app.monthly_income).quantize(MONEY),
            "per": per_head,
            "std": standard.describe(),
        }
    )
    if not income_ok:
        a.reasons.append(_("家庭人均月收入高于经济困难标准，不符合经济困难条件。"))
    if not assets_ok:
        a.reasons.append(
            _("家庭资产 %(assets)s 元高于标准规定的 %(limit)s 元，不符合经济困难条件。")
            % {"assets": Decimal(app.assets).quantize(MONEY), "limit": standard.assets_limit}
        )
    if passed:
        a.reasons.append(_("符合经济困难条件。"))
    return a


# A spread of applications over every branch, for the benchmark and tests.
MIX_FOR_BENCH: list[tuple[str, tuple[str, ...]]] = [
    ("labour_remuneration", ("migrant_worker",)),
    ("labour_remuneration", ()),
    ("maintenance", ()),
    ("traffic", ()),
    ("criminal_defence", ("minor",)),
    ("criminal_defence", ()),
    ("marriage_family", ("abuse_victim",)),
    ("social_insurance", ("social_assistance",)),
    ("contract", ()),
    ("medical", ()),
]
