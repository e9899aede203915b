"""The bench's click-to-redraw probe measures real redraws: each preset click
is timed until both figures drew, and made callback requests."""

from dashboard.devtools.redraw import click_to_redraw


def test_each_click_is_timed_until_both_figures_redraw(server_url, browser):
    redraws = click_to_redraw(server_url, clicks=3, browser=browser)
    assert len(redraws.ms) == 3 and all(0 < ms < 30_000 for ms in redraws.ms)
    assert all(count >= 2 for count in redraws.requests)  # state, then figures
    assert redraws.median_ms == sorted(redraws.ms)[1]
