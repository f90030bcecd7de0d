import io

from openpyxl import load_workbook
from pypdf import PdfReader

from fawang.legalaid.documents import assignment_letter_pdf, cases_xlsx, decision_letter_pdf
from fawang.legalaid.models import LegalAidCase
from fawang.legalaid.services import (
    legalaid_accept,
    legalaid_apply,
    legalaid_assign,
    legalaid_decide,
)
from tests.legalaid.conftest import application, at


def text_of(pdf: bytes) -> str:
    """The extracted text, with the line breaks of wrapped paragraphs removed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "")


def decided(sichuan, legal_aid, grant=True, **overrides):
    reviewer = legal_aid["reviewer"]
    case = legalaid_apply(**application(sichuan["wuhou"], **overrides), now=at(2026, 11, 2))
    legalaid_accept(case=case, actor=reviewer, now=at(2026, 11, 2))
    legalaid_decide(case=case, actor=reviewer, grant=grant, now=at(2026, 11, 4))
    return case


def test_the_grant_letter_carries_the_masked_name_the_decision_and_the_articles(sichuan, legal_aid):
    case = decided(sichuan, legal_aid)
    text = text_of(decision_letter_pdf(case))
    assert "给予法律援助决定书" in text and "不予" not in text
    assert "张*丰" in text and "张三丰" not in text
    assert "110105********002X" in text
    assert "第三十一条第（四）项" in text and "请求给付赡养费、抚养费、扶养费" in text
    assert "武侯区法律援助中心" in text and "2026年11月4日" in text


def test_the_denial_letter_gives_reasons_and_how_to_object(sichuan, legal_aid):
    case = decided(sichuan, legal_aid, grant=False, monthly_income="90000")
    text = text_of(decision_letter_pdf(case))
    assert "不予法律援助决定书" in text and "张*丰" in text
    assert "高于经济困难标准" in text
    assert "第四十九条" in text and "武侯区司法局" in text and "行政复议" in text


def test_the_assignment_letter_names_the_lawyer_and_firm(sichuan, legal_aid):
    case = decided(sichuan, legal_aid, matter="labour_remuneration")
    legalaid_assign(case=case, actor=legal_aid["reviewer"], now=at(2026, 11, 5))
    text = text_of(assignment_letter_pdf(case))
    assert "法律援助指派通知书" in text and "王律师" in text and "蜀道律师事务所" in text
    assert "张*丰" in text and "第五十条" in text


def test_the_excel_export_masks_names_and_leaves_out_incomes(sichuan, legal_aid):
    decided(sichuan, legal_aid, monthly_income="3456")
    qs = LegalAidCase.objects.select_related(
        "order", "order__party", "order__county", "lawyer", "institution"
    )
    wb = load_workbook(io.BytesIO(cases_xlsx(qs)))
    rows = list(wb["法律援助案件"].values)
    assert rows[0][0] == "工单编号" and len(rows) == 2
    flat = " ".join(str(v) for v in rows[1])
    assert "张*丰" in flat and "张三丰" not in flat and "3456" not in flat
    assert "第三十一条第（四）项" in flat and rows[1][13] == 2  # Mon → Wed: two working days


def test_the_termination_letter_gives_the_ground_and_how_to_object(sichuan, legal_aid):
    from fawang.legalaid.documents import termination_letter_pdf
    from fawang.legalaid.services import legalaid_terminate
    from tests.legalaid.conftest import assigned_case

    case = assigned_case(sichuan, legal_aid)
    legalaid_terminate(
        case=case,
        actor=legal_aid["reviewer"],
        ground=4,
        reasons="受援人已重新就业，家庭人均收入高于本地经济困难标准。",
        now=at(2026, 11, 20),
    )
    text = text_of(termination_letter_pdf(case))
    assert "终止法律援助决定书" in text and "张*丰" in text and "张三丰" not in text
    assert "第四十八条第（四）项" in text and "受援人的经济状况发生变化" in text
    assert "2026年11月20日起终止法律援助" in text and "王律师" in text
    assert "武侯区司法局" in text and "第四十九条" in text and "行政诉讼" in text


def test_the_objection_letters_uphold_with_the_remedies_or_order_a_correction(
    sichuan, legal_aid, bureau
):
    from fawang.legalaid.documents import objection_decision_pdf
    from fawang.legalaid.objections import objection_decide, objection_file
    from tests.legalaid.conftest import denied_case

    case = denied_case(sichuan, legal_aid)
    objection = objection_file(
        case=case, reasons="要赡养两位老人。", actor=None, now=at(2026, 11, 6)
    )
    objection_decide(
        objection=objection,
        actor=bureau["wuhou"],
        uphold=True,
        reasons="申请人家庭人均收入高于本地经济困难标准。",
        now=at(2026, 11, 10),
    )
    text = text_of(objection_decision_pdf(objection))
    assert "法律援助异议审查决定书" in text and "武侯区司法局" in text
    assert "张*丰" in text and "张三丰" not in text
    assert "维持武侯区法律援助中心作出的不予法律援助决定" in text
    assert "六十日内向武侯区人民政府申请行政复议" in text and "六个月内" in text
    assert "第四十九条" in text and "2026年11月10日" in text

    second = denied_case(sichuan, legal_aid, opposing_party="张小红")
    objection = objection_file(case=second, reasons="收入认定有误。", actor=None)
    objection_decide(
        objection=objection, actor=bureau["wuhou"], uphold=False, reasons="收入认定有误。"
    )
    text = text_of(objection_decision_pdf(objection))
    assert "责令武侯区法律援助中心改正" in text and "重新审查并作出是否给予法律援助的决定" in text
    assert "六十日内" not in text  # the remedies follow an upheld decision only


def test_the_assignment_letter_of_advance_aid_says_what_is_outstanding(
    sichuan, legal_aid, personas
):
    import datetime as dt

    from fawang.legalaid.services import legalaid_advance

    case = legalaid_apply(
        **application(sichuan["wuhou"], matter="labour_remuneration"), now=at(2026, 11, 2)
    )
    legalaid_advance(
        case=case,
        actor=personas["county_clerk"],
        ground=2,
        reasons="需要立即申请财产保全",
        materials="家庭经济状况说明",
        materials_due=dt.date(2026, 11, 9),
        now=at(2026, 11, 2, 11),
    )
    text = text_of(assignment_letter_pdf(case))
    assert "法律援助指派通知书" in text and "王律师" in text and "张*丰" in text
    assert "第四十四条第（二）项" in text and "需要立即申请财产保全、证据保全或者先予执行" in text
    assert "2026年11月9日前补办有关手续" in text and "先行提供的法律援助终止" in text
    legalaid_decide(case=case, actor=legal_aid["reviewer"], grant=True, now=at(2026, 11, 6))
    case.refresh_from_db()
    assert "2026年11月6日决定给予法律援助，由王律师继续承办" in text_of(assignment_letter_pdf(case))
    grant = text_of(decision_letter_pdf(case))
    assert "先行提供法律援助，指派王律师承办，由其继续为你提供法律援助" in grant
    assert "三日内指派" not in grant
