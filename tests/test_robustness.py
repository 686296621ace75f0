"""Hostile requests never cause a 500, and a failing database never loses an editor's text."""

import os
import subprocess
import sys
import tempfile
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from articles.models import Post

from .conftest import SEED_URL

pytestmark = pytest.mark.django_db


def sample_paths(patterns=None, prefix=""):
    """One concrete path per URL pattern, walking the whole resolver tree, so patterns
    added later are swept too."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if route.startswith("^"):  # a regex pattern: the category/article catch-all
            route = "news/healthcare-blog/" if "path" in route else ""
        for converter, value in [("<int:", "1"), ("<path:", "a/b"), ("<slug:", "x"), ("<", "x")]:
            while converter in route:
                start = route.index(converter)
                route = route[:start] + value + route[route.index(">", start) + 1 :]
        route = route.replace("$", "").replace("\\", "")
        if isinstance(pattern, URLResolver):
            yield from sample_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route


ALL_PATHS = sorted(set(sample_paths()))
HOSTILE_SUFFIXES = [
    "?q=" + "a" * 20000,
    "?page=-1&page=abc&page=&page=99999999999999999999",
    "?q=%00%ff%fe&page=%00",
    "?%ff%fe=%c0%af",
    "?q=%22%27%3Cscript%3E%28%29%5B%5D%7B%7D*%3A%5E~",
    "?" + "&".join(f"p{i}=x" for i in range(500)),
]
HOSTILE_PATHS = [
    "/%00/",
    "/news/%00/",
    "/news/%ff%fe/",
    "/news/healthcare-blog/%c0%af/",
    "/" + "a" * 5000 + "/",
    "/" + "a/" * 1000,
    "/news/healthcare-blog/x%0d%0aSet-Cookie:%20a=b/",
    "/..%2f..%2fetc/passwd",
]


def test_the_sweep_covers_every_url_pattern():
    assert "/" in ALL_PATHS and "/faq/" in ALL_PATHS and "/news/healthcare-blog/" in ALL_PATHS
    assert any(path.startswith("/admin/") for path in ALL_PATHS)


def test_hostile_query_strings_never_cause_a_500_on_any_url(client, demo):
    client.raise_request_exception = False
    for path in ALL_PATHS:
        for suffix in HOSTILE_SUFFIXES:
            response = client.get(path + suffix)
            assert response.status_code < 500, (path, suffix[:60], response.status_code)


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_are_4xx(client, demo, path):
    client.raise_request_exception = False
    assert 400 <= client.get(path).status_code < 500


def test_unknown_host_is_400(client, demo):
    client.raise_request_exception = False
    for path in ["/", SEED_URL, "/faq/"]:
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400


def test_a_form_sent_from_an_out_of_date_page_gets_a_clear_page(demo):
    """A sign-in page left open until its CSRF token went stale: a page in the site's
    design that says what happened and what to do, not Django's bare "CSRF verification
    failed. Request aborted."."""
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "someone", "password": "hunter2-secret"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form was out of date" in html
    assert 'href="/admin/login/"' in html  # try again from a fresh copy
    assert 'class="site-header"' in html and "Request aborted" not in html
    assert "hunter2-secret" not in html


def test_a_page_you_may_not_open_says_so_in_the_site_design(demo):
    """Staff without permission for a page get a clear 403, not a bare "403 Forbidden"."""
    user = User.objects.create_user("trainee", password="pw-long-1!", is_staff=True)
    client = Client()
    client.force_login(user)
    response = client.get(f"/admin/articles/post/{demo.pk}/change/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You don’t have permission to open this page" in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    "data",
    [
        {"body": "A very long article. " * 130_000},  # 2.7 MB: more than Django reads
        {f"question-{n}": "x" for n in range(1_001)},  # more fields than Django reads
    ],
    ids=["too-large", "too-many-fields"],
)
def test_a_save_too_large_to_read_says_so_and_that_back_keeps_the_text(admin_client, demo, data):
    # It got the 400 page, "check the address and try again, or go to the home page": an
    # editor following it left the form and the text in it. Back brings the form back whole.
    response = admin_client.post(f"/admin/articles/post/{demo.pk}/change/", data)
    assert response.status_code == 413
    html = response.content.decode()
    assert "Too much to send at once" in html
    assert "Back" in html and "your text is still in the form" in html
    assert "check the address" not in html
    assert "2.5\xa0MB of text, in at most 1000 fields" in html  # what the site reads
    assert Post.objects.get(pk=demo.pk).body == demo.body


def test_an_address_with_too_many_parameters_is_a_bad_request_not_a_save_too_large(client, demo):
    # Django reads at most 1,000 fields from a query string too; nothing was being sent.
    response = client.get("/faq/", {f"p{n}": "x" for n in range(1_001)})
    assert response.status_code == 400
    assert "Too much to send at once" not in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/", "/news/", SEED_URL, "/faq/"])
def test_public_pages_refuse_writing_methods(client, demo, method, path):
    assert getattr(client, method)(path).status_code == 405


def test_head_and_options_are_not_errors(client, demo):
    assert client.head(SEED_URL).status_code == 200
    assert client.options(SEED_URL).status_code < 500


# A real database failure, made by the database itself: a trigger that refuses updates.
FAIL_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER knotsite_fail_post BEFORE UPDATE ON articles_post "
        "BEGIN SELECT RAISE(ABORT, 'simulated outage'); END;"
    ],
    "postgresql": [
        "CREATE FUNCTION knotsite_fail() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'simulated outage'; END $$ LANGUAGE plpgsql;",
        "CREATE TRIGGER knotsite_fail_post BEFORE UPDATE ON articles_post "
        "FOR EACH ROW EXECUTE FUNCTION knotsite_fail();",
    ],
}


