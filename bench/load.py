"""Load benchmark: the pages every member opens, against a bare Django view, on one server.

    .venv/bin/python bench/load.py [--database-url postgresql://...] [--duration 10]
                                   [--connections 8] [--extra-members 0] [--write]

Makes a fresh database (a temporary SQLite file unless --database-url names an empty PostgreSQL
database), loads the demo (`seed_demo`: the Lao network's three years, 125 members; with
--extra-members, that many more members, each with a vote on the topic board), collects the
static files, and serves it all with gunicorn as production does (`hangouts.ops.wsgi`, two
workers, four threads, DEBUG off). Then `wrk` (Debian package) loads each page for --duration
seconds on loopback as a signed-in member: the network home, the next hangout's page, the topic
board, and the RSVP POST (members taking turns, going then not going), plus the network home as
a visitor. The yardstick is `/bench/bare` (`ops.views.bench_bare`, routed only by this
benchmark), measured in the same run through the same server and middleware.

Each page is warmed for 2 s first (templates, catalogues, caches), and the bare view is measured
before and after the pages (their mean is the yardstick: a shared machine's speed drifts).
Prints, per page, requests per second, p50 and p99 latency, and each as a ratio to the bare
view ("cost": bare's throughput over the page's; p50 ratio: the page's p50 over bare's p50), and
each page's weight: first visit (HTML gzip-compressed as Caddy would send it, plus every
stylesheet, script and image it links, as the server sends them gzip-compressed) and repeat
visit (the HTML alone: static files have hashed names and a year's cache). With --write, the
tables replace the figures in BENCHMARKS.md. Never part of `make test`.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SLUG = "sun-csa-lao"
# As deploy/systemd/hangouts-web.service runs it.
SERVER = ["--workers", "2", "--threads", "4", "--no-control-socket"]
MARK_START = "<!-- load:start -->"
MARK_END = "<!-- load:end -->"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(database_url: str, folder: Path, port: int) -> dict[str, str]:
    site = f"https://127.0.0.1:{port}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hangouts.settings",
        "DATABASE_URL": database_url,
        "SITE_URL": site,
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "HANGOUTS_BENCH_VIEW": "true",
        "LOG_LEVEL": "WARNING",
    }


@dataclass(frozen=True)
class Visitor:
    """A signed-in member's cookies, as wrk sends them."""

    session: str
    csrf: str

    def cookie(self) -> str:
        return f"__Host-sessionid={self.session}; __Host-csrftoken={self.csrf}"


@dataclass(frozen=True)
class Targets:
    hangout_id: int
    visitors: list[Visitor]


