from django.test import RequestFactory

from fawang.lib.paging import query_without_page


def test_the_query_string_keeps_the_filters_and_drops_the_page():
    request = RequestFactory().get("/x/", {"status": "open", "page": "3", "q": "工资"})
    kept = query_without_page(request)
    assert "page=" not in kept
    assert "status=open" in kept and "q=%E5%B7%A5%E8%B5%84" in kept
    assert query_without_page(RequestFactory().get("/x/", {"page": "2"})) == ""
