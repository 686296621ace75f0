"""The production static build: hashed names, far-future caching, gzip and brotli, a small
page weight, and nothing render-blocking from other origins."""

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_URL

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env={**os.environ, "DJANGO_STATIC_ROOT": str(root)},
        check=True,
    )
    return root


@pytest.fixture
def production_static(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return static_root


def assets(html):
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<script[^>]+src="([^"]+)"', html
    )


def test_article_css_and_js_are_hashed_compressed_and_under_30_kb(client, demo, production_static):
    html = client.get(SEED_URL).content.decode()
    urls = assets(html)
    assert urls, "the article page references no stylesheet"
    total_gzip = 0
    for url in urls:
        assert url.startswith("/static/"), f"{url} is not served by us"
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), f"{url} has no content hash"
        path = production_static / url.removeprefix("/static/")
        assert (path.parent / (path.name + ".br")).exists()
        gz = path.parent / (path.name + ".gz")
        total_gzip += len(gz.read_bytes())
        assert gzip.decompress(gz.read_bytes()) == path.read_bytes()
    assert total_gzip < 30 * 1024, f"{total_gzip} bytes of CSS+JS"


def test_hashed_files_are_served_with_far_future_caching_and_brotli(
    client, demo, production_static
):
    url = assets(client.get(SEED_URL).content.decode())[0]
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


def test_no_third_party_resources_and_system_fonts(client, demo):
    html = client.get(SEED_URL).content.decode()
    assert all(url.startswith("/static/") for url in assets(html))
    assert not re.search(r'<(img|iframe|link rel="preload")[^>]+(src|href)="(https?:)?//', html)
    css = "".join(p.read_text() for p in Path("static/css").glob("*.css"))
    assert "@font-face" not in css and "@import" not in css
    assert "system-ui" in css


def test_browsers_phones_and_feed_readers_find_the_site_icon(client, demo, production_static):
    """Chrome and Firefox read the SVG; Safari and Windows an ICO; iPhones a PNG for the
    home screen; feed readers and crawlers ask for /favicon.ico without reading a page."""
    html = client.get(SEED_URL).content.decode()
    for rel, path, kind in [
        ("icon", "favicon.ico", "image/x-icon"),
        ("apple-touch-icon", "apple-touch-icon.png", "image/png"),
    ]:
        linked = re.search(
            rf'<link rel="{rel}" href="(/static/{path[:-4]}\.[0-9a-f]{{12}}\.{path[-3:]})"', html
        )
        assert linked, f"no hashed {path} linked as {rel}"
        response = client.get(linked[1])
        assert response.status_code == 200 and response["Content-Type"] == kind
        at_root = client.get(f"/{path}")
        assert at_root.status_code == 302 and at_root["Location"] == linked[1]
    assert 'type="image/svg+xml"' in html
