"""`make bench` and `make loadtest`: gunicorn (2 workers, DEBUG off) on a fresh database with the
demo plus generated content, driven by wrk on loopback.

    python bench/run.py [--duration 10] [--posts 1000] [--questions 10000]
    python bench/run.py --loadtest [--duration 60]

SQLite in a temporary folder by default; a fresh PostgreSQL database (created and dropped) when
DATABASE_URL points at PostgreSQL, and the Redis cache when REDIS_URL is set.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_postgres  # noqa: E402
from tests.servers import Gunicorn, collectstatic, production_env  # noqa: E402

ARTICLE = "/news/healthcare-blog/techniques-to-alleviate-upper-back-muscle-knots/"
PAGES = {
    "article": ARTICLE,
    "home": "/",
    "category": "/news/healthcare-blog/",
    "faq": "/faq/",
    "faq topic (500 q.)": "/faq/bench-topic-0/",
    "faq search": "/faq/?q=knots+in+my+shoulders",
}
MINIMAL = "/_bench/minimal/"
TARGETS = (
    "cached article >= 0.70x minimal, p99 < 25 ms at 16 connections, 0 errors at 64; "
    "uncached article >= 0.25x minimal"
)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("installing wrk with apt …", flush=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def fresh_database(tmp):
    """(DATABASE_URL, cleanup) for an empty database of the kind the environment asks for."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp}/bench.sqlite3", lambda: None
    server = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    return scratch_postgres(server, "knotsite_bench")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, connections, duration, script=None, warmup=True):
    if warmup:  # fill caches and connection pools before measuring
        subprocess.run(
            ["wrk", "-t2", f"-c{connections}", "-d1s", url], capture_output=True, check=True
        )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * _UNITS[unit]

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def report(label, connections, result, baseline=None):
    ratio = f"{result['rps'] / baseline:5.2f}x" if baseline else "     "
    print(
        f"{label:<22} c={connections:<3} {result['rps']:9.0f} req/s {ratio}  "
        f"p50 {result['p50']:6.2f} ms  p99 {result['p99']:6.2f} ms  errors {result['errors']}",
        flush=True,
    )


def prepare(tmp, args):
    database_url, cleanup = fresh_database(tmp)
    html_file = Path(tmp) / "article.html"
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(Path(tmp) / "static"),
        KNOTSITE_BENCH_HTML=str(html_file),
        DJANGO_CONN_MAX_AGE="600",
        KNOTSITE_CACHE_PREFIX=f"bench-{uuid.uuid4().hex[:8]}",
    )
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    print(
        f"database: {database_url.split('@')[-1]}  cache: {env.get('REDIS_URL') or 'local memory'}"
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    subprocess.run(
        [sys.executable, "bench/generate.py", str(args.posts), str(args.questions)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    collectstatic(env)
    return env, html_file, cleanup


def benchmark(env, html_file, args):
    server = Gunicorn(env, workers=2)
    try:
        with urllib.request.urlopen(server.url + ARTICLE) as response:  # noqa: S310
            html_file.write_bytes(response.read())
    finally:
        server.stop()

    print(f"\n== cached pages (gunicorn, 2 workers, DEBUG off; wrk {args.duration}s per row)")
    server = Gunicorn(env, workers=2)
    results = {}
    viral = lua_script("viral.lua", VIRAL_SCRIPT)
    try:
        for connections in (16, 64):
            baseline = wrk(server.url + MINIMAL, connections, args.duration)
            report("minimal view", connections, baseline)
            results[("minimal", connections)] = baseline
            for name, path in PAGES.items():
                result = wrk(server.url + path, connections, args.duration)
                report(name, connections, result, baseline["rps"])
                results[(name, connections)] = result
            # A shared link: every click brings a new click id, which must not miss the cache.
            result = wrk(server.url + ARTICLE, connections, args.duration, script=viral)
            report("article ?fbclid=<new>", connections, result, baseline["rps"])
            results[("viral", connections)] = result
    finally:
        if any(not r["requests"] for r in results.values()):
            print("server log:\n" + server.logged()[-3000:])
        server.stop()

    print("\n== uncached pages (page cache off)")
    server = Gunicorn({**env, "KNOTSITE_PAGE_CACHE_SECONDS": "0"}, workers=2)
    try:
        for connections in (16, 64):
            result = wrk(server.url + ARTICLE, connections, args.duration)
            report(
                "article (uncached)", connections, result, results[("minimal", connections)]["rps"]
            )
            results[("uncached", connections)] = result
        # The page a save makes dearest to build again: every question, no target. Two
        # connections, as more would wait past wrk's 2 s timeout behind each other.
        result = wrk(server.url + "/faq/", 2, args.duration)
        report("FAQ (uncached)", 2, result, results[("minimal", 16)]["rps"])
    finally:
        server.stop()

    checks = {
        "cached article >= 0.70x minimal (c=16)": results[("article", 16)]["rps"]
        >= 0.7 * results[("minimal", 16)]["rps"],
        "cached article p99 < 25 ms (c=16)": results[("article", 16)]["p99"] < 25,
        # A row in which no request came back at all is no pass (a server that hung).
        "zero errors at 64 connections": all(
            r["errors"] == 0 and r["requests"] > 0 for (name, c), r in results.items() if c == 64
        ),
        "uncached article >= 0.25x minimal (c=16)": results[("uncached", 16)]["rps"]
        >= 0.25 * results[("minimal", 16)]["rps"],
    }
    print()
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return all(checks.values())


VIRAL_SCRIPT = """
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", wrk.path .. "?utm_source=share&fbclid=" .. i)
end
"""


def lua_script(name, source):
    """A wrk request script in a file of its own, as wrk -s wants it."""
    script = Path(tempfile.mkdtemp()) / name
    script.write_text(source)
    return str(script)


LOADTEST_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def loadtest(env, args):
    paths = [
        ARTICLE,
        "/faq/",
        "/faq/?q=knots+in+my+shoulders",
        "/faq/?q=tingeling",
        "/faq/?q=when+to+see+a+doctor",
        "/faq/?q=stretches",
    ]
    script = lua_script("mix.lua", LOADTEST_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    print(f"\n== load test: {args.duration}s at 64 connections across article, FAQ and search")
    server = Gunicorn(env, workers=2)
    try:
        result = wrk(server.url + "/", 64, args.duration, script=script)
    finally:
        server.stop()
    report("mixed", 64, result)
    print(f"{result['requests']} requests, {result['errors']} errors")
    ok = result["errors"] == 0
    print(f"{'PASS' if ok else 'FAIL'}  zero errors")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=None)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10000)
    parser.add_argument("--loadtest", action="store_true")
    args = parser.parse_args()
    args.duration = args.duration or (60 if args.loadtest else 10)
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        env, html_file, cleanup = prepare(tmp, args)
        try:
            ok = loadtest(env, args) if args.loadtest else benchmark(env, html_file, args)
        finally:
            cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
