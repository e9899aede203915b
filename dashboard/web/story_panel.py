"""The story bar: where a story is, what its step says, the quote it rests on,
and links to the previous and next steps (which the arrow keys follow)."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard.core.describe import quote_or_summary, source_line
from dashboard.core.stories import Story
from dashboard.core.urlstate import Display, display_params
from dashboard.web import ids

__all__ = ["make_story_panel", "make_unread_story_panel", "step_href"]


def step_href(display: Display, story: str | None, step: int = 1) -> str:
    """The link to a story's step (or out of the story, with ``story`` None),
    keeping the presentation mode, theme and open tab."""
    params = display_params(
        Display(
            present=display.present,
            theme=display.theme,
            story=story,
            step=step,
            tab=display.tab,
        )
    )
    return "?" + urlencode(params)


def make_story_panel(story: Story, display: Display, relations: pd.DataFrame) -> list:
    """The bar's content for ``display.step`` of ``story``; ``relations`` is
    the whole relations table (for the step's quote)."""
    number = display.step
    step = story.steps[number - 1]
    last = len(story.steps)
    quote = []
    if step.quote:
        row = relations.loc[relations["id"] == step.quote].iloc[0]
        source = source_line(row.get("reported_by"), row.get("source_document"))
        quote = [
            html.Div(
                className="atlas-story-quote",
                children=[
                    html.Blockquote(f"“{quote_or_summary(row)}”"),
                    html.P(f"Source: {source}", className="atlas-meta"),
                ],
            )
        ]
    nav = html.Nav(
        className="atlas-story-nav",
        **{"aria-label": "Story steps"},
        children=[
            html.Span(f"Step {number} of {last}", className="atlas-story-count"),
            _step_link("◀ Previous", ids.STORY_PREV, display, story, number - 1, last),
            _step_link("Next ▶", ids.STORY_NEXT, display, story, number + 1, last),
            dcc.Link(
                "✕ End story",
                id=ids.STORY_END,
                href=step_href(display, None),
                className="atlas-button atlas-link-button",
            ),
        ],
    )
    return [
        html.Div(
            className="atlas-story-head",
            children=[
                html.Span(story.title, className="atlas-story-title"),
                html.H2(step.title, className="atlas-story-step"),
            ],
        ),
        nav,
        html.P(step.caption, className="atlas-story-caption"),
        *quote,
        *_sizers(story, relations),
    ]


def make_unread_story_panel(display: Display, reason: str | None) -> list:
    """The bar of a story open in the page whose file can no longer be read
    (edited while the app runs): why, and the way out. The bar went empty,
    and the filters with it, unsaid."""
    why = reason or "it is no longer in the data"
    why += "" if why.endswith((".", "?", "!")) else "."
    return [
        html.Div(
            className="atlas-story-head",
            children=[
                html.Span(f"Story '{display.story}'", className="atlas-story-title"),
                html.H2("This story could not be read", className="atlas-story-step"),
            ],
        ),
        html.Nav(
            className="atlas-story-nav",
            **{"aria-label": "Story steps"},
            children=[
                dcc.Link(
                    "✕ End story",
                    id=ids.STORY_END,
                    href=step_href(display, None),
                    className="atlas-button atlas-link-button",
                )
            ],
        ),
        html.P(
            f"{why} The story comes back once its file is mended.",
            className="atlas-story-caption",
        ),
    ]


def _sizers(story: Story, relations: pd.DataFrame) -> list:
    """Unseen copies of the story's longest step title, caption and quote, in
    the places of the step's own: projected, the bar is as tall at every step
    as at its tallest, and the figures above keep their size (they shrank
    and grew by a line of the bar from one step to the next)."""
    unseen = {"aria-hidden": "true"}
    sizers = [
        html.Div(
            className="atlas-story-head atlas-story-sizer",
            children=[
                html.Span(story.title, className="atlas-story-title"),
                html.H2(
                    max((step.title for step in story.steps), key=len),
                    className="atlas-story-step",
                ),
            ],
            **unseen,
        ),
        html.P(
            max((step.caption for step in story.steps), key=len),
            className="atlas-story-caption atlas-story-sizer",
            **unseen,
        ),
    ]
    quoted = [step.quote for step in story.steps if step.quote]
    rows = relations[relations["id"].isin(quoted)]
    said = [
        (
            f"“{quote_or_summary(row)}”",
            f"Source: {source_line(row.get('reported_by'), row.get('source_document'))}",
        )
        for _, row in rows.iterrows()
    ]
    if said:
        quote, source = max(said, key=lambda words: len(words[0]) + len(words[1]))
        sizers.append(
            html.Div(
                className="atlas-story-quote atlas-story-sizer",
                children=[
                    html.Blockquote(quote),
                    html.P(source, className="atlas-meta"),
                ],
                **unseen,
            )
        )
    return sizers


def _step_link(label, link_id, display, story, step, last):
    """A link to ``step``; at either end of the story, a disabled look-alike
    (keeping its id, so that the keys find it and do nothing)."""
    if 1 <= step <= last:
        return dcc.Link(
            label,
            id=link_id,
            href=step_href(display, story.name, step),
            className="atlas-button atlas-link-button",
        )
    return html.Span(
        label,
        id=link_id,
        className="atlas-button atlas-link-button atlas-disabled",
        **{"aria-disabled": "true"},
    )
