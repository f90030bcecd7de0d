from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_the_pager_links_keep_the_filters_and_hide_on_one_page():
    pages = Paginator(list(range(120)), 50)
    html = render_to_string("web/_pager.html", {"page": pages.page(2), "query": "open=1"})
    assert 'href="?open=1&amp;page=1"' in html and 'href="?open=1&amp;page=3"' in html
    assert "第 2 / 3 页" in html
    bare = render_to_string("web/_pager.html", {"page": pages.page(1), "query": ""})
    assert 'href="?page=2"' in bare and "上一页" not in bare
    one = render_to_string("web/_pager.html", {"page": Paginator([1], 50).page(1), "query": ""})
    assert "pager" not in one
