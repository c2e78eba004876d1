"""Run N Support Group Finder processes behind nginx on one machine; stop them all cleanly on Ctrl-C.

    python deploy/run.py --processes 2 --port 8700              # http://127.0.0.1:8700
    python deploy/run.py --processes 4 --port 80 --address 0.0.0.0 --app-port 8630

Each Streamlit process listens on 127.0.0.1 (ports --app-port, --app-port + 1, ...) and nginx
(Debian's package, run as this user, not as a system service) listens on --address:--port with
deploy/support-group-finder.conf: session affinity by a random route cookie and websocket upgrade.
Settings (SGF_*) are passed on to every process from this environment.

Runs in the foreground until Ctrl-C or SIGTERM, then stops nginx and every process it started
(terminate, then kill after 10 s) and removes its run folder. Exit status 0 after a clean stop, 1 if
something did not start (everything already started is stopped first).

While it runs it keeps everything up: a Streamlit process that exits is started again on its port (one
line on stderr each time; a process that keeps failing is retried less and less often, never given up),
and nginx too. Meanwhile nginx sends the people of a dead process to a live one (proxy_next_upstream),
where the app tells them their answers were cleared and why.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import FrameType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SITE_CONF = HERE / "support-group-finder.conf"
START_TIMEOUT_S = 90.0
#: Waits before restarting a process that exited (seconds), longer each time it fails again within a minute.
RESTART_BACKOFF_S = (0.5, 2.0, 5.0, 15.0, 30.0)
ARROW_CACHE_MIN_BYTES = 1_000_000  # as ui/config.py: smaller files are simply read


def site_config(app_ports: list[int], listen: str) -> str:
    """deploy/support-group-finder.conf with its upstream servers and listen address replaced."""
    text = SITE_CONF.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in app_ports)
    text, n = re.subn(
        r"(upstream support_group_finder \{\n(?:[ \t]*(?!server\b)[^\n]*\n)*?)(?:[ \t]*server [^\n]*\n)+",
        lambda m: m.group(1) + servers,
        text,
    )
    text, m = re.subn(r"\n    listen [^\n]*;\n", f"\n    listen {listen};\n", text)
    if n != 1 or m != 1:
        raise SystemExit(f"{SITE_CONF}: could not find the upstream servers or the listen line to fill in")
    return text


def main_config(run: Path) -> str:
    """A main nginx.conf for running as this user: pid, temp folders and error log in the run folder."""
    temp = "\n".join(
        f"    {name}_temp_path {run / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {run / "nginx.pid"};
error_log {run / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
{temp}
    include {run / "site.conf"};
}}
"""


def prepare() -> bool:
    """Check the settings and, for a big directory, validate it once and write its Arrow cache, so N
    processes map one validated copy (shared by the operating system) instead of each validating it."""
    check = (
        "import os, sys\n"
        "from matcher.directory import load_directory\n"
        "from matcher.settings import Settings, SettingsError, settings_env\n"
        "try:\n"
        "    s = Settings.from_env(settings_env(os.environ))\n"
        "except SettingsError as exc:\n"
        "    sys.exit(f'bad setting: {exc}')\n"
        f"if s.directory.exists() and s.directory.stat().st_size >= {ARROW_CACHE_MIN_BYTES}:\n"
        "    try:\n"
        "        r = load_directory(s.directory, cache=True)\n"
        "    except Exception as exc:  # DirectoryError: the file cannot be used at all\n"
        "        sys.exit(f'directory unusable: {exc}')\n"
        "    print(f'{s.directory}: {len(r.directory)} listings validated and cached')\n"
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "settings check failed", file=sys.stderr)
        return False
    return True


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return bool(r.read() == b"ok")
    except OSError:
        return False


