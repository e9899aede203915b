"""Serving: security headers and compression on every response, the load test's
request built from the server alone, its bounds, and the settings that stop a
bad start in one line (no server process here: Flask's test client)."""

from __future__ import annotations

import base64
import gc
import gzip
import hashlib
import io
import json
import os
import re
import runpy
import socket
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from dashboard.config import (
    Settings,
    default_image_jobs,
    listen_problem,
    parse_settings,
)
from dashboard.devtools.bench import time_panels, time_views
from dashboard.devtools.load import (
    LoadError,
    LoadResult,
    check_url,
    page_span,
    run_load,
    window_request,
)
from dashboard.web.app import COLLECT_AFTER, create_app, settle
from dashboard.web.jobs import (
    SOCKET_ROOM,
    BoundedDiskcacheManager,
    job_files,
    job_slot,
    jobs_manager,
)
from dashboard.web.serving import (
    CALLBACK_PATH,
    FiguresInTurn,
    PlainRequestHandler,
    callback_json,
)
from tests.conftest import BUNDLED, ROOT


@pytest.fixture(scope="module")
def app(bundled_dataset):
    return create_app(Settings(), dataset=bundled_dataset)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def window_body(client) -> str:
    """The date-window request for the whole span, built as `dashboard load`
    builds it: from what the server says."""
    dependencies = json.loads(client.get("/_dash-dependencies").data)
    start, end = page_span(json.loads(client.get("/_dash-layout").data))
    store = {"query": f"?start={start}&end={end}", "selection": None}
    return json.dumps(window_request(dependencies, store))


@pytest.mark.parametrize(
    "path", ["/", "/_dash-layout", "/_dash-dependencies", "/assets/atlas.css", "/nope"]
)
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy and "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Date" not in headers  # the HTTP server sends its own, once


@pytest.mark.parametrize("path", ["dash/dash.py", "../app.py", "os/path.py"])
def test_a_file_dash_does_not_serve_is_not_found(client, path):
    response = client.get("/_dash-component-suites/" + path)
    assert response.status_code == 404
    assert b"registered" not in response.data  # nor what it does serve


def test_the_policy_allows_the_page_inline_script_by_its_hash(client):
    response = client.get("/")
    # Dash's warning for Internet Explorer sits in a conditional comment
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
    scripts = [body for attrs, body in inline if "application/json" not in attrs]
    assert scripts, "Dash's renderer starts from one inline script"
    policy = response.headers["Content-Security-Policy"]
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_callback_answers_are_compressed_when_the_browser_asks(client):
    body = window_body(client)
    plain = client.post(
        "/_dash-update-component", data=body, content_type="application/json"
    )
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.post(
        "/_dash-update-component",
        data=body,
        content_type="application/json",
        headers={"Accept-Encoding": "gzip"},
    )
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3
    # a browser that takes zstd gets the cheapest to make
    fast = client.post(
        "/_dash-update-component",
        data=body,
        content_type="application/json",
        headers={"Accept-Encoding": "gzip, deflate, br, zstd"},
    )
    assert fast.headers["Content-Encoding"] == "zstd"
    assert "figure" in json.loads(plain.data)["response"]["geo-map"]


@pytest.mark.parametrize(
    "asked, sent",
    [("gzip;q=0", None), ("br;q=0", None), ("zstd;q=0, gzip", "gzip"),
     ("zstd;q=0.000, br;q=0, gzip;q=0.5", "gzip"), ("gzip; q=0", None),
     ("*;q=0, identity", None), ("zstd;q=0.5, gzip", "gzip"), ("gzip;Q=0", None),
     ("zstd;q=0, br;q=0, *", "gzip"), ("GZIP", "gzip")],
)  # fmt: skip
def test_an_encoding_the_browser_refuses_is_never_sent(client, asked, sent):
    """flask-compress took "gzip;q=0" (not acceptable) as one more choice
    and answered it with gzip."""
    for path in ("/", "/_dash-layout"):
        response = client.get(path, headers={"Accept-Encoding": asked})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == sent, path


def test_the_load_request_is_the_pages_own(client):
    body = json.loads(window_body(client))
    assert body["output"].startswith("..geo-map.figure...network-graph.figure")
    assert {"id": "geo-map", "property": "figure"} in body["outputs"]
    assert body["changedPropIds"] == ["view.data"]
    values = {f"{i['id']}.{i['property']}": i["value"] for i in body["inputs"]}
    assert values["view.data"]["query"].startswith("?start=")
    assert values["display.data"] is None


def test_the_span_comes_from_the_date_picker(client, bundled_data):
    layout = json.loads(client.get("/_dash-layout").data)
    assert page_span(layout) == bundled_data.span
    with pytest.raises(LoadError, match="no date picker"):
        page_span({"props": {"id": "other"}})