def test_a_database_error_during_save_keeps_the_editors_text(admin_client, demo):
    with connection.cursor() as cursor:
        for statement in FAIL_TRIGGER[connection.vendor]:
            cursor.execute(statement)
    data = {
        "title": demo.title,
        "slug": demo.slug,
        "version": str(demo.version),
        "category": demo.category_id,
        "author": demo.author_id or "",
        "summary": demo.summary,
        "body": "A whole afternoon of careful edits that must not be lost.",
        "status": "published",
        "published_at_0": "2024-04-15",
        "published_at_1": "09:00:00",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/articles/post/{demo.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be saved because the database reported an error" in html
    assert "A whole afternoon of careful edits that must not be lost." in html
    assert Post.objects.get(pk=demo.pk).body != data["body"]


CONCURRENT_SAVES = """
import threading, time
from django.core.management import call_command
from django.db import close_old_connections, transaction
call_command("migrate", verbosity=0)
from articles.models import Category, Post
blog = Category.objects.create(name="Blog", slug="blog")
ids = [Post.objects.create(title=f"P{i}", slug=f"p{i}", summary="s", body="b", category=blog).pk
       for i in range(8)]
errors = []

def editor(pk):
    try:
        for n in range(5):
            with transaction.atomic():  # as the admin saves: read, then write
                post = Post.objects.get(pk=pk)
                time.sleep(0.01)
                post.summary = f"edit {n}"
                post.save()
    except Exception as error:
        errors.append(repr(error))
    finally:
        close_old_connections()

threads = [threading.Thread(target=editor, args=(pk,)) for pk in ids]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(len(errors), errors[:1])
"""


def test_saves_at_once_on_sqlite_wait_for_each_other_instead_of_failing(tmp_path):
    """The embedded default serves several requests at once (runserver's threads, gunicorn's
    gthread workers): two editors saving together, or a save beside a session renewal, must
    queue for SQLite's single writer, not fail with "database is locked"."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking; PostgreSQL locks rows")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{CONCURRENT_SAVES}"],
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "knotsite.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path}/concurrent.sqlite3",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 []"), result.stdout


def test_every_migration_is_reversible(tmp_path):
    """Migrate a scratch database up, all the way down to zero, and up again."""
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "knotsite.settings"}
    if connection.vendor == "postgresql":
        name = f"knotsite_migrations_{uuid.uuid4().hex[:8]}"
        settings_dict = connection.settings_dict
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{name}"
        )
    else:
        name = None
        url = f"sqlite:///{tempfile.mkdtemp(dir=tmp_path)}/migrations.sqlite3"
    env["DATABASE_URL"] = url

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    try:
        manage("migrate", "--noinput")
        for app in ["faq", "articles", "axes", "admin", "auth", "sessions", "sites"]:
            manage("migrate", app, "zero", "--noinput")
        manage("migrate", "--noinput")
    finally:
        if name:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def database_down(transactional_db):
    """The database server stops answering: the connection points where nothing listens
    (PostgreSQL) or at a file that cannot be opened (SQLite)."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        connection.settings_dict["NAME"] = "/nonexistent-directory/knotsite.sqlite3"
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.parametrize("path", ["/", SEED_URL, "/faq/", "/faq/?q=knots", "/news/"])
def test_readers_get_a_temporary_unavailable_page_when_the_database_is_down(
    client, database_down, path
):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "temporarily unavailable" in html
    assert 'In an emergency, call <a href="tel:999">999</a>.' in html


def test_the_server_error_page_is_drawn_without_the_database(database_down, rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and 'class="skip-link"' in html


def test_the_load_balancer_health_check_answers_from_any_address(client, settings, demo):
    """Balancers ask each server by its own IP address, over plain HTTP: no host check, no
    redirect to HTTPS, never cached."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/", HTTP_HOST="10.0.0.5").status_code == 400  # everything else is checked


def test_the_health_check_fails_when_the_database_is_down(client, database_down):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5")
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]


def test_a_server_error_is_emailed_to_the_admins_a_bad_host_is_not(
    client, demo, settings, monkeypatch, mailoutbox
):
    """A small team learns of a 500 from an email with its traceback, not from a reader; but
    not of every bot that asks for another host name (Django mails those too, by default)."""
    from articles.models import PostQuerySet

    settings.ADMINS = [("Ops", "ops@example.org")]

    def broken(self):
        raise RuntimeError("a bug on the home page")

    monkeypatch.setattr(PostQuerySet, "for_listing", broken)
    client.raise_request_exception = False
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert not mailoutbox
    assert client.get("/").status_code == 500
    [message] = mailoutbox
    assert message.to == ["ops@example.org"]
    assert "a bug on the home page" in message.body


def test_the_admins_are_read_from_the_environment():
    from .test_security import PRODUCTION, run_django

    code = "from django.conf import settings; print(settings.ADMINS)"
    admins = "Ops Team <ops@example.org>, dev@example.org"
    printed = run_django(code, **PRODUCTION, DJANGO_ADMINS=admins).stdout.strip()
    assert printed == "[('Ops Team', 'ops@example.org'), ('', 'dev@example.org')]"
    assert run_django(code, **PRODUCTION).stdout.strip() == "[]"
