"""Whole-page caching: fast for readers, never stale, never shared across users."""

import datetime
import re
import time

import pytest
from django.utils import timezone

from articles.models import Category, Post
from faq.models import Question, Topic

from .conftest import SEED_URL

pytestmark = pytest.mark.django_db


def post_form(post, **changes):
    data = {
        "title": post.title,
        "slug": post.slug,
        "version": str(post.version),
        "category": post.category_id,
        "author": post.author_id or "",
        "summary": post.summary,
        "body": post.body,
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_second_anonymous_visit_is_served_from_the_cache(client, demo):
    first = client.get(SEED_URL)
    second = client.get(SEED_URL)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_new_release_never_serves_pages_cached_by_the_last(client, demo, settings):
    # A rolling deploy: servers of the old and the new release share one Redis. A page the
    # old one cached names its own CSS (hashed file names the new one no longer has) and
    # HTML its migrations may have rendered again, so the new release builds its own.
    first = client.get(SEED_URL)
    assert client.get(SEED_URL)["X-Page-Cache"] == "hit"
    settings.KNOTSITE_RELEASE = "next-release"
    assert client.get(SEED_URL)["X-Page-Cache"] == "miss"
    assert client.get(SEED_URL)["X-Page-Cache"] == "hit"
    settings.KNOTSITE_RELEASE = ""  # an old server still running: its own pages
    assert client.get(SEED_URL).content == first.content


def test_the_release_is_told_apart_by_its_code_templates_and_static_files(tmp_path):
    from knotsite.pagecache import release_of

    (tmp_path / "templates").mkdir()
    (tmp_path / "views.py").write_text("def view(): ...\n")
    (tmp_path / "templates" / "page.html").write_text("<p>Old</p>\n")
    before = release_of(tmp_path)
    assert release_of(tmp_path) == before
    # Servers of one release agree though one ran its tests or was installed differently.
    for built in (".pytest_cache/README.md", "knotsite.egg-info/SOURCES.txt", "media/a.json"):
        (tmp_path / built).parent.mkdir()
        (tmp_path / built).write_text("made on this server\n")
    assert release_of(tmp_path) == before
    (tmp_path / "templates" / "page.html").write_text("<p>New</p>\n")
    assert release_of(tmp_path) != before
    # Pages name the site's icons by their hashed names too.
    before = release_of(tmp_path)
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "apple-touch-icon.png").write_bytes(b"\x89PNG new icon")
    assert release_of(tmp_path) != before


def test_tracking_parameters_share_the_cached_page(client, demo):
    """A shared link carries utm_* tags and a click id that is new on every click
    (fbclid, gclid): they must not make each visit build the page again."""
    assert client.get(SEED_URL)["X-Page-Cache"] == "miss"
    for query in ("?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR3x9", "?gclid=Cj0K"):
        assert client.get(SEED_URL + query)["X-Page-Cache"] == "hit", query


def test_parameters_no_page_reads_cannot_fill_the_cache_with_copies(client, demo):
    # Each new value of a parameter no page reads was a new cache entry of the same page:
    # a crawler (or anyone) adding ?x=<random> filled Redis with copies and built each one.
    assert client.get("/faq/")["X-Page-Cache"] == "miss"
    for query in ("?x=1", "?x=2&y=3", "?sessionid=abc", "?Page=2", "?q_=knots"):
        assert client.get("/faq/" + query)["X-Page-Cache"] == "hit", query