def test_a_server_without_the_window_callback_is_refused():
    with pytest.raises(LoadError, match="no callback that draws"):
        window_request([{"output": "a.children", "inputs": []}], {})


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org:8050",
        "http://10.0.0.1:8050",
        "http://127.0.0.2:8050",
        "http://0.0.0.0:8050",
        "ftp://127.0.0.1/",
        "127.0.0.1:8050",
        "http://127.0.0.1:99999",
    ],
)
def test_load_refuses_anything_but_this_machine(url):
    with pytest.raises(LoadError, match="--url"):
        check_url(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8050/", "http://localhost:1", "http://[::1]:8050"]
)
def test_load_accepts_the_loopback_addresses(url):
    assert check_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"users": 0}, "--users 0"),
        ({"users": 201}, "--users 201"),
        ({"requests": 0}, "--requests 0"),
        ({"requests": 100_001}, "--requests 100001"),
        ({"max_seconds": 0}, "--max-seconds 0"),
        ({"max_seconds": 86_400}, "--max-seconds 86400"),
    ],
)
def test_load_is_bounded_before_it_sends_anything(options, message):
    # a port nothing listens on: refused before any connection is tried
    settings = {"users": 2, "requests": 20, **options}
    with pytest.raises(LoadError, match=message):
        run_load("http://127.0.0.1:9", **settings)


def test_load_says_when_nothing_answers():
    """It said "<urlopen error [Errno 111] Connection refused>"."""
    with socket.socket() as unused:  # a port free now, and nothing listens on it
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(LoadError, match="nothing answers there; start the dashboard"):
        run_load(f"http://127.0.0.1:{port}", users=1, requests=1)


