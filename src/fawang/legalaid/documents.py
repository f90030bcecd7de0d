"""The decision letter (给予/不予法律援助决定书), the assignment letter (指派通知书) and the
Excel export of cases.

PDFs use reportlab's built-in Adobe CID font STSong-Light (encoding UniGB-UCS2-H): the
font is resolved by the PDF reader, so no CJK font file is needed on the server, and the
text stays extractable. Names and ID numbers appear masked.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from fawang.legalaid import authority
from fawang.legalaid.models import CaseStatus, LegalAidCase, Objection
from fawang.legalaid.statutes import LAW_SHORT, Citation
from fawang.legalaid.workdays import calendar, local_date, working_days_between

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=1),
        "no": ParagraphStyle("no", parent=base, alignment=1),
        "body": base,
        "indent": ParagraphStyle("indent", parent=base, firstLineIndent=24),
        "law": ParagraphStyle("law", parent=base, fontSize=10.5, leading=16, leftIndent=24),
        "right": ParagraphStyle("right", parent=base, alignment=2),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def centre_name(case: LegalAidCase) -> str:
    """The issuing legal-aid institution: the deciding reviewer's, else the county's."""
    return authority.centre_name(case, case.decided_by if case.decided_by_id else None)


def _objection_notice(case: LegalAidCase, by, s: dict[str, ParagraphStyle]) -> list:  # type: ignore[no-untyped-def]
    """Art. 49: where and how to object, with the article's text."""
    bureau = authority.bureau_name(authority.bureau_region(case, by))
    return [
        Spacer(1, 3 * mm),
        _p(
            _(
                "如对本决定有异议，可以向设立本法律援助机构的司法行政部门（%(bureau)s）提出。司法行政部门应当自收到异议之日起五日内进行审查；对维持决定不服的，可以依法申请行政复议或者提起行政诉讼（%(law)s第四十九条）。"
            )
            % {"bureau": bureau, "law": LAW_SHORT},
            s["indent"],
        ),
        _p(f"{Citation(49).label}　{Citation(49).text}", s["law"]),
    ]


def _pdf(title: str, flow: list) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="四川法网",
    )
    doc.build(flow)
    return buf.getvalue()


def _letter(
    s: dict[str, ParagraphStyle],
    title: str,
    issuer: str,
    number: str,
    body: list,
    day: dt.date,
) -> bytes:
    """A decision letter: issuer, title and number above the body; issuer and date below."""
    flow = [
        _p(issuer, s["no"]),
        _p(title, s["title"]),
        _p(number, s["no"]),
        Spacer(1, 8 * mm),
        *body,
        Spacer(1, 12 * mm),
        _p(issuer, s["right"]),
        _p(_cn_date(day), s["right"]),
    ]
    return _pdf(title, flow)


def _citations(case: LegalAidCase) -> list[Citation]:
    return [Citation(c["article"], c["clause"]) for c in case.assessment.get("citations", [])]


