"""Serving on a live server: the development server (app.py) and gunicorn with
two workers (gunicorn.conf.py, as ``make serve`` runs it) answer compressed,
with the security headers and no version in ``Server``; the load command runs
against it at a small size; a busy port and a file given as ``--data`` stop
the start with one line."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from dashboard.cli import main
from dashboard.config import Settings
from dashboard.devtools.bench import start_server
from dashboard.devtools.load import page_span, window_request
from dashboard.devtools.rendering import time_windows_while_rendering
from dashboard.web.app import create_app
from dashboard.web.serving import CALLBACK_PATH, MAX_REQUEST, REFUSAL_POLICY
from tests.conftest import BUNDLED, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, path: str, body: bytes | None = None, headers=None):
    """(status, headers, body) of one request; the body as sent, not decoded."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST" if body else "GET", path, body, headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _gunicorn(workers: int = 2, threads: int | None = 2, *, wait: bool = True):
    """gunicorn on the bundled data, as ``make serve`` starts it; (process,
    url, log), once it answers (``wait``) or once it listens; ``log`` is the
    file holding its output. ``threads``: None for gunicorn.conf.py's own."""
    port = _free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(workers),
        "THREADS": "" if threads is None else str(threads),
    }
    env.pop("ATLAS_DATA", None)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace"))
        try:
            if not wait:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process, url, log
            if _request(url, "/")[0] == 200:
                return process, url, log
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 180 s")


@pytest.fixture(scope="module", params=["werkzeug", "gunicorn"])
def server(request):
    if request.param == "werkzeug":
        process, url, _ = start_server(BUNDLED)
    else:
        process, url, _ = _gunicorn()
    yield request.param, url
    process.terminate()
    process.wait(timeout=30)


def _check_headers(headers, server_name: str) -> None:
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "same-origin"
    named = {"werkzeug": "Werkzeug", "gunicorn": "gunicorn"}[server_name]
    assert headers.get_all("Server") == [named]  # once, and no version
    assert len(headers.get_all("Date")) == 1


def test_page_and_callback_answer_compressed_with_the_headers(server):
    name, url = server
    status, headers, body = _request(url, "/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert b"DashRenderer" in gzip.decompress(body)
    _check_headers(headers, name)

    dependencies = json.loads(_request(url, "/_dash-dependencies")[2])
    start, end = page_span(json.loads(_request(url, "/_dash-layout")[2]))
    store = {"query": f"?start={start}&end={end}", "selection": None}
    payload = json.dumps(window_request(dependencies, store)).encode()
    status, headers, body = _request(
        url,
        "/_dash-update-component",
        payload,
        {"Content-Type": "application/json", "Accept-Encoding": "gzip"},
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "figure" in json.loads(gzip.decompress(body))["response"]["geo-map"]
    _check_headers(headers, name)

    status, headers, _ = _request(url, "/no-such-file.js")
    _check_headers(headers, name)


def test_a_long_link_opens_the_page(server):
    """gunicorn answered a link of over 4 KB (a hostile or mangled one) with
    a bare "414 URI Too Long" instead of the page and its notice."""
    name, url = server
    status, headers, body = _request(url, "/?focus=" + "a" * 7000)
    assert status == 200 and b"DashRenderer" in body
    _check_headers(headers, name)


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_a_request_over_the_limit_is_refused_unread(server, chunked):
    """A 400 MB callback request was read whole and parsed twice: a worker
    grew from 186 MB to 1.4 GB, and four at once would exhaust the machine."""
    name, url = server
    dependencies = json.loads(_request(url, "/_dash-dependencies")[2])
    store = {"query": "?focus=" + "a" * MAX_REQUEST, "selection": None}
    payload = json.dumps(window_request(dependencies, store)).encode()
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Content-Type": "application/json"}
    try:
        if chunked:
            pieces = (payload[at : at + 65536] for at in range(0, len(payload), 65536))
            connection.request(
                "POST", CALLBACK_PATH, pieces, headers, encode_chunked=True
            )
        else:
            connection.request("POST", CALLBACK_PATH, payload, headers)
        response = connection.getresponse()
        status, answer_headers = response.status, response.headers
    except (BrokenPipeError, ConnectionResetError):
        pytest.fail("the connection was dropped, not answered")
    finally:
        connection.close()
    assert status == 413
    _check_headers(answer_headers, name)
    # a request as the page sends them is still answered
    start, end = page_span(json.loads(_request(url, "/_dash-layout")[2]))
    store = {"query": f"?start={start}&end={end}", "selection": None}
    small = json.dumps(window_request(dependencies, store)).encode()
    assert _request(url, CALLBACK_PATH, small, headers)[0] == 200


@pytest.mark.parametrize("request_line", ["too long", "malformed"])
def test_a_request_refused_before_the_app_carries_the_headers(server, request_line):
    """gunicorn (a line over 8 KB) and the development server (over 64 KB)
    answer these themselves: it was a bare page, without the headers."""
    name, url = server
    if request_line == "too long":
        length = {"werkzeug": 70_000, "gunicorn": 8_200}[name]
        sent = f"GET /?focus={'a' * length} HTTP/1.1\r\nHost: x\r\n\r\n"
    else:
        sent = "GET /<script> x HTTP/1.1\r\nHost: x\r\n\r\n"
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(sent.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert status.split()[1] in {"414", "400", "505"}, status
    assert headers["Content-Security-Policy"] == REFUSAL_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "same-origin"
    assert b"<script>" not in body


def test_load_command_at_a_small_size(server, capsys):
    _, url = server
    assert main(["load", "--url", url, "--users", "2", "--requests", "20"]) == 0
    out = capsys.readouterr().out
    assert "2 users, 20 random windows (seed 0)" in out
    assert re.search(r"^  requests +20 in [\d.]+ s$", out, re.M)
    assert re.search(r"^  throughput +[\d.]+ requests/s$", out, re.M)
    for share in ("p50", "p95", "p99"):
        assert re.search(rf"^  latency {share} +\d+ ms$", out, re.M)
    assert re.search(r"^  errors +0$", out, re.M)
    fastest, slowest = map(
        int, re.search(r"^  users' p50 +(\d+) to (\d+) ms", out, re.M).groups()
    )
    assert 0 < fastest <= slowest


def test_a_busy_port_stops_the_start_in_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"Cannot start: port {port} on 127.0.0.1 is in use: stop what listens "
        "there or choose another with --port (make run PORT=)"
    )
    assert "Dash is running" not in done.stdout


def test_gunicorn_refuses_a_port_in_use_in_one_line():
    """Without the check gunicorn tries five times, a second apart, before it
    says it cannot connect; the port here is held with SO_REUSEPORT, with
    which a server could otherwise share it."""
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "1"}
        env.pop("ATLAS_DATA", None)
        done = subprocess.run(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env=env,
        )
    assert done.returncode == 1
    assert f"Cannot start: port {port} on 127.0.0.1 is in use" in done.stderr
    assert "choose another with PORT=" in done.stderr
    assert "Booting worker" not in done.stderr


def test_a_file_given_as_data_stops_the_start_in_one_line():
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--data", "data/actors.csv"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(
        "--data: data/actors.csv is a file, not a data directory "
        "(give the folder that holds actors.csv and relations.csv)"
    )
    assert "Traceback" not in done.stderr


