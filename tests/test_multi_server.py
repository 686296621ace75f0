"""Two gunicorn servers on one PostgreSQL and one Redis: an edit made through one is shown by
the other at once. This is how the site grows past one machine."""

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from articles.models import Post

from .conftest import SEED_URL
from .servers import Gunicorn, collectstatic, database_url, production_env

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_reachable():
    if not REDIS_URL:
        return False
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def servers(transactional_db, tmp_path):
    if connection.vendor != "postgresql" or not redis_reachable():
        if os.environ.get("CI") == "true" and connection.vendor == "postgresql":
            pytest.fail("CI=true: the PostgreSQL pass needs Redis at REDIS_URL")
        pytest.skip("needs DATABASE_URL=postgres://… and a reachable REDIS_URL")
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=REDIS_URL,
        KNOTSITE_CACHE_PREFIX=f"test-{uuid.uuid4().hex}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_CONN_MAX_AGE="0",
    )
    collectstatic(env)
    started = [Gunicorn(env), Gunicorn(env)]
    yield started
    for server in started:
        server.stop()


class Browser:
    """Just enough of a browser: cookies, and forms posted back with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.headers, response.read().decode()

    def post_form(self, path, data):
        _, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=10) as response:
            return response.geturl(), response.read().decode()


def test_an_edit_through_one_server_shows_on_the_other_at_once(servers):
    a, b = servers
    reader_a, reader_b = Browser(a.url), Browser(b.url)
    for reader in (reader_a, reader_b):
        reader.get(SEED_URL)
    headers, html = reader_b.get(SEED_URL)
    assert headers["X-Page-Cache"] == "hit"
    assert "Techniques to Alleviate Upper Back Muscle Knots" in html

    editor = Browser(a.url)
    url, _ = editor.post_form(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "a-long-password-1"}
    )
    assert url.endswith("/admin/")
    post = Post.objects.get(slug="techniques-to-alleviate-upper-back-muscle-knots")
    url, _ = editor.post_form(
        f"/admin/articles/post/{post.pk}/change/",
        {
            "title": "Upper Back Knots: What Helps",
            "slug": post.slug,
            "version": str(post.version),
            "category": post.category_id,
            "author": post.author_id,
            "summary": post.summary,
            "body": post.body,
            "status": "published",
            "published_at_0": "2024-04-15",
            "published_at_1": "09:00:00",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert url.endswith("/admin/articles/post/"), url

    _, html = reader_b.get(SEED_URL)
    assert "<h1>Upper Back Knots: What Helps</h1>" in html
    _, home = reader_b.get("/")
    assert "Upper Back Knots: What Helps" in home