def decision_letter_pdf(case: LegalAidCase) -> bytes:
    if (
        case.status in (CaseStatus.APPLIED, CaseStatus.REVIEWING, CaseStatus.AWAITING)
        or not case.decision
    ):
        raise ValueError("no decision yet")
    s = _styles()
    grant = case.decision == "grant"
    title = _("给予法律援助决定书") if grant else _("不予法律援助决定书")
    party = case.order.party
    day = local_date(case.decided_at)
    flow: list = [
        _p(
            _("申请人：%(name)s　　身份证号：%(id)s　　联系电话：%(phone)s")
            % {
                "name": party.masked_name,
                "id": party.id_number_masked or _("未提供"),
                "phone": party.phone_masked or _("未提供"),
            },
            s["body"],
        ),
        _p(_("申请事项：%(m)s") % {"m": case.matter_label}, s["body"]),
        _p(_("对方当事人：%(o)s") % {"o": case.opposing_party or _("无")}, s["body"]),
        _p(
            _("申请日期：%(a)s　　决定日期：%(d)s")
            % {"a": _cn_date(local_date(case.applied_at)), "d": _cn_date(day)},
            s["body"],
        ),
        Spacer(1, 4 * mm),
    ]
    advance = _advance_sentence(case)
    if grant and advance:
        flow.append(
            _p(
                _(
                    "经审查，你（单位）的申请符合法律援助条件，本中心决定给予法律援助。%(advance)s，由其继续为你提供法律援助。"
                )
                % {"advance": advance},
                s["indent"],
            )
        )
    elif grant:
        flow.append(
            _p(
                _(
                    "经审查，你（单位）的申请符合法律援助条件，本中心决定给予法律援助。本中心将自本决定作出之日起三日内指派法律援助人员为你提供法律援助。"
                ),
                s["indent"],
            )
        )
    else:
        flow.append(
            _p(_("经审查，你的申请不符合法律援助条件，本中心决定不予法律援助。"), s["indent"])
        )
        if advance and case.advance_ended_at:
            flow.append(
                _p(
                    _(
                        "%(advance)s。因本中心决定不予法律援助，先行提供的法律援助自%(d)s起终止，承办人员应当停止办理，并将已办理情况和有关材料报送本中心。"
                    )
                    % {"advance": advance, "d": _cn_date(local_date(case.advance_ended_at))},
                    s["indent"],
                )
            )
    flow.append(_p(_("理由：%(r)s") % {"r": case.decision_reasons}, s["indent"]))
    cites = _citations(case)
    if cites:
        flow.append(
            _p(
                _("依据：%(law)s%(arts)s。")
                % {"law": LAW_SHORT, "arts": "、".join(c.label for c in cites)},
                s["indent"],
            )
        )
        for c in cites:
            flow.append(_p(f"{c.label}　{c.text}", s["law"]))
    if not grant:
        flow += _objection_notice(case, case.decided_by if case.decided_by_id else None, s)
    number = _("编号：%(no)s") % {"no": case.order.number}
    return _letter(s, title, centre_name(case), number, flow, day)


def _advance_sentence(case: LegalAidCase) -> str:
    """本中心已于…决定先行提供法律援助（…第四十四条第（一）项），指派…承办 — or ""."""
    if case.advance_at is None or case.advance_ground is None:
        return ""
    return _("本中心已于%(d)s依据%(law)s%(item)s决定先行提供法律援助，指派%(lawyer)s承办") % {
        "d": _cn_date(local_date(case.advance_at)),
        "law": LAW_SHORT,
        "item": case.advance_label,
        "lawyer": case.lawyer.name if case.lawyer_id else "",
    }


def assignment_letter_pdf(case: LegalAidCase) -> bytes:
    if case.lawyer_id is None:
        raise ValueError("not assigned")
    s = _styles()
    title = _("法律援助指派通知书")
    lawyer = case.lawyer
    firm = case.institution.name if case.institution_id else _("（无所属机构）")
    day = local_date(case.assigned_at)
    flow: list = [
        _p(f"{firm}：", s["body"]),
        *_assignment_opening(case, lawyer.name, s),
        _p(
            _(
                "承办人员应当依法履行职责，及时为受援人提供符合标准的法律援助服务，不得向受援人收取任何财物，对知悉的国家秘密、商业秘密和个人隐私予以保密，按规定向受援人通报办理情况；办理结束后及时报告并提交法律文书副本等材料（%(law)s第十九条、第二十条、第二十一条、第四十六条、第五十条）。"
            )
            % {"law": LAW_SHORT},
            s["indent"],
        ),
        _p(
            _("指派依据：%(why)s")
            % {"why": "；".join(case.assignment_basis.get("chosen", {}).get("reasons", []))},
            s["indent"],
        ),
    ]
    number = _("编号：%(no)s") % {"no": case.order.number}
    return _letter(s, title, centre_name(case), number, flow, day)


