"""`make audit`: Lighthouse on the article and FAQ pages served by gunicorn with DEBUG off,
and screenshots of the public pages at 375/768/1280 px in light and dark, under build/.

Fails when any Lighthouse category (performance, accessibility, best practices, SEO) of
either page scores below 100. Needs Node.js and npm (Lighthouse is installed into
build/lighthouse on first use) and Debian's chromium.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Gunicorn, collectstatic, production_env  # noqa: E402

BUILD = ROOT / "build"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ARTICLE = "/news/healthcare-blog/techniques-to-alleviate-upper-back-muscle-knots/"
AUDITED = {"article": ARTICLE, "faq": "/faq/"}
SCREENSHOTS = {
    "home": "/",
    "article": ARTICLE,
    "faq": "/faq/",
    "faq-search": "/faq/?q=knots+in+my+shoulders",
    "category": "/news/healthcare-blog/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_binary():
    prefix = BUILD / "lighthouse"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("installing lighthouse with npm into build/lighthouse …", flush=True)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix),
                "lighthouse@12",
            ],  # fmt: skip
            check=True,
        )
    return binary


def run_lighthouse(binary, url, name):
    out = BUILD / "lighthouse" / name  # lighthouse writes <name>.report.json and .html
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            "--output=html",
            f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
        ],  # fmt: skip
        check=True,
        env={**os.environ, "CHROME_PATH": CHROME},
    )
    report = json.loads(Path(f"{out}.report.json").read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    return scores, failing


def screenshots(base):
    from playwright.sync_api import sync_playwright

    folder = BUILD / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
        for width in (375, 768, 1280):
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, color_scheme=scheme
                )
                page = context.new_page()
                for name, path in SCREENSHOTS.items():
                    page.goto(base + path)
                    page.screenshot(path=folder / f"{name}-{width}-{scheme}.png", full_page=True)
                context.close()
        browser.close()
    print(f"screenshots: {folder}")


def main():
    if not shutil.which("npm"):
        sys.exit("make audit needs Node.js and npm (apt-get install nodejs npm)")
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(
            DATABASE_URL=f"sqlite:///{tmp}/audit.sqlite3",
            DJANGO_STATIC_ROOT=str(Path(tmp) / "static"),
        )
        for args in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
        collectstatic(env)
        server = Gunicorn(env, workers=2)
        try:
            results = {name: run_lighthouse(binary, server.url + path, name)
                       for name, path in AUDITED.items()}  # fmt: skip
            screenshots(server.url)
        finally:
            server.stop()
    ok = True
    for name, (scores, failing) in results.items():
        line = "  ".join(f"{c} {s}" for c, s in scores.items())
        print(f"lighthouse {name:<8} {line}")
        for item in failing:
            print(f"    not passed: {item}")
        ok &= all(score == 100 for score in scores.values())
    print(f"reports: {BUILD / 'lighthouse'}")
    print("PASS: every category 100" if ok else "FAIL: a category scored below 100")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