def test_load_follows_no_redirect_off_this_machine():
    """A server on loopback that redirected sent the load's first requests
    to the host it named (127.0.0.2 here, anywhere else the same way)."""
    import http.server

    asked = []

    class Elsewhere(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:9/_dash-dependencies")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Elsewhere)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(LoadError, match="redirects to http://127.0.0.2:9/"):
            run_load(f"http://127.0.0.1:{server.server_port}", users=1, requests=1)
    finally:
        server.shutdown()
        server.server_close()
    assert asked == ["/_dash-dependencies"]  # and nothing after it


def test_load_report_adds_up():
    result = LoadResult(url="http://127.0.0.1:1", users=2, planned=4, seed=0)
    result.latencies_ms = [10.0, 20.0, 30.0]
    result.errors, result.seconds, result.body_bytes = 1, 2.0, 3 * 1024
    report = result.report()
    assert "2.0 requests/s" in report  # 4 answered in 2 s
    assert re.search(r"latency p50 +20 ms", report)
    assert re.search(r"latency p99 +30 ms", report)
    assert re.search(r"errors +1$", report, re.M)
    assert "users' p50" not in report  # no user's own times: nothing to compare


def test_load_report_says_how_long_the_fastest_and_slowest_users_waited():
    result = LoadResult(url="http://127.0.0.1:1", users=3, planned=7, seed=0)
    result.by_user = [[10.0, 30.0, 20.0], [100.0, 300.0], [40.0, 50.0]]
    result.latencies_ms = [t for times in result.by_user for t in times]
    result.seconds = 1.0
    assert re.search(
        r"^  users' p50 +20 to 200 ms \(the fastest user's to the slowest's\)$",
        result.report(),
        re.M,
    )


def test_data_pointing_at_a_file_says_so(capsys):
    with pytest.raises(SystemExit) as stop:
        parse_settings(["--data", str(BUNDLED / "actors.csv")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "actors.csv is a file, not a data directory" in err
    assert "actors.csv/actors.csv" not in err


def test_atlas_data_pointing_at_a_file_says_so(monkeypatch):
    monkeypatch.setenv("ATLAS_DATA", str(BUNDLED / "relations.csv"))
    with pytest.raises(SystemExit, match="relations.csv is a file, not a data dir"):
        parse_settings([])


def test_a_busy_port_is_found_before_the_start():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert "is in use" in listen_problem("127.0.0.1", port)
    assert listen_problem("127.0.0.1", port) is None


def test_the_development_server_names_no_version():
    assert not re.search(r"\d", PlainRequestHandler.version_string(None))


def test_image_jobs_are_bounded_across_the_machine(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_IMAGE_JOBS", "3")
    assert default_image_jobs() == 3
    monkeypatch.setenv("ATLAS_IMAGE_JOBS", "none")
    assert default_image_jobs() >= 1
    monkeypatch.delenv("REDIS_URL", raising=False)
    manager = jobs_manager(Settings(data_dirs=(tmp_path,), image_jobs=2))
    assert isinstance(manager, BoundedDiskcacheManager) and manager.slots == 2


def test_a_job_waits_while_every_slot_is_held(tmp_path):
    entered = threading.Event()

    def second_job():
        with job_slot(tmp_path, 1, interval=0.02):
            entered.set()

    with job_slot(tmp_path, 1):
        waiting = threading.Thread(target=second_job)
        waiting.start()
        time.sleep(0.3)
        assert not entered.is_set()  # one slot, held: the second job waits
    assert entered.wait(5)  # and runs once the first ends
    waiting.join()
    with job_slot(tmp_path, 2), job_slot(tmp_path, 2):  # two slots: both at once
        pass


def test_a_job_keeps_its_files_in_a_folder_of_its_own(tmp_path, monkeypatch):
    """Its Python temporary files always; its Chromium's (TMPDIR) when the
    folder leaves room for Chromium's socket: deeper, Chromium closed at once
    and no image was made. Given back as they were, the folder removed."""
    monkeypatch.setenv("TMPDIR", "/elsewhere")
    monkeypatch.setattr(tempfile, "tempdir", "/elsewhere")
    deep = tmp_path / ("x" * SOCKET_ROOM)
    with job_files(deep) as own:
        assert Path(tempfile.mkdtemp()).parent == own == deep / str(os.getpid())
        assert os.environ["TMPDIR"] == "/elsewhere"
    assert list(deep.iterdir()) == [] and tempfile.tempdir == "/elsewhere"
    short = Path(tempfile.mkdtemp(prefix="aa", dir="/tmp"))  # as /tmp is
    try:
        with job_files(short) as own:
            assert os.environ["TMPDIR"] == tempfile.tempdir == str(own)
        assert os.environ["TMPDIR"] == "/elsewhere" and list(short.iterdir()) == []
    finally:
        short.rmdir()


def test_gunicorn_settings_come_from_the_machine_or_the_environment(monkeypatch):
    for name in ("WORKERS", "THREADS", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] >= 1 and settings["threads"] == 2
    assert settings["preload_app"] is True and settings["wsgi_app"] == "app:server"
    # one queue, the kernel's: a worker holds at most `threads` requests, each
    # on a connection closed after its answer, and no socket of its own
    assert settings["worker_connections"] == settings["threads"]
    assert settings["keepalive"] == 0 and "reuse_port" not in settings
    assert settings["bind"] == ["127.0.0.1:8050"]
    monkeypatch.setenv("WORKERS", "3")
    monkeypatch.setenv("THREADS", "2")
    monkeypatch.setenv("PORT", "9000")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (settings["workers"], settings["threads"]) == (3, 2)
    monkeypatch.setenv("THREADS", "4")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["threads"] == settings["worker_connections"] == 4
    assert settings["bind"] == ["127.0.0.1:9000"]
    monkeypatch.setenv("WORKERS", "many")
    with pytest.raises(SystemExit, match="WORKERS=many"):
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_refuses_a_busy_port_unless_its_sockets_are_handed_over(monkeypatch):
    """A USR2 upgrade starts a new master on the old one's sockets: the port
    is busy by design, and the check stopped the upgrade."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        monkeypatch.setenv("HOST", "127.0.0.1")
        monkeypatch.setenv("PORT", str(busy.getsockname()[1]))
        monkeypatch.delenv("LISTEN_FDS", raising=False)
        on_starting = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["on_starting"]
        with pytest.raises(SystemExit, match="is in use"):
            on_starting(SimpleNamespace(master_pid=0))
        on_starting(SimpleNamespace(master_pid=4242))  # USR2: the old master's
        monkeypatch.setenv("LISTEN_FDS", "1")
        on_starting(SimpleNamespace(master_pid=0))  # systemd's


def test_each_gunicorn_worker_draws_the_figures_in_turn():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    worker = type("Worker", (), {"wsgi": object()})()
    app = worker.wsgi
    settings["post_worker_init"](worker)
    assert isinstance(worker.wsgi, FiguresInTurn) and worker.wsgi.app is app


def test_once_settled_the_collector_waits_for_many_new_objects():
    """What the server, its forked workers and the bench run with: the
    collector's default 700 scanned each large answer several times."""
    collector = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        settle()
        assert gc.get_threshold() == (COLLECT_AFTER, 10, 10) and COLLECT_AFTER > 700
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*collector)


def test_callback_answers_are_written_as_dash_writes_them(
    app, bundled_data, monkeypatch
):
    """The one-pass writer's answers decode to Dash's own, for the window
    callback with each analysis on and for every tab of the details card."""
    import dash._callback
    from dash._utils import to_json as dash_to_json

    answers = []
    writer = dash._callback.to_json
    assert getattr(writer, "one_pass", False)  # installed by create_app
    monkeypatch.setattr(
        dash._callback, "to_json", lambda value: answers.append(value) or writer(value)
    )
    time_views(app, bundled_data)
    time_panels(app, bundled_data)
    assert len(answers) >= 10
    for value in answers:
        written = callback_json(value, fallback=dash_to_json)
        assert isinstance(written, bytes)
        assert json.loads(written) == json.loads(dash_to_json(value))


def test_what_the_one_pass_writer_does_not_know_goes_to_dash():
    assert callback_json({"x": Decimal("1.5")}, fallback=lambda _: "dash") == "dash"


def test_text_no_writer_takes_is_written_as_an_escape():
    """A lone surrogate that reached an answer: orjson and Dash's writer both
    refuse it (UTF-8 cannot hold it); the answer escapes it, not a 500."""
    from dash._utils import to_json as dash_to_json

    value = {"x": ["\ud800", np.arange(2)], "y": "Nicolás"}
    written = callback_json(value, fallback=dash_to_json)
    assert json.loads(written) == {"x": ["\ud800", [0, 1]], "y": "Nicolás"}


def test_answers_are_written_unescaped_as_json_never_as_a_page(client):
    """Without plotly's escapes (for JSON inside an HTML script): the answer
    is JSON, which the browser is told not to read as anything else."""
    text = "</script>\u2028<b>"
    assert (
        callback_json({"x": text}, fallback=None) == ('{"x":"' + text + '"}').encode()
    )
    answer = client.post(
        "/_dash-update-component",
        data=window_body(client),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert b"\\u003c" not in answer.data and b"<" in answer.data


def _environ(body: bytes, *, path: str = CALLBACK_PATH, method: str = "POST") -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }


def _figures_body(label: str) -> bytes:
    return json.dumps(
        {"output": "..geo-map.figure...network-graph.figure..", "label": label}
    ).encode()


def test_the_figures_are_drawn_one_at_a_time_first_come_first_served():
    """While one window is drawn, the next wait their turn in the order they
    came; the page's other requests and callbacks pass at once."""
    inside, release = threading.Event(), threading.Event()
    drawn, running, most = [], [0], [0]
    lock = threading.Lock()

    def app(environ, start_response):
        payload = json.loads(environ["wsgi.input"].read() or "{}")
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        if payload.get("label") == "first":
            inside.set()
            assert release.wait(10)
        with lock:
            running[0] -= 1
            drawn.append(payload.get("label", payload.get("output")))
        return [b"{}"]

    gate = FiguresInTurn(app)
    call = lambda environ: gate(environ, lambda *_: None)  # noqa: E731
    first = threading.Thread(target=call, args=(_environ(_figures_body("first")),))
    first.start()
    assert inside.wait(10)
    waiting = []
    for label in ("second", "third", "fourth"):
        thread = threading.Thread(target=call, args=(_environ(_figures_body(label)),))
        thread.start()
        waiting.append(thread)
        deadline = time.monotonic() + 10
        while len(gate._waiting) < len(waiting) and time.monotonic() < deadline:
            time.sleep(0.005)
    # the first still holds its turn: the rest of the page is not held
    call(_environ(json.dumps({"output": "details.children"}).encode()))
    call(_environ(b"", path="/_dash-layout", method="GET"))
    assert drawn == ["details.children", None]
    release.set()
    for thread in (first, *waiting):
        thread.join(10)
    assert drawn[2:] == ["first", "second", "third", "fourth"]
    assert most[0] == 2  # the first window and the details, never two windows
    assert not gate._busy and not gate._waiting


def test_a_window_is_read_whole_before_its_turn():
    seen = []
    gate = FiguresInTurn(
        lambda environ, _: seen.append(environ["wsgi.input"].read()) or [b""]
    )
    body = _figures_body("x")
    environ = _environ(body)
    gate(environ, None)
    assert seen == [body] and isinstance(environ["wsgi.input"], io.BytesIO)
    chunked = {**_environ(body), "wsgi.input_terminated": True}
    del chunked["CONTENT_LENGTH"]
    gate(chunked, None)
    assert seen[-1] == body
    for broken in (b"not json", b"[1, 2]"):  # the app answers these (400)
        gate(_environ(broken), None)
        assert seen[-1] == broken


def test_one_heap_leaves_an_allocator_setting_of_the_environment(monkeypatch):
    # the environment's arena setting wins; without one, glibc's is set
    from dashboard.allocator import one_heap

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert one_heap() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")
    assert one_heap() is False
    monkeypatch.delenv("GLIBC_TUNABLES")
    assert one_heap() is True  # glibc here (Debian)


def test_the_subtitle_cut_on_a_narrow_screen_is_whole_on_hover(client):
    layout = client.get("/_dash-layout").get_json()
    stack, found = [layout], []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("className") == "atlas-subtitle":
                found.append(props)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    ((subtitle,),) = [found]
    assert subtitle["title"] == subtitle["children"]
    assert subtitle["children"].startswith("Who backs whom")