def termination_letter_pdf(case: LegalAidCase) -> bytes:
    """终止法律援助决定书 (art. 48), with how to object (art. 49)."""
    if case.terminated_at is None or case.termination_ground is None:
        raise ValueError("not terminated")
    s = _styles()
    title = _("终止法律援助决定书")
    by = case.terminated_by if case.terminated_by_id else None
    centre = authority.centre_name(case, by)
    party = case.order.party
    day = local_date(case.terminated_at)
    cite = Citation(48, case.termination_ground)
    flow: list = [
        _p(
            _("受援人：%(name)s　　身份证号：%(id)s")
            % {"name": party.masked_name, "id": party.id_number_masked or _("未提供")},
            s["body"],
        ),
        _p(_("申请事项：%(m)s") % {"m": case.matter_label}, s["body"]),
        _p(
            _("承办人员：%(lawyer)s（%(firm)s）")
            % {
                "lawyer": case.lawyer.name if case.lawyer_id else _("无"),
                "firm": case.institution.name if case.institution_id else _("无所属机构"),
            },
            s["body"],
        ),
        Spacer(1, 4 * mm),
        _p(
            _(
                "本中心于%(granted)s决定给予你法律援助。经审查，现有%(law)s%(item)s规定的情形，本中心决定自%(day)s起终止法律援助。"
            )
            % {
                "granted": _cn_date(local_date(case.decided_at)) if case.decided_at else "",
                "law": LAW_SHORT,
                "item": cite.label,
                "day": _cn_date(day),
            },
            s["indent"],
        ),
        _p(_("理由：%(r)s") % {"r": case.termination_reasons}, s["indent"]),
        _p(f"{cite.label}　{cite.text}", s["law"]),
        _p(
            _("承办人员应当停止办理，并将已办理情况和有关材料报送本中心。"),
            s["indent"],
        ),
        *_objection_notice(case, by, s),
    ]
    number = _("编号：%(no)s") % {"no": case.order.number}
    return _letter(s, title, centre, number, flow, day)


def remedies_notice(region_name: str) -> str:
    """After a bureau upholds a decision: administrative reconsideration by the people's
    government at the bureau's level (行政复议法 arts. 20, 24) or a suit (行政诉讼法 art. 46)."""
    return _(
        "如不服本决定，可以自知道本决定之日起六十日内向%(gov)s申请行政复议（《中华人民共和国行政复议法》第二十条、第二十四条），或者自知道本决定之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
    ) % {"gov": f"{region_name}人民政府"}


def objection_decision_pdf(objection: Objection) -> bytes:
    """法律援助异议审查决定书: the bureau upholds the decision or orders its correction."""
    if objection.is_open or objection.reviewed_at is None:
        raise ValueError("not decided yet")
    s = _styles()
    case = objection.case
    region = objection.bureau_region
    bureau = authority.bureau_name(region)
    centre = (
        objection.institution.name
        if objection.institution_id
        else authority.centre_name(case, None)
    )
    what = objection.get_against_display()
    title = _("法律援助异议审查决定书")
    day = local_date(objection.reviewed_at)
    party = case.order.party
    flow: list = [
        _p(
            _("异议人：%(name)s　　身份证号：%(id)s")
            % {"name": party.masked_name, "id": party.id_number_masked or _("未提供")},
            s["body"],
        ),
        _p(_("作出原决定的法律援助机构：%(c)s") % {"c": centre}, s["body"]),
        _p(
            _("原决定：%(what)s（%(d)s）")
            % {"what": what, "d": _cn_date(local_date(objection.decision_at))},
            s["body"],
        ),
        _p(_("收到异议日期：%(d)s") % {"d": _cn_date(local_date(objection.filed_at))}, s["body"]),
        Spacer(1, 4 * mm),
        _p(
            _("异议人对%(centre)s作出的%(what)s有异议，向本机关提出。异议理由：%(r)s")
            % {"centre": centre, "what": what, "r": objection.reasons},
            s["indent"],
        ),
        _p(_("经审查，本机关认为：%(r)s") % {"r": objection.review_reasons}, s["indent"]),
    ]
    if objection.status == Objection.Status.UPHELD:
        flow.append(
            _p(
                _("根据%(law)s第四十九条第二款，本机关决定：维持%(centre)s作出的%(what)s。")
                % {"law": LAW_SHORT, "centre": centre, "what": what},
                s["indent"],
            )
        )
        flow.append(_p(remedies_notice(region.name), s["indent"]))
    else:
        then = (
            _("重新审查并作出是否给予法律援助的决定，书面告知申请人并说明理由")
            if objection.against == Objection.Against.DENIAL
            else _("撤销终止法律援助的决定，继续为受援人提供法律援助")
        )
        flow.append(
            _p(
                _("根据%(law)s第四十九条第二款，本机关决定：责令%(centre)s改正，%(then)s。")
                % {"law": LAW_SHORT, "centre": centre, "then": then},
                s["indent"],
            )
        )
    flow += [
        _p(f"{Citation(49).label}　{Citation(49).text}", s["law"]),
    ]
    number = _("编号：%(no)s-YY%(id)s") % {"no": case.order.number, "id": objection.pk}
    return _letter(s, title, bureau, number, flow, day)