def test_fresh_workers_serve_a_burst_of_scripts(bundled_dataset):
    """A browser's first load asks for some 16 scripts at once; a fresh worker
    used to refuse one now and then (500), set up by a request still running."""
    page = create_app(Settings(), dataset=bundled_dataset).server.test_client()
    html = page.get("/").get_data(as_text=True)
    paths = re.findall(r'<script src="([^"]+)"', html)
    paths += re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    process, url, _ = _gunicorn(workers=2, threads=4, wait=False)
    try:
        with ThreadPoolExecutor(max_workers=len(paths) * 3) as pool:
            statuses = list(pool.map(lambda path: _request(url, path)[0], paths * 3))
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert statuses == [200] * len(paths) * 3


def test_idle_connections_hold_no_worker():
    """A browser opens connections before it needs them and may leave them
    idle (Chromium's preconnects). A worker holds at most THREADS requests,
    so one that took an idle connection would wait on it (gthread waits 5 s
    for a request): six of them kept a two-worker server from answering for
    4.5 s. The kernel hands a worker only connections that have spoken
    (``TCP_DEFER_ACCEPT``)."""
    process, url, _ = _gunicorn(workers=2, threads=None)  # make serve's threads
    port = int(url.rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(6)]
    try:
        time.sleep(0.5)
        started = time.monotonic()
        assert _request(url, "/_dash-layout")[0] == 200
        assert time.monotonic() - started < 2
    finally:
        for connection in idle:
            connection.close()
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_closes_each_connection_after_its_answer():
    """Every request joins the one queue for the first free worker again: a
    kept-alive connection stays with the worker that took it, however busy,
    and at 50 users those on the busier worker waited longest."""
    process, url, _ = _gunicorn(workers=1, threads=None)
    try:
        status, headers, _ = _request(
            url, "/_dash-layout", headers={"Connection": "keep-alive"}
        )
        assert status == 200 and headers["Connection"] == "close"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_says_where_it_listens():
    process, url, log = _gunicorn(workers=1, threads=1, wait=False)
    process.terminate()
    process.wait(timeout=30)
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    said = [line.split("[INFO] ", 1)[-1] for line in lines if "Listening at:" in line]
    assert said == [f"Listening at: {url} ({process.pid})"]


_HEAPS = """
import ctypes, os, runpy, sys, tempfile, threading
runpy.run_path("app.py", run_name="served")  # as gunicorn imports it
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
def grow():
    blocks = [bytearray(200_000) for _ in range(50)]  # from this thread's heap
threads = [threading.Thread(target=grow) for _ in range(6)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
path = tempfile.mktemp()
report = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(report))
libc.fclose(ctypes.c_void_p(report))
print(open(path).read().count("<heap nr"))
os.remove(path)
"""


def test_the_server_process_keeps_one_heap_for_all_its_threads():
    # glibc gives each thread a heap of its own, each keeping its largest
    # window's pages: app.py asks for one heap before any thread starts
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    heaps = subprocess.run(
        [sys.executable, "-c", _HEAPS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()[-1]
    assert heaps == "1"


def test_an_image_renders_across_workers(bundled_dataset, bundled_data):
    """A job started by one worker is polled by whichever worker takes the
    next request (each connection is closed after its answer): the workers
    share the cache of the data set."""
    process, url, _ = _gunicorn(workers=2, threads=2)
    try:
        got = time_windows_while_rendering(
            url, create_app(dataset=bundled_dataset), bundled_data, images=1, windows=2
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert got["images"] == 1
