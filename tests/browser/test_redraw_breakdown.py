"""The click-to-redraw probe says where a click's time went: until the
figures' answer arrived (the server's wait among it), then the browser
drawing both figures."""

from dashboard.devtools.redraw import click_to_redraw


def test_each_click_is_split_into_answer_and_drawing(server_url, browser):
    redraws = click_to_redraw(server_url, clicks=3, browser=browser)
    assert len(redraws.answered_ms) == len(redraws.drawing_ms) == 3
    for total, answered, server, drawing in zip(
        redraws.ms, redraws.answered_ms, redraws.server_ms, redraws.drawing_ms
    ):
        assert 0 < server <= answered and drawing >= 0
        assert abs(answered + drawing - total) < 1
    assert redraws.median("drawing_ms") == sorted(redraws.drawing_ms)[1]
    for drawn, total in zip(redraws.figures_ms, redraws.ms):
        assert set(drawn) == {"geo-map", "network-graph"}
        assert max(drawn.values()) == total
