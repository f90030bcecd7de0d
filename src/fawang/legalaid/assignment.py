"""Choosing the lawyer: by expertise, then load, then rotation (the longest since their
last legal-aid assignment first), never against a client of theirs or of their firm, and,
for a person who may be sentenced to life imprisonment or death or a defendant in a
death-penalty review, only a lawyer with three years of criminal-defence practice
(art. 26).

A constant number of queries whatever the size of the pool; every candidate carries the
reasons a reviewer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from fawang.legalaid.conflicts import party_key
from fawang.legalaid.models import CaseStatus, ConflictDeclaration, LegalAidCase
from fawang.network.models import Practitioner

# Words in a practitioner's ``expertise`` that match a matter.
EXPERTISE: dict[str, tuple[str, ...]] = {
    "state_compensation": ("国家赔偿", "行政"),
    "social_insurance": ("社会保险", "社保", "劳动"),
    "pension": ("抚恤", "行政", "社会保险"),
    "maintenance": ("婚姻", "家庭", "赡养", "抚养"),
    "labour_remuneration": ("劳动", "欠薪", "工资"),
    "capacity": ("婚姻", "家庭", "民事"),
    "work_injury": ("工伤", "劳动"),
    "traffic": ("交通", "人身损害"),
    "food_drug": ("食品", "药品", "人身损害", "消费"),
    "medical": ("医疗",),
    "environment": ("环境",),
    "criminal_defence": ("刑事",),
    "criminal_victim": ("刑事",),
    "retrial": ("再审", "申诉", "民事"),
    "marriage_family": ("婚姻", "家庭"),
    "contract": ("合同", "借贷", "民事"),
    "other": (),
}
LAWYER_KINDS = (Practitioner.Kind.LAWYER, Practitioner.Kind.LEGAL_AID)
AID_KINDS = (*LAWYER_KINDS, Practitioner.Kind.GRASSROOTS)
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)
# Art. 26: these defendants get a lawyer with three years of relevant (criminal-defence)
# practice, counted from ``Practitioner.criminal_practice_since``.
SENIOR_DEFENCE_CIRCUMSTANCES = frozenset({"life_or_death", "death_review"})
SENIOR_DEFENCE_YEARS = 3
# Cases that count against a lawyer's caseload: assigned, or acting ahead of the decision
# (art. 44).
HOLDING_STATUSES = (CaseStatus.ASSIGNED, CaseStatus.ADVANCED)


def full_years(since: dt.date, as_of: dt.date) -> int:
    """Whole years from ``since`` to ``as_of`` (an anniversary completes a year)."""
    years = as_of.year - since.year
    if (as_of.month, as_of.day) < (since.month, since.day):
        years -= 1
    return years


def needs_senior_defender(case: LegalAidCase) -> bool:
    """Art. 26: a possible life or death sentence, or a death-penalty review."""
    return case.case_type == "criminal" and bool(
        SENIOR_DEFENCE_CIRCUMSTANCES & set(case.circumstances)
    )


def _cn_month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def senior_defence_check(p: Practitioner, as_of: dt.date) -> tuple[bool, str]:
    """Whether ``p`` meets art. 26 on ``as_of``, and the sentence a reviewer reads."""
    since = p.criminal_practice_since
    if since is None:
        return False, _(
            "未登记刑事辩护执业起始日期，无法确认具有三年以上相关执业经历"
            "（法律援助法第二十六条），不得指派"
        )
    years = full_years(since, as_of)
    if years < SENIOR_DEFENCE_YEARS:
        return False, _(
            "刑事辩护执业不满三年（%(d)s起），本案须由具有三年以上相关执业经历的律师"
            "担任辩护人（法律援助法第二十六条），不得指派"
        ) % {"d": _cn_month(since)}
    return True, _("刑事辩护执业%(n)s年（%(d)s起），符合法律援助法第二十六条的要求") % {
        "n": years,
        "d": _cn_month(since),
    }


@dataclass
class Candidate:
    practitioner: Practitioner
    expert: bool
    load: int
    capacity: int
    last_assigned_at: dt.datetime | None
    conflict: str = ""
    unqualified: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.conflict and not self.unqualified and self.load < self.capacity

    def sort_key(self) -> tuple:
        return (not self.expert, self.load, self.last_assigned_at or NEVER, self.practitioner.pk)

    def as_dict(self) -> dict[str, object]:
        return {
            "practitioner": self.practitioner.pk,
            "name": self.practitioner.name,
            "expert": self.expert,
            "load": self.load,
            "capacity": self.capacity,
            "last_assigned_at": self.last_assigned_at.isoformat()
            if self.last_assigned_at
            else None,
            "conflict": self.conflict,
            "unqualified": self.unqualified,
            "reasons": self.reasons,
        }


def _pool(case: LegalAidCase) -> list[Practitioner]:
    """Active lawyers (and, outside criminal defence, grassroots legal workers) in the
    case's city."""
    city_path = "/".join(case.order.region_path.split("/")[:2])
    kinds = LAWYER_KINDS if case.case_type == "criminal" else AID_KINDS
    return list(
        Practitioner.objects.select_related("institution")
        .filter(is_active=True, kind__in=kinds, region_path__startswith=city_path)
        .order_by("pk")
    )