def prepare(extra_members: int, visitors: int) -> Targets:
    """In this process (the env is set): extra members and votes, and signed-in sessions."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from hangouts.accounts.actions import ensure_member_user
    from hangouts.network.models import Member, Network
    from hangouts.programme.models import Hangout, Topic, Vote

    network = Network.objects.get(slug=SLUG)
    if extra_members:
        organisations = list(network.organisations.all())
        topics = list(Topic.objects.for_network(network).on_board())
        made = Member.objects.bulk_create(
            Member(
                network=network,
                name=f"ສະມາຊິກ {n}",
                organisation=organisations[n % len(organisations)],
                province=organisations[n % len(organisations)].province,
            )
            for n in range(extra_members)
        )
        Vote.objects.bulk_create(
            (Vote(topic=topics[n % len(topics)], member=m) for n, m in enumerate(made)),
            ignore_conflicts=True,
        )
    hangout = Hangout.objects.for_network(network).upcoming().order_by("starts_at").first()
    assert hangout is not None, "the demo has no upcoming hangout"
    out: list[Visitor] = []
    for member in Member.objects.filter(network=network, is_active=True)[:visitors]:
        user = ensure_member_user(member)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(timezone.timedelta(days=1))
        store.create()
        assert store.session_key is not None
        out.append(Visitor(store.session_key, secrets.token_hex(16)))
    return Targets(hangout.pk, out)


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def get_script(visitor: Visitor | None) -> str:
    cookie = f'wrk.headers["Cookie"] = {lua_string(visitor.cookie())}\n' if visitor else ""
    return f'wrk.headers["X-Forwarded-Proto"] = "https"\n{cookie}'


def rsvp_script(visitors: list[Visitor], path: str, origin: str) -> str:
    """Members take turns; each member's answers alternate going / not going."""
    rows = ",\n".join(f"  {{{lua_string(v.cookie())}, {lua_string(v.csrf)}}}" for v in visitors)
    return f"""
local visitors = {{
{rows}
}}
local n = 0
request = function()
  n = n + 1
  local v = visitors[(n % #visitors) + 1]
  local going = (math.floor(n / #visitors) % 2 == 0) and "yes" or "no"
  return wrk.format("POST", {lua_string(path)}, {{
    ["Cookie"] = v[1], ["X-CSRFToken"] = v[2], ["X-Forwarded-Proto"] = "https",
    ["Origin"] = {lua_string(origin)},
    ["Content-Type"] = "application/x-www-form-urlencoded"}}, "going=" .. going)
end
"""


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def mean_load(first: Load, second: Load) -> Load:
    return Load(
        (first.requests_per_second + second.requests_per_second) / 2,
        (first.p50_ms + second.p50_ms) / 2,
        (first.p99_ms + second.p99_ms) / 2,
        first.errors + second.errors,
    )


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, script: str, *, duration: int, connections: int, folder: Path) -> Load:
    lua = folder / "wrk.lua"
    lua.write_text(script)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(lua)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = milliseconds(re.search(r"50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = milliseconds(re.search(r"99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        print("  wrk:", socket_errors.group(0))
    return Load(rps, p50, p99, int(errors.group(1)) if errors else 0)


@dataclass(frozen=True)
class Weight:
    first_kb: float
    first_requests: int
    repeat_kb: float


def fetch(url: str, visitor: Visitor | None, *, gzip_ok: bool) -> tuple[bytes, str]:
    headers = {"X-Forwarded-Proto": "https"}
    if visitor:
        headers["Cookie"] = visitor.cookie()
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def page_weight(base: str, path: str, visitor: Visitor | None) -> Weight:
    """First visit: the HTML (gzip, level 6) and what it links; repeat visit: the HTML."""
    html, _ = fetch(base + path, visitor, gzip_ok=False)
    html_bytes = len(gzip.compress(html, 6))
    linked = re.findall(
        rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="(/[^"]+)"', html
    )
    total = html_bytes
    for asset in dict.fromkeys(linked):
        body, encoding = fetch(base + asset.decode(), visitor, gzip_ok=True)
        total += len(body) if encoding == "gzip" else len(gzip.compress(body, 6))
    return Weight(total / 1024, 1 + len(set(linked)), html_bytes / 1024)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url, None, gzip_ok=False)
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def report(rows: list[tuple[str, Load, Weight | None]], bare: Load, database: str) -> str:
    lines = [
        f"Database: {database}. Bare view (mean of a run before and after the pages): "
        f"{bare.requests_per_second:.0f} requests/s, p50 {bare.p50_ms:.1f} ms, "
        f"p99 {bare.p99_ms:.1f} ms.",
        "",
        "| page | requests/s | p50 ms | p99 ms | cost (× bare) | p50 (× bare) | p99 (× bare) "
        "| first visit KB (requests) | repeat visit KB | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, load, weight in rows:
        weights = (
            f"{weight.first_kb:.1f} ({weight.first_requests}) | {weight.repeat_kb:.1f}"
            if weight
            else "– | –"
        )
        lines.append(
            f"| {name} | {load.requests_per_second:.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} "
            f"| {bare.requests_per_second / load.requests_per_second:.1f} "
            f"| {load.p50_ms / bare.p50_ms:.1f} | {load.p99_ms / bare.p99_ms:.1f} "
            f"| {weights} | {load.errors} |"
        )
    return "\n".join(lines)


def write_benchmarks(text: str, database: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    content = path.read_text()
    start = content.index(MARK_START) + len(MARK_START)
    end = content.index(MARK_END)
    sections = re.split(r"(?m)^(?=#### )", content[start:end].strip())
    kept = [s.strip() for s in sections if s.strip() and not s.startswith(f"#### {database}")]
    stamp = time.strftime("%Y-%m-%d")
    kept.append(f"#### {database} ({stamp}, {os.cpu_count()} cores)\n\n{text}")
    kept.sort()
    body = "\n\n".join(kept)
    path.write_text(content[:start] + "\n" + body + "\n" + content[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--extra-members", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    folder = Path(tempfile.mkdtemp(prefix="hangouts-load-"))
    port = free_port()
    database_url = args.database_url or f"sqlite:///{folder / 'load.sqlite3'}"
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    env = environment(database_url, folder, port)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    os.environ.update(env)
    targets = prepare(args.extra_members, visitors=50)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "hangouts.ops.wsgi:application", "--bind", f"127.0.0.1:{port}", *SERVER],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"{base}/bench/bare")
        member = targets.visitors[0]
        pages: list[tuple[str, str, Visitor | None]] = [
            ("network home (visitor)", f"/{SLUG}/", None),
            ("network home (member)", f"/{SLUG}/", member),
            ("hangout page (member)", f"/{SLUG}/hangouts/{targets.hangout_id}/", member),
            ("topic board (member)", f"/{SLUG}/topics/", member),
        ]
        common = {"duration": args.duration, "connections": args.connections, "folder": folder}
        warm = {**common, "duration": 2}
        bare_url, bare_script = f"{base}/bench/bare", get_script(None)
        run_wrk(bare_url, bare_script, **warm)
        # The bare view before and after the pages: a shared machine's speed drifts.
        bare_before = run_wrk(bare_url, bare_script, **common)
        rows: list[tuple[str, Load, Weight | None]] = []
        for name, path, visitor in pages:
            print(f"loading {name}…", flush=True)
            run_wrk(base + path, get_script(visitor), **warm)  # templates, catalogues, caches
            load = run_wrk(base + path, get_script(visitor), **common)
            rows.append((name, load, page_weight(base, path, visitor)))
        rsvp_path = f"/{SLUG}/hangouts/{targets.hangout_id}/rsvp/"
        script = rsvp_script(targets.visitors, rsvp_path, f"https://127.0.0.1:{port}")
        rows.append(("RSVP POST (member)", run_wrk(base + rsvp_path, script, **common), None))
        bare = mean_load(bare_before, run_wrk(bare_url, bare_script, **common))
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = report(rows, bare, database)
    print(text)
    if args.write:
        write_benchmarks(text, database)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
