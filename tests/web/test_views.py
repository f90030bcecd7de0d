"""The citizen's side: the request form at /ask/ and the tracking page at /track/."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fawang.workorders.models import Attachment, Party, Status, WorkOrder
from fawang.workorders.services import workorder_transition
from tests.web.conftest import ID_NUMBER, MOBILE, make_order

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def token_of(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def valid_data(client, sichuan, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "form_token": token_of(client.get("/ask/")),
        "service": "legal_aid",
        "category": "labour_wage",
        "city": "510100",
        "county": "510107",
        "township": sichuan["wuhou_township"].code,
        "village": "",
        "language": "zh",
        "name": "李小花",
        "mobile": "139 0000 1234",
        "id_number": ID_NUMBER,
        "description": "在工地干了半年，老板拖欠工资两万元一直不给。",
    }
    data.update(overrides)
    return data


def test_the_ask_form_renders_in_chinese_with_the_city_list(client, sichuan):
    response = client.get("/ask/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "在线申请法律服务" in page and "成都市" in page and "使用我的位置" in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_valid_request_creates_one_order_and_shows_its_number(client, sichuan):
    data = valid_data(client, sichuan)
    data["attachments"] = [SimpleUploadedFile("欠条.png", PNG, content_type="image/png")]
    response = client.post("/ask/", data, follow=True)
    assert response.status_code == 200
    order = WorkOrder.objects.get()
    assert order.number in response.content.decode()
    assert "查询办理进度" in response.content.decode()
    assert order.channel == "web" and order.region == sichuan["wuhou_township"]
    assert order.county_id == "510107" and order.service == "legal_aid"
    party = Party.objects.get()
    assert party.phone_last4 == "1234" and party.reveal_id_number() == ID_NUMBER
    attachment = Attachment.objects.get(order=order)
    assert attachment.name == "欠条.png" and attachment.size == len(PNG)
    assert "欠条" not in attachment.file.name  # stored under a random name


def test_a_double_submit_with_the_same_token_makes_one_order(client, sichuan):
    data = valid_data(client, sichuan)
    first = client.post("/ask/", data)
    second = client.post("/ask/", data)
    assert first.status_code == second.status_code == 302
    assert WorkOrder.objects.count() == 1
    assert WorkOrder.objects.get().number in client.get("/ask/done/").content.decode()


def test_a_form_posted_without_its_csrf_token_is_refused(sichuan):
    client = Client(enforce_csrf_checks=True)
    data = valid_data(client, sichuan)
    response = client.post("/ask/", data)
    assert response.status_code == 403
    assert "没有保存任何内容" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_the_same_form_with_its_csrf_token_is_accepted(sichuan):
    client = Client(enforce_csrf_checks=True)
    data = valid_data(client, sichuan)
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    assert client.post("/ask/", data).status_code == 302
    assert WorkOrder.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "1380013800", "请输入11位手机号码"),
        ("id_number", "110105194912310021", "校验位不正确"),
        ("id_number", "110105194902300020", "出生日期不存在"),
        ("id_number", "990105194912310021", "地区代码不正确"),
        ("name", "", "这个字段是必填项"),
        ("description", "欠薪", "请至少用10个字"),
        ("county", "", "请选择所在县（市、区）"),
        ("county", "513401", "不属于所选市（州）"),
        ("category", "", "这个字段是必填项"),
    ],
)
def test_bad_input_gets_a_chinese_message_on_its_field_and_writes_nothing(
    client, sichuan, field, value, message
):
    data = valid_data(client, sichuan, **{field: value})
    if field == "county":
        data["township"] = ""
    response = client.post("/ask/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if field != "county":  # the place has its own fieldset
        assert re.search(rf'class="field has-error[^"]*" id="field-{field}"', page)
    assert WorkOrder.objects.count() == Party.objects.count() == 0


def test_an_attachment_of_a_wrong_type_is_refused_in_chinese(client, sichuan):
    data = valid_data(client, sichuan)
    data["attachments"] = [SimpleUploadedFile("病毒.exe", b"MZ" + b"\x00" * 20)]
    response = client.post("/ask/", data)
    assert response.status_code == 400
    assert "格式不支持" in response.content.decode()
    assert "需要重新选择" in response.content.decode()
    assert WorkOrder.objects.count() == Attachment.objects.count() == 0


def test_an_attachment_whose_content_does_not_match_its_name_is_refused(client, sichuan):
    data = valid_data(client, sichuan)
    data["attachments"] = [SimpleUploadedFile("照片.jpg", b"<html>not a photo</html>")]
    response = client.post("/ask/", data)
    assert "内容与文件类型不符" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_a_forged_form_token_is_refused_and_a_fresh_one_issued(client, sichuan):
    data = valid_data(client, sichuan, form_token="made-up")
    response = client.post("/ask/", data)
    assert response.status_code == 400
    assert "表单已失效" in response.content.decode()
    assert token_of(response) != "made-up"
    assert WorkOrder.objects.count() == 0


def test_use_my_location_places_the_order_in_the_located_county(client, sichuan):
    # A point in Xichang (Liangshan), with no county chosen.
    data = valid_data(client, sichuan, city="", county="", township="", lng="102.27", lat="27.89")
    assert client.post("/ask/", data).status_code == 302
    assert WorkOrder.objects.get().county_id == "513401"


def test_a_location_outside_sichuan_asks_to_choose_by_hand(client, sichuan):
    data = valid_data(client, sichuan, city="", county="", township="", lng="116.4", lat="39.9")
    response = client.post("/ask/", data)
    assert "不在四川省内" in response.content.decode()


def test_the_cascade_lists_the_counties_of_a_city(client, sichuan):
    options = client.get("/ask/regions/510100/").json()["options"]
    assert {"code": "510107", "name": "武侯区"} in options
    located = client.get("/ask/locate/", {"lng": "102.27", "lat": "27.89"}).json()
    assert located["county"] == "513401" and located["city"] == "513400"


def test_tracking_shows_the_status_and_a_masked_timeline(client, sichuan, personas):
    order = make_order(sichuan["wuhou"])
    workorder_transition(order=order, to=Status.ACCEPTED, actor=personas["county_clerk"])
    response = client.post("/track/", {"number": order.number.lower(), "phone_last4": "8000"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "已签收" in page and "已受理" in page and "武侯区公共法律服务中心" in page
    assert "张*丰" in page and "138****8000" in page
    assert MOBILE not in page and ID_NUMBER not in page and "county_clerk" not in page


def test_tracking_with_wrong_digits_says_so_in_chinese(client, sichuan):
    order = make_order(sichuan["wuhou"])
    response = client.post("/track/", {"number": order.number, "phone_last4": "1111"})
    assert response.status_code == 404
    assert "没有找到与该编号和手机号后4位相符的工单" in response.content.decode()
    assert "已受理" not in response.content.decode()


def test_tracking_guesses_are_rate_limited(client, sichuan):
    order = make_order(sichuan["wuhou"])
    for digits in ("0001", "0002", "0003", "0004", "0005"):
        client.post("/track/", {"number": order.number, "phone_last4": digits})
    response = client.post("/track/", {"number": order.number, "phone_last4": "8000"})
    assert response.status_code == 429
    assert "查询失败次数过多" in response.content.decode()
    assert "已受理" not in response.content.decode()


def test_before_the_worker_routes_it_the_requester_reads_that_it_is_being_dispatched(
    client, sichuan, personas
):
    response = client.post("/ask/", valid_data(client, sichuan), follow=True)
    assert "已受理，正在分派承办单位。" in response.content.decode()
    order = WorkOrder.objects.get()
    assert order.status == Status.RECEIVED and order.assigned_institution is None
    page = client.post("/track/", {"number": order.number, "phone_last4": "1234"})
    assert "已受理，正在分派承办单位。" in page.content.decode()
    workorder_transition(order=order, to=Status.ACCEPTED, actor=personas["county_clerk"])
    page = client.post("/track/", {"number": order.number, "phone_last4": "1234"})
    assert "已签收" in page.content.decode() and "正在分派" not in page.content.decode()


def test_a_complaint_names_the_unit_complained_of_and_it_is_kept(client, sichuan):
    page = client.get("/ask/").content.decode()
    assert 'name="opposing_party"' in page and "被投诉单位" in page
    data = valid_data(
        client,
        sichuan,
        service="complaint",
        category="other",
        opposing_party="  武侯区公共法律服务中心 ",
        description="窗口工作人员态度恶劣，推诿不办。",
    )
    client.post("/ask/", data)
    order = WorkOrder.objects.get()
    assert order.service == "complaint" and order.opposing_party == "武侯区公共法律服务中心"
    too_long = valid_data(client, sichuan, opposing_party="单" * 121)
    response = client.post("/ask/", too_long)
    assert response.status_code == 400 and WorkOrder.objects.count() == 1