def conflicts_for(case: LegalAidCase, pool: list[Practitioner]) -> dict[int, str]:
    """practitioner id → why they may not act in this case (two queries)."""
    opposing = party_key(case.opposing_party)
    applicant = party_key(case.order.party.name)
    ids = [p.pk for p in pool]
    firms = {p.institution_id for p in pool if p.institution_id}
    found: dict[int, str] = {}
    if opposing:
        for d in ConflictDeclaration.objects.filter(client_key=opposing).filter(
            Q(practitioner_id__in=ids) | Q(institution_id__in=firms)
        ):
            for p in pool:
                if p.pk == d.practitioner_id or (
                    d.institution_id and p.institution_id == d.institution_id
                ):
                    found.setdefault(
                        p.pk,
                        _("对方当事人“%(name)s”是其（或其所在机构）登记的委托人")
                        % {"name": d.client_name},
                    )
    names = {case.opposing_party.strip(), opposing} - {""}
    past = (
        LegalAidCase.objects.filter(Q(lawyer_id__in=ids) | Q(institution_id__in=firms))
        .exclude(pk=case.pk)
        .filter(
            Q(order__party__name__in=names) | Q(opposing_party_key=applicant)
            if applicant
            else Q(order__party__name__in=names)
        )
        .values(
            "lawyer_id",
            "institution_id",
            "order__number",
            "order__party__name",
            "opposing_party_key",
        )
    )
    for row in past:
        acted_for_opponent = opposing and party_key(row["order__party__name"]) == opposing
        acted_against_applicant = applicant and row["opposing_party_key"] == applicant
        if not (acted_for_opponent or acted_against_applicant):
            continue
        for p in pool:
            same = p.pk == row["lawyer_id"] or (
                p.institution_id and p.institution_id == row["institution_id"]
            )
            if not same:
                continue
            if acted_for_opponent:
                why = _("其（或其所在机构）曾在案件 %(no)s 中为对方当事人提供法律援助")
            else:
                why = _("其（或其所在机构）曾在案件 %(no)s 中代理申请人的对方")
            found.setdefault(p.pk, why % {"no": row["order__number"]})
    return found


def assignment_candidates(case: LegalAidCase, *, as_of: dt.date) -> list[Candidate]:
    """Everyone who could take the case, best first; ineligible ones last, with reasons.
    ``as_of`` is the day of the assignment (years of practice are counted to it)."""
    pool = _pool(case)
    if not pool:
        return []
    ids = [p.pk for p in pool]
    stats = {
        row["lawyer_id"]: row
        for row in LegalAidCase.objects.filter(lawyer_id__in=ids)
        .values("lawyer_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=HOLDING_STATUSES)),
            last=Max("assigned_at"),
        )
    }
    conflicts = conflicts_for(case, pool)
    words = EXPERTISE.get(case.matter, ())
    senior = needs_senior_defender(case)
    out: list[Candidate] = []
    for p in pool:
        row = stats.get(p.pk, {})
        expert = any(w in p.expertise for w in words)
        c = Candidate(
            practitioner=p,
            expert=expert,
            load=row.get("open", 0),
            capacity=p.capacity,
            last_assigned_at=row.get("last"),
            conflict=conflicts.get(p.pk, ""),
        )
        c.reasons.append(
            _("擅长“%(e)s”，与申请事项相符") % {"e": p.expertise}
            if expert
            else _("擅长领域与申请事项不完全相符")
        )
        c.reasons.append(
            _("在办法律援助案件 %(n)s 件，容量 %(c)s 件") % {"n": c.load, "c": c.capacity}
        )
        c.reasons.append(
            _("上次指派：%(t)s") % {"t": f"{c.last_assigned_at:%Y-%m-%d}"}
            if c.last_assigned_at
            else _("尚未承办法律援助案件，轮值优先")
        )
        if senior:
            ok, why = senior_defence_check(p, as_of)
            c.reasons.append(why)
            if not ok:
                c.unqualified = why
        if c.conflict:
            c.reasons.append(_("利益冲突：%(why)s，不得指派") % {"why": c.conflict})
        elif c.load >= c.capacity and not c.unqualified:
            c.reasons.append(_("在办案件已满，暂不指派"))
        out.append(c)
    out.sort(key=lambda c: (not c.eligible, *c.sort_key()))
    return out
