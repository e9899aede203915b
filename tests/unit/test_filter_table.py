"""Every filter of the table (core/filters.py) works end to end from its one
entry: through the link, the controls, the browser's checks, the chips and
the rows shown. A filter added to the table is tested here with no new test."""

from dataclasses import replace

import numpy as np
import pytest

from dashboard.core.choices import filter_words, without_filter
from dashboard.core.filters import FILTERS
from dashboard.core.model import prepare, view_of
from dashboard.core.urlstate import to_query
from dashboard.core.view import View, filtered_rows
from dashboard.web.controls import (
    FILTER_CONTROLS,
    controls_to_view,
    view_to_controls,
)
from dashboard.web.inputs import clean_controls


@pytest.fixture(scope="module")
def data(bundled_dataset):
    """The bundled data with every other relation from a second data set, so
    that each filter has something to keep out."""
    relations = bundled_dataset.relations
    origin = np.where(np.arange(len(relations)) % 2, "GDELT", relations["origin"])
    return prepare(replace(bundled_dataset, relations=relations.assign(origin=origin)))


STANCES = [{"stance": s} for s in ("cooperative", "neutral", "conflictual")]


def narrowed(data, spec):
    """A value of ``spec`` that keeps some rows out: one offered value, the
    highest level, the switch on."""
    if spec.shape == "choice":
        return (data.choices[spec.field][0],)
    if spec.shape == "level":
        return spec.levels[-1]
    return True


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.field)
def test_a_filter_works_end_to_end_from_its_entry(data, spec):
    whole = View(data.span[0], data.span[1])
    view = replace(whole, **{spec.field: narrowed(data, spec)})

    # the link
    assert spec.param in to_query(view)
    assert view_of(data, to_query(view)) == view
    assert view_of(data, to_query(whole)) == whole

    # the controls, and the checks of what the browser sends back
    assert spec.field in FILTER_CONTROLS
    values = view_to_controls(data, view, STANCES)
    assert controls_to_view(data, values) == view
    cleaned, notices = clean_controls(data, values)
    assert cleaned == values and notices == []

    # the chips: named while on, removed by its cross
    assert spec.field in filter_words(view, data.names, every=data.choices)
    assert spec.field not in filter_words(whole, data.names, every=data.choices)
    assert without_filter(view, spec.field) == whole

    # the rows: fewer, and each as the filter says
    _, table, kept = filtered_rows(data.dataset, view)
    _, _, every = filtered_rows(data.dataset, whole)
    assert 0 < kept.sum() < every.sum()
    if spec.column:
        column = table.loc[kept, spec.column]
        if spec.shape == "level":
            assert (column >= view.min_sources).all()
        else:
            assert column.isin(getattr(view, spec.field)).all()


def test_a_filter_value_a_link_cannot_hold_falls_back_with_a_notice(data):
    for spec in FILTERS:
        view = view_of(data, f"?{spec.param}=%3Cjunk%3E")
        assert getattr(view, spec.field) == spec.everything
        assert any(spec.param in notice for notice in view.notices), spec.field
