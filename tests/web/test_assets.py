def test_echarts_is_served_from_the_installed_package(client):
    response = client.get("/assets/echarts.min.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"echarts" in response.content[:2000]


def test_the_portal_home_page_renders_in_chinese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "有法律问题，找法网" in response.content.decode()
