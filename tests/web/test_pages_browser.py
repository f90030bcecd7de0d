import pytest

from tests.browser import login


@pytest.mark.browser
def test_the_home_page_renders_in_a_real_browser(browser_page, live_server, personas):
    login(browser_page, live_server, personas["county_clerk"])
    browser_page.goto(live_server.url + "/")
    assert "有法律问题，找法网" in browser_page.content()
    assert "county_clerk" in browser_page.inner_text("header")
