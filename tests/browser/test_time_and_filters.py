"""The time bar's overview and detail, and the one-click filters, in Chromium
(issue 14, items 1 and 4)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS, Atlas

CONFLICTUAL = {
    "military pressure", "non-recognition", "pressure", "sanctions", "threat",
    "warning",
}  # fmt: skip


def time_bar(atlas: Atlas) -> dict:
    """The time bar as the page draws it: its traces' names and counts, its
    layout's meta (what the detail counts beside its bins) and ticks."""
    return atlas.page.evaluate(
        """() => {
            const plot = document.querySelector('#time-bar .js-plotly-plot');
            return {
                traces: plot.data.map(t => ({name: t.name, y: t.y, x: t.x,
                                             axis: t.xaxis})),
                meta: plot.layout.meta,
                ticks: [plot.layout.xaxis.tickvals, plot.layout.xaxis.ticktext],
            };
        }"""
    )


def header_count(atlas: Atlas) -> int:
    header = atlas.page.inner_text("#header-window")
    return int(re.search(r"([\d,]+) relations?", header).group(1).replace(",", ""))


def bar_total(bar: dict, axis: str) -> int:
    """The relations a bar counts in its bins (``axis``: x, the overview; x2
    the detail): whole, as the bars carry the shares of roughly dated ones
    to four decimals."""
    return round(
        sum(
            sum(trace["y"] or [])
            for trace in bar["traces"]
            if trace["axis"] == axis and trace["name"] != "standing"
        )
    )


def drag(atlas: Atlas, subplot: str, start_x: float, end_x: float) -> None:
    """A box-select drag across the time bar's ``subplot`` (xy: the overview,
    x2y2: the detail) between two page x coordinates."""
    box = atlas.page.locator(
        f"#time-bar .draglayer .{subplot} .nsewdrag"
    ).bounding_box()
    y = box["y"] + box["height"] / 2
    atlas.page.mouse.move(start_x, y)
    atlas.page.mouse.down()
    atlas.page.mouse.move(end_x, y, steps=10)
    atlas.page.mouse.up()
    atlas.settle()


def overview_x(atlas: Atlas, position: float) -> float:
    """The page x coordinate of a position on the overview's axis."""
    return atlas.page.evaluate(
        """(position) => {
            const plot = document.querySelector('#time-bar .js-plotly-plot');
            const axis = plot._fullLayout.xaxis;
            return plot.getBoundingClientRect().left + axis._offset + axis.l2p(position);
        }""",
        position,
    )


def test_a_drag_on_the_overview_across_november_and_december_2025_selects_them(atlas):
    atlas.open()
    values, labels = time_bar(atlas)["ticks"]
    november = values[labels.index("Nov")]
    box = atlas.page.locator("#time-bar .draglayer .xy .nsewdrag").bounding_box()
    # the burst takes a good part of the overview, not 6 px of it
    assert box["x"] + box["width"] - overview_x(atlas, november) > 100
    drag(atlas, "xy", overview_x(atlas, november) + 2, box["x"] + box["width"] + 8)
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-01",
        "2025-12-11",
    )
    assert "1 Nov – 11 Dec 2025 · 25 relations" in atlas.page.inner_text(
        "#header-window"
    )
    # the detail counts that window by day; with the standing strip and those
    # begun earlier, it adds up to the header
    bar = time_bar(atlas)
    assert bar["meta"]["unit"] == "day"
    assert bar_total(bar, "x2") + bar["meta"]["before"] + bar["meta"]["standing"] == 25
    assert atlas.console_errors == []


def test_a_drag_on_the_detail_selects_within_the_window(atlas):
    atlas.open("?start=2025-11-01&end=2025-12-11")
    box = atlas.page.locator("#time-bar .draglayer .x2y2 .nsewdrag").bounding_box()
    # the detail spans the window, 41 days: its second half from 22 November
    drag(atlas, "x2y2", box["x"] + box["width"] * 0.52, box["x"] + box["width"] - 1)
    start, end = atlas.query()["start"], atlas.query()["end"]
    assert "2025-11-20" <= start <= "2025-11-23" and end == "2025-12-11"


def test_the_burst_has_a_preset_of_its_own(atlas):
    atlas.open()
    atlas.page.get_by_role("button", name="Nov–Dec 2025: 25 relations").click()
    atlas.settle()
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-01",
        "2025-12-11",
    )
    assert header_count(atlas) == 25
    # its count follows the filters, as the header's does once it is chosen
    atlas.open("?kinds=pressure")
    atlas.page.get_by_role("button", name="Nov–Dec 2025: 0 relations").click()
    atlas.settle()
    assert header_count(atlas) == 0


