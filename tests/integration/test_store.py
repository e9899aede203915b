"""The event store's import on Dask (a LocalCluster of two worker processes,
reached as any cluster is, by its scheduler's address) gives what the import
in this process gives; ``app.py`` serves a store, alone or beside the bundled
data."""

from __future__ import annotations

import json
import urllib.request

import pandas as pd
import pytest
from dask.distributed import LocalCluster

from dashboard.devtools.bench import start_server
from dashboard.importing.store import ingest, open_store
from tests.conftest import BUNDLED
from tests.unit.test_store import GDELT_FILE, sliced, zipped


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    """Three slices of the real file, the whole file under a later name (its
    events counted again: another file), and one that is not a zip."""
    folder = tmp_path_factory.mktemp("raw")
    files = sliced(folder)
    whole = folder / "20150219000000.export.CSV.zip"
    whole.write_bytes(GDELT_FILE.read_bytes())
    broken = zipped(folder, "20150219001500", ["x"])
    broken.write_bytes(broken.read_bytes()[:40])
    return [*files, whole, broken]


@pytest.fixture(scope="module")
def in_process(tmp_path_factory, raw):
    store = tmp_path_factory.mktemp("one") / "store"
    return store, ingest(store, raw, workers=1)


def manifest_of(store) -> dict:
    """store.json without what differs from run to run (the hour)."""
    manifest = json.loads((store / "store.json").read_text())
    manifest.pop("updated")
    for entry in manifest["files"]:
        entry.pop("imported")
    return manifest


def same_store(store, expected) -> None:
    assert manifest_of(store) == manifest_of(expected)
    got, want = open_store(store), open_store(expected)
    pd.testing.assert_frame_equal(got.relations, want.relations)
    pd.testing.assert_frame_equal(got.actors, want.actors)


def test_a_dask_cluster_imports_what_this_process_imports(tmp_path, raw, in_process):
    expected, report = in_process
    assert report.events == 30 and report.relations == 9
    assert list(report.unreadable) == [raw[-1].name]
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        seen = []
        done = ingest(
            tmp_path / "store", raw, scheduler=cluster.scheduler_address,
            progress=lambda done, total, name: seen.append((done, total)),
        )  # fmt: skip
    assert seen[-1] == (5, 5)
    assert done.totals() == report.totals() and done.unreadable == report.unreadable
    same_store(tmp_path / "store", expected)


def test_local_processes_by_default(tmp_path, raw, in_process):
    expected, _ = in_process
    ingest(tmp_path / "store", raw, workers=2)  # a LocalCluster of its own
    same_store(tmp_path / "store", expected)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200
        return answer.read().decode()


@pytest.mark.parametrize("with_bundled", [False, True], ids=["store", "data+store"])
def test_app_serves_a_store(in_process, with_bundled):
    store, _ = in_process
    directories = (BUNDLED, store) if with_bundled else (store,)
    process, url, _ = start_server(*directories)
    try:
        assert "Alliance Atlas" in get(url)
        layout = get(url + "/_dash-layout")
        assert '"GDELT"' in layout  # the origins offered as a filter
        assert ("Guacamaya article (curated)" in layout) is with_bundled
    finally:
        process.terminate()
        process.wait(timeout=10)
