import pytest

from fawang.consult import index as index_module
from fawang.consult import services
from fawang.network.models import Institution, ServicePoint
from fawang.regions.models import Level

URL = "/api/v1/statutes/search"


@pytest.mark.django_db
def test_search_returns_articles_with_law_number_text_highlight_and_score(client):
    r = client.get(URL, {"q": "老板不给钱，拖欠工资", "k": 5})
    assert r.status_code == 200
    body = r.json()
    assert 1 <= body["count"] <= 5
    first = body["results"][0]
    assert first["law"].startswith("中华人民共和国")
    assert first["article_no"].startswith("第")
    assert first["text"] and first["score"] > 0
    assert isinstance(first["highlight"], list)


@pytest.mark.django_db
def test_an_empty_query_is_a_clear_400(client):
    for q in ("", "   "):
        r = client.get(URL, {"q": q})
        assert r.status_code == 400
        assert "请输入" in r.json()["detail"]
    assert client.get(URL).status_code == 400


@pytest.mark.django_db
def test_an_overlong_query_is_a_clear_400(client):
    r = client.get(URL, {"q": "工资" * 1001})
    assert r.status_code == 400
    assert "过长" in r.json()["detail"]
    assert client.get(URL, {"q": "工" * 2000}).status_code == 200


@pytest.mark.django_db
def test_a_non_chinese_query_gets_a_sensible_answer_not_an_error(client):
    for q in ("unpaid wages", "12345", "!!!", "<script>alert(1)</script>"):
        r = client.get(URL, {"q": q})
        assert r.status_code == 200, q
        assert "中文" in r.json()["notice"]


@pytest.mark.django_db
def test_k_out_of_range_or_not_a_number_is_a_4xx(client):
    assert client.get(URL, {"q": "工资", "k": 0}).status_code == 400
    assert client.get(URL, {"q": "工资", "k": 500}).status_code == 400
    assert client.get(URL, {"q": "工资", "k": "ten"}).status_code == 422


@pytest.mark.django_db
def test_while_the_index_is_being_built_search_says_so_with_503(client, monkeypatch):
    monkeypatch.setattr(services, "ready_index", lambda: None)
    r = client.get(URL, {"q": "工资"})
    assert r.status_code == 503
    assert "正在建立" in r.json()["detail"]


@pytest.mark.django_db
def test_classify_endpoint_gives_category_and_path(client):
    r = client.get("/api/v1/statutes/classify", {"q": "撞了车对方不赔钱"})
    assert r.status_code == 200
    assert r.json()["category"] == "traffic"
    assert r.json()["paths"][0]["label"]


@pytest.mark.django_db
def test_citation_check_endpoint_flags_the_fake_one(client):
    r = client.post(
        "/api/v1/statutes/citations/check",
        {"text": "《劳动合同法》第三十条和《劳动合同法》第九百条"},
        content_type="application/json",
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["total"], body["verified"]) == (2, 1)
    assert [c["status"] for c in body["citations"]] == ["current", "missing"]


@pytest.mark.django_db
def test_answer_names_the_nearest_service_point_and_institution(client, sichuan):
    wuhou = sichuan["wuhou"]
    ServicePoint.objects.create(
        name="武侯区公共法律服务中心", kind=ServicePoint.Kind.CENTRE, level=Level.COUNTY,
        region=wuhou, address="武侯大道1号", phone="028-12348",
    )  # fmt: skip
    ServicePoint.objects.create(
        name="西昌市公共法律服务中心", kind=ServicePoint.Kind.CENTRE, level=Level.COUNTY,
        region=sichuan["xichang"],
    )  # fmt: skip
    Institution.objects.create(
        name="武侯区劳动人事争议仲裁委员会", kind=Institution.Kind.ARBITRATION, region=wuhou
    )
    r = client.post(
        "/api/v1/statutes/answer",
        {"question": "公司拖欠工资两个月不发", "region": wuhou.code},
        content_type="application/json",
    )
    assert r.status_code == 200
    body = r.json()
    assert body["classification"]["category"] == "labour_wage"
    assert body["articles"] and all(a["citation_status"]["verified"] for a in body["articles"])
    names = [p["name"] for p in body["where_to_go"]]
    assert names[0] == "武侯区公共法律服务中心"
    assert "武侯区劳动人事争议仲裁委员会" in names
    assert body["actions"] and body["draft"] is None


@pytest.mark.django_db
def test_search_page_lazily_starts_a_build_and_never_500s(client, monkeypatch):
    index_module.set_index(None)
    started = []
    monkeypatch.setattr(index_module, "load_index", lambda **kw: (_ for _ in ()).throw(
        index_module.StaleIndex("尚未建立法条索引")))  # fmt: skip
    monkeypatch.setattr(
        index_module.threading, "Thread",
        lambda **kw: type("T", (), {"start": lambda s: started.append(1),
                                    "is_alive": lambda s: True})(),
    )  # fmt: skip
    monkeypatch.setattr(index_module, "_building", None)
    r = client.get(URL, {"q": "工资"})
    assert r.status_code == 503
    assert started == [1]
    assert client.get(URL, {"q": "工资"}).status_code == 503
    assert started == [1]  # one build at a time
