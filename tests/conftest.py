import datetime
import importlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Category, Post
from faq.models import Question, Topic

SEED_URL = "/news/healthcare-blog/techniques-to-alleviate-upper-back-muscle-knots/"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file as production does, not in memory: Django's live server
    then gives its threads their own connections instead of sharing the tests' one, which
    breaks when a request writes while a test tears down."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _unhashed_static_files(settings):
    """Tests run without collectstatic, so templates use plain static URLs; the hashed,
    compressed build is tested on its own against a real collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages (the local-memory cache outlives tests)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Post.objects.get(slug="techniques-to-alleviate-upper-back-muscle-knots")


@pytest.fixture
def starter_notices(db):
    """The safety notices a migration ships, put back: a live-server test's database flush
    drops rows that migrations made."""
    from django.apps import apps

    for name in (
        "0007_starter_safety_notices",
        "0010_more_warning_signs",
        "0017_warning_signs_in_readers_words",
        "0018_emergency_signs_in_readers_words",
        "0020_more_emergencies_in_readers_words",
    ):
        importlib.import_module(f"search.migrations.{name}").add(apps, schema_editor=None)


@pytest.fixture
def blog(demo):
    return Category.objects.get(path="news/healthcare-blog")


@pytest.fixture
def make_post(blog):
    counter = iter(range(1, 100_000))

    def make(**fields):
        n = next(counter)
        values = {
            "title": f"Test post {n}",
            "slug": f"test-post-{n}",
            "summary": f"Summary of test post {n}.",
            "body": f"## Section {n}\n\nBody text {n}.",
            "category": blog,
            "status": Post.Status.PUBLISHED,
            "published_at": timezone.now() - datetime.timedelta(days=1),
        }
        values.update(fields)
        return Post.objects.create(**values)

    return make


@pytest.fixture
def make_question(db):
    def make(**fields):
        topic, _ = Topic.objects.get_or_create(slug="general", defaults={"name": "General"})
        values = {"topic": topic, "question": "A question?", "answer": "An answer."}
        values.update(fields)
        return Question.objects.create(**values)

    return make
