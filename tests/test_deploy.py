"""Several Streamlit processes behind nginx (deploy/): a real browser journey through the proxy.

Skipped with a reason where nginx is not installed; required (a failure) when CI=true, where .ci/run
installs Debian's nginx package.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, in_ci
from tests.server import free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
if NGINX is None:
    if in_ci():
        raise RuntimeError("CI=true but nginx is missing: .ci/run must apt-get install nginx")
    pytest.skip(
        "nginx is not installed (apt-get install -y nginx); the proxy tests are skipped", allow_module_level=True
    )

from tests.browser_support import (  # noqa: E402, F401  (`browser` is the shared fixture)
    DESKTOP,
    Browser,
    browser,
    click,
    crisis_visible,
    new_context,
    settle,
)
from tests.test_browser import questionnaire  # noqa: E402  (the one journey helper, kept by its owner)

pytestmark = pytest.mark.browser
RUN = ROOT / "deploy" / "run.py"


def get(url: str, cookie: str | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.read(), {k.lower(): v for k, v in r.headers.items()}


def start(processes: int, tmp: Path) -> tuple[subprocess.Popen[bytes], str, list[int], Path]:
    port, app_ports = free_port(), [free_port() for _ in range(processes)]
    log = tmp / "deploy.log"
    env = {**os.environ, "HOME": str(tmp), "SGF_BASEMAP": "off"}
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(RUN),
                "--processes",
                str(processes),
                "--port",
                str(port),
                "--app-ports",
                ",".join(map(str, app_ports)),
                "--nginx",
                str(NGINX),
            ],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while "serving on" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("deploy/run.py did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.3)
    return proc, url, [port, *app_ports], log


def listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[int], subprocess.Popen[bytes], Path]]:
    proc, url, ports, log = start(2, tmp_path_factory.mktemp("deploy"))
    try:
        yield url, ports, proc, log
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_person_goes_from_questionnaire_to_a_download_through_the_proxy(
    proxy: tuple[str, list[int], subprocess.Popen[bytes], Path],
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Through nginx with 2 processes: the websocket connects, the questionnaire reaches ranked matches
    with the crisis line visible, and the shortlist download (kept in one process's memory) arrives, so
    every request of this browser reached the same process."""
    url = proxy[0]
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    questionnaire(page, url)
    assert page.url.startswith(url)
    assert crisis_visible(page)
    page.get_by_role("button", name="Add to shortlist").first.click()
    settle(page)
    page.get_by_role("link", name="Your shortlist").last.click()
    page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
    settle(page)
    for attempt in range(3):  # without affinity, successive requests would alternate between processes
        with page.expect_download() as dl:
            page.get_by_role("button", name="Download as spreadsheet (CSV)").click()
        saved = tmp_path / f"list-{attempt}.csv"
        dl.value.save_as(saved)
        assert len(list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))) == 1
    click(page, "link", "Matches")
    assert crisis_visible(page)
    context.close()


def test_each_browser_gets_a_random_route_and_keeps_it(
    proxy: tuple[str, list[int], subprocess.Popen[bytes], Path],
) -> None:
    """The affinity cookie is a random id (no answers), HttpOnly, and a browser that has one keeps it."""
    url = proxy[0]
    _, first = get(url + "/_stcore/health")
    _, second = get(url + "/_stcore/health")
    a, b = (h["set-cookie"] for h in (first, second))
    assert a.startswith("sgf_route=") and "HttpOnly" in a and "Expires" not in a
    assert a.split(";")[0] != b.split(";")[0]
    value = a.split(";")[0]
    _, again = get(url + "/_stcore/health", cookie=value)
    assert again["set-cookie"].split(";")[0] == value


def test_a_dead_process_is_started_again_and_nginx_and_the_other_keep_serving(
    proxy: tuple[str, list[int], subprocess.Popen[bytes], Path],
) -> None:
    """Killing one backend stopped nginx and the healthy backend too ("Connection error" for everyone)
    and nothing restarted. Now every request through nginx still answers (a dead process's people go to
    the live one) and the dead one is started again on its port."""
    url, ports, proc, log = proxy
    victim_port = ports[2]
    pid = int(re.search(rf"port {victim_port}: pid (\d+)", log.read_text(errors="replace"))[1])  # type: ignore[index]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while listening(victim_port) and time.monotonic() < deadline:
        time.sleep(0.1)
    answered = [get(url + "/_stcore/health", cookie=f"sgf_route={i:032x}")[0] for i in range(12)]
    assert answered == [b"ok"] * 12  # routes of both processes: none is refused
    assert proc.poll() is None and listening(ports[0]) and listening(ports[1])
    deadline = time.monotonic() + 90
    while "started again" not in log.read_text(errors="replace") or not listening(victim_port):
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.3)
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{victim_port}/_stcore/health")[0] == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    assert get(f"http://127.0.0.1:{victim_port}/_stcore/health")[0] == b"ok"
    assert proc.poll() is None


def test_stopping_stops_nginx_and_every_process(proxy: tuple[str, list[int], subprocess.Popen[bytes], Path]) -> None:
    """SIGTERM (or Ctrl-C) stops nginx and both Streamlit processes and frees every port, exit status 0."""
    _, ports, proc, log = proxy
    assert all(listening(p) for p in ports)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0, log.read_text(errors="replace")
    deadline = time.monotonic() + 10
    while any(listening(p) for p in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(listening(p) for p in ports)
    assert "stopped" in log.read_text(errors="replace")