def warm(url: str) -> bool:
    """Run the app's script once before anyone arrives (Streamlit's script health check, on in
    .streamlit/config.toml): the imports, the directory and the place index are then ready, and the first
    person's first page is drawn as fast as everyone's. No person's session is involved."""
    try:
        with urllib.request.urlopen(url + "/_stcore/script-health-check", timeout=60) as r:
            return bool(r.read() == b"ok")
    except OSError:
        return False


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate every process (nginx first), then kill any still running after 10 s."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 10
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8700, help="nginx port (default 8700)")
    parser.add_argument("--address", default="127.0.0.1", help="nginx address (default 127.0.0.1)")
    parser.add_argument("--app-port", type=int, default=8630, help="first Streamlit port (default 8630)")
    parser.add_argument("--app-ports", help="Streamlit ports, comma-separated (instead of --app-port)")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="nginx binary")
    args = parser.parse_args(argv)
    if not 1 <= args.processes <= 64:
        parser.error("--processes: use 1 to 64")
    if not Path(args.nginx).exists():
        print(
            f"nginx not found at {args.nginx}: install Debian's nginx package (apt-get install nginx)", file=sys.stderr
        )
        return 1

    if not prepare():
        return 1
    ports = (
        [int(p) for p in args.app_ports.split(",")]
        if args.app_ports
        else [args.app_port + i for i in range(args.processes)]
    )
    if len(ports) != args.processes:
        parser.error("--app-ports: give one port per process")
    run = Path(tempfile.mkdtemp(prefix="sgf-deploy-"))
    run.chmod(0o755)  # run as root, nginx's workers are "nobody" and need to reach their temp folders
    procs: list[subprocess.Popen[bytes]] = []
    stopping = False

    def on_signal(_sig: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def start_app(port: int) -> subprocess.Popen[bytes]:
        log = (run / f"app-{port}.log").open("ab")
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    try:
        procs.extend(start_app(port) for port in ports)
        (run / "site.conf").write_text(site_config(ports, f"{args.address}:{args.port}"), encoding="utf-8")
        (run / "nginx.conf").write_text(main_config(run), encoding="utf-8")
        nginx_cmd = [args.nginx, "-e", str(run / "error.log"), "-p", str(run), "-c", str(run / "nginx.conf")]
        check = subprocess.run([*nginx_cmd, "-t", "-q"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            print("nginx configuration rejected:\n" + check.stderr, file=sys.stderr)
            return 1
        deadline = time.monotonic() + START_TIMEOUT_S
        waiting = set(ports)
        while waiting and not stopping and time.monotonic() < deadline:
            for i, port in enumerate(ports):
                if procs[i].poll() is not None:
                    print(
                        f"process on port {port} exited:\n" + (run / f"app-{port}.log").read_text(errors="replace"),
                        file=sys.stderr,
                    )
                    return 1
                if port in waiting and healthy(f"http://127.0.0.1:{port}"):
                    waiting.discard(port)
                    if not warm(f"http://127.0.0.1:{port}"):
                        print(
                            f"the app's first run on port {port} did not finish cleanly: see its log", file=sys.stderr
                        )
            time.sleep(0.3)
        if waiting:
            if not stopping:
                print(f"processes on port(s) {sorted(waiting)} did not become healthy", file=sys.stderr)
            return 0 if stopping else 1

        def start_nginx() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [*nginx_cmd, "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=(run / "nginx.log").open("ab"),
                start_new_session=True,
            )

        nginx = start_nginx()
        procs.insert(0, nginx)
        url = f"http://{'127.0.0.1' if args.address in {'0.0.0.0', '::'} else args.address}:{args.port}"
        deadline = time.monotonic() + 15
        while not healthy(url):
            if nginx.poll() is not None or time.monotonic() > deadline:
                logs = [run / "nginx.log", run / "error.log"]
                print(
                    "nginx did not start:\n" + "".join(f.read_text(errors="replace") for f in logs if f.exists()),
                    file=sys.stderr,
                )
                return 1
            time.sleep(0.2)
        print(
            f"serving on {url} with {args.processes} process(es) on port(s) {', '.join(map(str, ports))}; "
            "Ctrl-C stops everything",
            flush=True,
        )
        pids = "; ".join(f"port {port}: pid {p.pid}" for port, p in zip(ports, procs[1:], strict=True))
        print(f"nginx: pid {nginx.pid}; {pids}", flush=True)
        failures: list[list[float]] = [[] for _ in procs]  # when each one last exited (this minute)
        restart_at: list[float | None] = [None for _ in procs]
        while not stopping:
            now = time.monotonic()
            for i, p in enumerate(procs):
                name = "nginx" if i == 0 else f"the process on port {ports[i - 1]}"
                if restart_at[i] is None and p.poll() is not None:
                    failures[i] = [t for t in failures[i] if now - t < 60] + [now]
                    wait = RESTART_BACKOFF_S[min(len(failures[i]), len(RESTART_BACKOFF_S)) - 1]
                    print(
                        f"{name} exited unexpectedly (status {p.returncode}); starting it again in {wait:g} s "
                        "(the others keep serving)",
                        file=sys.stderr,
                        flush=True,
                    )
                    restart_at[i] = now + wait
                elif restart_at[i] is not None and now >= (restart_at[i] or 0):
                    procs[i] = start_nginx() if i == 0 else start_app(ports[i - 1])
                    restart_at[i] = None
                    print(f"{name} started again (pid {procs[i].pid})", file=sys.stderr, flush=True)
            time.sleep(0.3)
        return 0
    finally:
        stop(procs)
        shutil.rmtree(run, ignore_errors=True)
        print("stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
