import pytest
from django.template.loader import render_to_string
from django.urls import reverse


@pytest.mark.django_db
def test_the_search_page_shows_a_structured_answer_in_chinese(client):
    r = client.get(reverse("consult:search"), {"q": "老板拖了三个月工资不给怎么办"})
    assert r.status_code == 200
    html = r.content.decode()
    for heading in ("一、您的情况", "二、相关法条", "三、您可以怎么做", "四、去哪里办"):
        assert heading in html
    assert "劳动争议/欠薪" in html
    assert "<mark>" in html


@pytest.mark.django_db
def test_the_search_page_without_a_question_shows_the_form(client):
    r = client.get(reverse("consult:search"))
    assert r.status_code == 200
    assert "您的问题" in r.content.decode()


@pytest.mark.django_db
def test_an_empty_or_overlong_question_on_the_page_is_explained(client):
    r = client.get(reverse("consult:search"), {"q": " "})
    assert r.status_code == 400
    assert "请输入要咨询的问题" in r.content.decode()
    r = client.get(reverse("consult:search"), {"q": "字" * 2500})
    assert r.status_code == 400
    assert "问题过长" in r.content.decode()


@pytest.mark.django_db
def test_the_fragment_renders_results_without_page_chrome(client):
    r = client.get(reverse("consult:fragment"), {"q": "买到假货怎么赔", "k": "3"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "<html" not in html
    assert html.count("<li>") == 3
    assert "消费" in html
    assert client.get(reverse("consult:fragment"), {"q": ""}).status_code == 400
    assert client.get(reverse("consult:fragment"), {"q": "工资", "k": "x"}).status_code == 200


def test_the_widget_include_points_at_the_fragment():
    html = render_to_string("consult/_search_widget.html", {})
    assert reverse("consult:fragment") in html
    assert 'name="q"' in html


@pytest.mark.django_db
def test_the_citation_page_marks_each_citation(client):
    r = client.post(
        reverse("consult:citations"),
        {"text": "依《劳动合同法》第三十条、《合同法》第五十二条及《劳动合同法》第九百条"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "现行有效" in html and "已废止" in html and "无此条" in html
    assert client.post(reverse("consult:citations"), {"text": ""}).status_code == 400


def test_highlighting_escapes_the_text():
    from fawang.consult.templatetags.consult_tags import highlight

    out = highlight("<b>工资</b>按时支付", ["工资"])
    assert "&lt;b&gt;<mark>工资</mark>&lt;/b&gt;" in out