def test_under_a_kind_filter_the_time_bar_counts_what_the_header_counts(atlas):
    atlas.open()
    everything = time_bar(atlas)
    atlas.page.locator(".atlas-filters label", has_text="support").click()
    atlas.settle()
    shown = header_count(atlas)
    assert shown == 24  # r01, r10 and r11, the three supports, are out
    bar = time_bar(atlas)
    meta = bar["meta"]
    assert bar_total(bar, "x2") + meta["before"] + meta["standing"] == shown
    # the overview counts the filtered relations too (the whole span: all of
    # them but the standing ones, which have their strip)
    assert bar_total(bar, "x") + meta["standing"] == shown
    assert bar_total(everything, "x") - bar_total(bar, "x") == 3


def test_a_stance_heading_keeps_its_kinds_and_a_second_click_restores(atlas):
    atlas.open()
    heading = atlas.page.get_by_role("button", name="Conflictual", exact=True)
    heading.click()
    atlas.settle()
    assert set(atlas.query()["kinds"].split(",")) == CONFLICTUAL
    relations = atlas.shown("network-graph", "relation")
    assert relations == {"r02", "r13", "r14", "r15", "r16", "r27"}
    assert atlas.page.locator(".atlas-chip:visible").all_inner_texts() == [
        "conflictual only ✕"
    ]
    heading.click()
    atlas.settle()
    assert "kinds" not in atlas.query()
    assert atlas.page.locator(".atlas-chip:visible").count() == 0


def test_only_beside_a_kind_keeps_that_kind(atlas):
    atlas.open()
    atlas.page.get_by_role("button", name="only call", exact=True).click()
    atlas.settle()
    assert atlas.query()["kinds"] == "call"
    assert atlas.shown("network-graph", "relation") == {"r04", "r22", "r26"}
    assert atlas.page.locator(".atlas-chip:visible").all_inner_texts() == [
        "call only ✕"
    ]


def legend_entry(atlas: Atlas, graph: str, name: str):
    return (
        atlas.page.locator(f"#{graph} .legend .traces")
        .filter(has=atlas.page.locator(".legendtext", has_text=re.compile(f"^{name}$")))
        .locator(".legendtoggle")
    )


def test_a_legend_click_filters_by_its_entry_instead_of_hiding_a_trace(atlas):
    atlas.open()
    legend_entry(atlas, "network-graph", "conflictual").click()
    atlas.settle()
    assert set(atlas.query()["kinds"].split(",")) == CONFLICTUAL
    # nothing was hidden the Plotly way: every trace is still visible
    hidden = atlas.page.evaluate(
        "() => document.querySelector('#network-graph .js-plotly-plot').data"
        ".filter(t => t.visible === 'legendonly').length"
    )
    assert hidden == 0
    legend_entry(atlas, "geo-map", "confirmed").click()
    atlas.settle()
    assert atlas.query()["confidence"] == "confirmed"
    legend_entry(atlas, "geo-map", "state").click()
    atlas.settle()
    assert atlas.query()["actors"] == "state"
    assert atlas.page.locator(".atlas-chip:visible").all_inner_texts() == [
        "conflictual only ✕", "state actors only ✕", "confirmed only ✕",
    ]  # fmt: skip
    # again on the same entry: everything again
    legend_entry(atlas, "network-graph", "conflictual").click()
    atlas.settle()
    assert "kinds" not in atlas.query()
    assert atlas.console_errors == []


def test_a_chips_cross_removes_its_filter(atlas):
    atlas.open(
        "?kinds=" + ",".join(sorted(CONFLICTUAL)) + "&confidence=confirmed&states=1"
    )
    chips = atlas.page.locator(".atlas-chip:visible")
    assert chips.all_inner_texts() == [
        "conflictual only ✕", "confirmed only ✕", "states only ✕",
    ]  # fmt: skip
    chips.filter(has_text="confirmed only").click()
    atlas.settle()
    query = atlas.query()
    assert "confidence" not in query and query["states"] == "1" and "kinds" in query
    assert atlas.page.get_by_role("checkbox", name="speculative").is_checked()
    assert chips.all_inner_texts() == ["conflictual only ✕", "states only ✕"]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_time_card_and_chips_screenshots(browser, server_url, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    atlas = Atlas(context.new_page(), server_url).open(
        "?start=2025-11-01&end=2025-12-11&kinds="
        + ",".join(sorted(CONFLICTUAL))
        + "&confidence=confirmed&actors=state,person"
    )
    name = f"{size[0]}x{size[1]}"
    atlas.screenshot(f"time-and-filters-{name}")
    for part, selector in (("time-card", ".atlas-time"), ("header", ".atlas-header")):
        path = SCREENSHOTS / f"{part}-{name}.png"
        atlas.page.locator(selector).screenshot(path=str(path))
    # nothing of the header or the time card is cut off or out of the window
    for selector in (".atlas-header", ".atlas-time", "#time-bar"):
        box = atlas.page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= size[1], selector
    scroll = atlas.page.evaluate("() => document.documentElement.scrollHeight")
    assert scroll <= size[1]
    assert atlas.page.locator(".atlas-chip:visible").count() == 3
    context.close()