def test_a_generation_evicted_from_the_cache_only_means_pages_are_built_again(client, demo):
    # Redis under maxmemory with allkeys-lru may drop any key, the generation included.
    from knotsite.pagecache import GENERATION_KEY, cache

    client.get(SEED_URL)
    assert client.get(SEED_URL)["X-Page-Cache"] == "hit"
    old = cache().get(GENERATION_KEY)
    cache().delete(GENERATION_KEY)
    Post.objects.filter(pk=demo.pk).update(title="Renamed without a signal")
    response = client.get(SEED_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed without a signal" in response.content.decode()
    assert cache().get(GENERATION_KEY) > old


def test_parameters_that_change_the_page_keep_their_own_cache_entry(client, make_post, demo):
    for i in range(12):
        make_post(title=f"Listing filler {i}")
    first = client.get("/news/healthcare-blog/")
    second = client.get("/news/healthcare-blog/?page=2&utm_source=x")
    assert second["X-Page-Cache"] == "miss"
    assert first.content != second.content
    assert client.get("/news/healthcare-blog/?utm_source=y&page=2")["X-Page-Cache"] == "hit"
    search = client.get("/faq/?q=knots&fbclid=1")
    assert search["X-Page-Cache"] == "miss"
    assert "match “knots”" in search.content.decode()


def test_public_pages_tell_a_cdn_it_may_cache_them_briefly(client, demo):
    cache_control = client.get(SEED_URL)["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control
    assert "stale-while-revalidate=30" in cache_control and "max-age=0" in cache_control


def test_conditional_get_answers_304_when_unchanged(client, demo):
    first = client.get(SEED_URL)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(SEED_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(SEED_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    demo.title = "A new title"
    demo.save()
    assert client.get(SEED_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_last_modified_moves_when_a_scheduled_post_goes_live(client, make_post):
    make_post(title="Live")
    first = client.get("/news/healthcare-blog/")["Last-Modified"]
    post = make_post(title="Soon", published_at=timezone.now() + datetime.timedelta(seconds=2))
    Post.objects.filter(pk=post.pk).update(
        published_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    time.sleep(1.1)
    response = client.get("/news/healthcare-blog/", HTTP_IF_MODIFIED_SINCE=first)
    assert response.status_code == 200 and "Soon" in response.content.decode()


def test_staff_are_never_served_or_stored_in_the_cache(client, admin_client, demo):
    client.get(SEED_URL)
    staff = admin_client.get(SEED_URL)
    assert "X-Page-Cache" not in staff
    assert "private" in staff["Cache-Control"]
    admin = admin_client.get("/admin/articles/post/")
    assert "no-store" in admin["Cache-Control"] and "private" in admin["Cache-Control"]


def test_editing_a_post_in_the_admin_updates_every_page_at_once(client, admin_client, demo):
    for url in ["/", "/news/", "/news/healthcare-blog/", SEED_URL]:
        client.get(url)
    response = admin_client.post(
        f"/admin/articles/post/{demo.pk}/change/", post_form(demo, title="Knots, Untied")
    )
    assert response.status_code == 302
    for url in ["/", "/news/", "/news/healthcare-blog/", SEED_URL]:
        assert "Knots, Untied" in client.get(url).content.decode(), url


def test_unpublishing_and_deleting_remove_a_post_everywhere_at_once(client, admin_client, demo):
    for url in ["/", "/news/healthcare-blog/", SEED_URL]:
        assert client.get(url).status_code == 200
    admin_client.post(f"/admin/articles/post/{demo.pk}/change/", post_form(demo, status="draft"))
    assert client.get(SEED_URL).status_code == 404
    assert demo.title not in client.get("/").content.decode()
    Post.objects.filter(pk=demo.pk).update(status="published")
    demo.refresh_from_db()
    demo.save()
    assert client.get(SEED_URL).status_code == 200
    admin_client.post(f"/admin/articles/post/{demo.pk}/delete/", {"post": "yes"})
    assert not Post.objects.filter(pk=demo.pk).exists()
    assert client.get(SEED_URL).status_code == 404
    assert demo.title not in client.get("/news/healthcare-blog/").content.decode()


def test_question_topic_and_category_changes_show_at_once(client, demo):
    topic_page = "/faq/upper-back-muscle-knots/"
    for url in ("/faq/", topic_page, SEED_URL):
        client.get(url)
    question = Question.objects.get(slug="what-causes-muscle-knots-in-the-upper-back")
    question.question = "Why do knots form in my upper back?"
    question.save()
    for url in ("/faq/", topic_page, SEED_URL):
        assert "Why do knots form in my upper back?" in client.get(url).content.decode(), url
    topic = Topic.objects.get(slug="upper-back-muscle-knots")
    topic.name = "Upper back knots"
    topic.save()
    assert "Upper back knots" in client.get("/faq/").content.decode()
    assert "<h1>Upper back knots</h1>" in client.get(topic_page).content.decode()
    blog = Category.objects.get(path="news/healthcare-blog")
    blog.name = "Health Blog"
    blog.save()
    assert "Health Blog" in client.get(SEED_URL).content.decode()


def test_a_scheduled_post_appears_on_time_despite_the_cache(client, make_post):
    make_post(title="Already live")
    post = make_post(
        title="Goes live in a moment", published_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert "Goes live in a moment" not in client.get("/news/healthcare-blog/").content.decode()
    assert client.get("/news/healthcare-blog/")["X-Page-Cache"] == "hit"
    time.sleep(1.1)
    assert "Goes live in a moment" in client.get("/news/healthcare-blog/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_no_cookie_is_set_on_public_pages(client, demo):
    for url in ["/", SEED_URL, "/faq/", "/faq/?q=knots", "/news/"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_pages_are_sent_compressed_from_the_cache_too(client, demo):
    for expected_cache in ("miss", "hit"):
        response = client.get(SEED_URL, HTTP_ACCEPT_ENCODING="gzip")
        assert response["X-Page-Cache"] == expected_cache
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert len(response.content) < 15_000


def test_a_new_synonym_updates_cached_search_results_at_once(client, demo):
    from search.models import Synonym

    url = "/faq/?q=wryneck"
    assert "No questions match" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    Synonym.objects.create(terms="stiff neck, wryneck")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    html = re.sub(r"</?mark>", "", response.content.decode())
    assert "Why do I wake up with a stiff neck?" in html


# --- The shared cache going down ---------------------------------------------------------

# A real Redis client pointed at a port nothing listens on: every call is refused at once.
UNREACHABLE_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
}


@pytest.fixture
def redis_down(settings):
    """PAGE_CACHE_ALIAS "down" is unreachable; switch back to "default" to bring it back."""
    from knotsite import pagecache

    settings.CACHES = {**settings.CACHES, "down": UNREACHABLE_REDIS}
    settings.PAGE_CACHE_OUTAGE_SECONDS = 0  # retry at once, so a test can bring it back
    yield settings
    pagecache.outage.__init__()  # the next test starts with a cache that answers


def test_readers_get_pages_while_the_cache_is_down(client, demo, redis_down):
    redis_down.PAGE_CACHE_ALIAS = "down"
    for url in ("/", SEED_URL, "/faq/", "/faq/?q=knots", "/news/healthcare-blog/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url  # built afresh, not cached


def test_a_save_while_the_cache_is_down_is_kept_and_shown_once_it_is_back(
    admin_client, client, demo, redis_down
):
    assert client.get(SEED_URL)["X-Page-Cache"] == "miss"
    assert client.get(SEED_URL)["X-Page-Cache"] == "hit"  # cached in "default"

    redis_down.PAGE_CACHE_ALIAS = "down"
    response = admin_client.post(
        f"/admin/articles/post/{demo.pk}/change/", post_form(demo, title="Saved during outage")
    )
    assert response.status_code == 302
    assert "Saved during outage" in client.get(SEED_URL).content.decode()

    # The cache answers again, still holding the page from before the save: the bump the
    # save could not make is made first, so that page is never served.
    redis_down.PAGE_CACHE_ALIAS = "default"
    response = client.get(SEED_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "Saved during outage" in response.content.decode()