def _assignment_opening(case: LegalAidCase, lawyer: str, s: dict[str, ParagraphStyle]) -> list:
    """Why the firm's lawyer is assigned: the decision to grant, or advance aid (art. 44)
    with what the person must still complete and what a refusal would mean."""
    facts = {
        "name": case.order.party.masked_name,
        "m": case.matter_label,
        "o": case.opposing_party or _("无"),
        "lawyer": lawyer,
    }
    if case.advance_at is None or case.advance_ground is None:
        return [
            _p(
                _(
                    "本中心已于%(d)s决定给予%(name)s法律援助（申请事项：%(m)s；对方当事人：%(o)s）。现指派你所%(lawyer)s承办该法律援助事项。"
                )
                % {**facts, "d": _cn_date(local_date(case.decided_at))},
                s["indent"],
            )
        ]
    cite = Citation(44, case.advance_ground)
    flow = [
        _p(
            _(
                "%(name)s申请法律援助（申请事项：%(m)s；对方当事人：%(o)s），有%(law)s%(item)s规定的情形，本中心于%(d)s决定先行提供法律援助。现指派你所%(lawyer)s承办该法律援助事项。"
            )
            % {
                **facts,
                "law": LAW_SHORT,
                "item": cite.label,
                "d": _cn_date(local_date(case.advance_at)),
            },
            s["indent"],
        ),
        _p(f"{cite.label}　{cite.text}", s["law"]),
    ]
    if case.decided_at is None:
        flow.append(
            _p(
                _(
                    "受援人应当于%(due)s前补办有关手续、补充有关材料（%(m)s）。本中心将依法审查并作出是否给予法律援助的决定；决定不予法律援助的，先行提供的法律援助终止。"
                )
                % {"due": _cn_date(case.advance_materials_due), "m": case.advance_materials},
                s["indent"],
            )
        )
    else:
        flow.append(
            _p(
                _("本中心已于%(d)s决定给予法律援助，由%(lawyer)s继续承办。")
                % {**facts, "d": _cn_date(local_date(case.decided_at))},
                s["indent"],
            )
        )
    return flow


EXPORT_COLUMNS = [
    "工单编号",
    "申请日期",
    "渠道",
    "县（市、区）",
    "申请人",
    "申请事项",
    "特殊情形",
    "农民工欠薪",
    "案件状态",
    "审查建议",
    "决定",
    "依据条款",
    "决定日期",
    "申请至决定（工作日）",
    "承办律师",
    "承办机构",
    "结案结果",
    "质量等级",
    "办案补贴（元）",
]


def cases_xlsx(cases: Iterable[LegalAidCase], *, now: dt.datetime | None = None) -> bytes:
    """One row per case, names masked, no incomes. ``cases`` should be select_related
    with order, order__party, order__county, lawyer and institution."""
    now = now or timezone.now()
    cal = calendar()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("法律援助案件")
    ws.append(EXPORT_COLUMNS)
    for case in cases:
        order = case.order
        days = (
            working_days_between(local_date(case.applied_at), local_date(case.decided_at), cal)
            if case.decided_at
            else None
        )
        ws.append(
            [
                order.number,
                local_date(case.applied_at),
                order.get_channel_display(),
                order.county.name,
                order.party.masked_name,
                case.matter_label,
                "、".join(case.circumstance_labels),
                "是" if case.is_wage_claim else "",
                case.get_status_display(),
                {"grant": "给予", "deny": "不予", "undetermined": "待定"}.get(
                    case.engine_outcome, ""
                ),
                case.get_decision_display(),
                "、".join(case.articles),
                local_date(case.decided_at) if case.decided_at else None,
                days,
                case.lawyer.name if case.lawyer_id else "",
                case.institution.name if case.institution_id else "",
                case.get_outcome_display(),
                case.get_quality_grade_display(),
                float(case.subsidy_amount) if case.subsidy_amount is not None else None,
            ]
        )
    meta = wb.create_sheet("说明")
    meta.append(["导出时间", timezone.localtime(now).strftime("%Y-%m-%d %H:%M")])
    meta.append(["说明", "申请人姓名已脱敏；收入、资产等个人信息不导出。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
