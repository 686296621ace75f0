"""Whole-page caching for anonymous readers that is never stale.

Every cached page is stored with the content *generation* it was built from. Saving or
deleting anything in a content app bumps the generation, so every page built before the
change stops matching at once, on every server sharing the cache. A page also expires at
the moment the next scheduled post goes live, so scheduled posts appear on time.

One cache round trip per request: the generation and the page are fetched together.

The cache may go down (Redis restarting, the network): readers then get pages built
afresh, saves still succeed, and a generation bump a save could not make is made as soon
as the cache answers again, before any page is read from it.
"""

import functools
import hashlib
import logging
import os
import time
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from redis.exceptions import RedisError

GENERATION_KEY = "knotsite:content-generation"
_EXCLUDED_RESPONSE_HEADERS = {"set-cookie", "content-length"}
# What a cache that cannot be reached raises (Django's RedisCache; OSError for sockets).
CACHE_ERRORS = (RedisError, OSError)
log = logging.getLogger(__name__)
# The only query parameters a public page reads: the listing's page number, the FAQ search
# and whether it was fetched as the reader typed (articles.views.paginate, faq.views). Any
# other (campaign tags, click ids that are new on every click, junk a crawler adds) leaves
# the page as it is, so it is left out of the key: a viral link is still served from the
# cache, and ?x=<random> cannot fill the cache with copies of one page. A view that starts
# reading another parameter must add it here.
PAGE_PARAMETERS = frozenset({"page", "q", "live"})


def session_user(request):
    """The signed-in user, or None for a request without a session: reading `request.user`
    touches the session, which marks the response "Vary: Cookie", so readers' pages would
    no longer be cached (by us or a CDN)."""
    return request.user if settings.SESSION_COOKIE_NAME in request.COOKIES else None


def page_key(request):
    """The cache key of a page: release, host, path and the parameters that can change it,
    in a stable order (?page=2&q=x and ?q=x&page=2 are one page)."""
    parameters = sorted(
        (name, values) for name, values in request.GET.lists() if name in PAGE_PARAMETERS
    )
    identity = repr((current_release(), request.get_host(), request.path, parameters))
    return "knotsite:page:" + hashlib.sha256(identity.encode()).hexdigest()


# What a release is made of; tests, benchmarks, hidden folders (.git, .venv, tool caches)
# and files built or installed on each server are not: servers of one release must agree.
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".css", ".js", ".svg", ".ico", ".png", ".json", ".md")
RELEASE_SKIPPED = {"__pycache__", "node_modules", "staticfiles", "media", "tests", "bench",
                   "build"}  # fmt: skip


def _part_of_release(folder):
    return not (folder in RELEASE_SKIPPED or folder.startswith(".") or folder.endswith(".egg-info"))


def release_of(directory):
    """A hash of the code, templates and static files under `directory`: a page built from
    them names their CSS and JS by hashed file names, and their HTML."""
    digest = hashlib.sha256(django.get_version().encode())
    for root, folders, files in os.walk(directory):  # top-down, folders in name order
        folders[:] = sorted(filter(_part_of_release, folders))
        for name in sorted(files):
            if name.endswith(RELEASE_SUFFIXES):
                path = Path(root, name)
                digest.update(str(path.relative_to(directory)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _code_release():
    return release_of(settings.BASE_DIR)


def current_release():
    return settings.KNOTSITE_RELEASE or _code_release()


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class Outage:
    """This process's view of the shared cache: after a failure it is left alone for
    PAGE_CACHE_OUTAGE_SECONDS, so readers do not each wait on a connection that is down."""

    def __init__(self):
        self.until = 0.0
        self.missed_bump = False  # a content change the cache has not been told of

    def __bool__(self):
        return time.monotonic() < self.until

    def begin(self, error):
        log.warning("Page cache unreachable, serving pages uncached: %s", error)
        self.until = time.monotonic() + settings.PAGE_CACHE_OUTAGE_SECONDS


outage = Outage()


def bump_generation(**kwargs):
    """Invalidate every cached page, on every server sharing the cache. The generation is
    the time of the latest content change, so it doubles as a Last-Modified date."""
    if outage:
        outage.missed_bump = True
        return
    try:
        _bump(cache())
        outage.missed_bump = False
    except CACHE_ERRORS as error:
        outage.missed_bump = True
        outage.begin(error)


def _bump(backend):
    previous = backend.get(GENERATION_KEY) or 0
    backend.set(GENERATION_KEY, max(time.time_ns() // 1000, previous + 1), timeout=None)


def _content_changed(sender, **kwargs):
    meta = sender._meta
    if (
        meta.app_label in settings.PAGE_CACHE_CONTENT_APPS
        and meta.label_lower not in settings.PAGE_CACHE_NOT_CONTENT
    ):
        bump_generation()
        # Again after commit: a reader may have rebuilt a page from the old rows in between.
        transaction.on_commit(bump_generation)


def connect_invalidation():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"knotsite-pagecache-{signal!r}")


def publishing_times():
    """(latest go-live that has passed, next scheduled go-live) as epoch seconds or None:
    the content changes at those moments without anyone saving anything."""
    from django.db.models import Max, Min, Q
    from django.utils import timezone

    Post = apps.get_model("articles", "Post")
    now = timezone.now()
    times = Post.objects.filter(status=Post.Status.PUBLISHED).aggregate(
        last=Max("published_at", filter=Q(published_at__lte=now)),
        upcoming=Min("published_at", filter=Q(published_at__gt=now)),
    )
    return tuple(t.timestamp() if t else None for t in (times["last"], times["upcoming"]))


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if outage.missed_bump and not outage:
            # Told first, on any request (a server may serve only editors): until then the
            # cache holds pages from before a save it missed.
            bump_generation()
            if not outage.missed_bump:
                log.warning("Page cache reachable again; pages from before it went down dropped")
        if not self._cacheable_request(request) or outage:
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Whatever a signed-in user sees is theirs alone.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        key = page_key(request)
        backend = cache()
        try:
            generation, entry = self._lookup(backend, key)
        except CACHE_ERRORS as error:
            outage.begin(error)
            return self.get_response(request)
        if entry and entry["generation"] == generation and time.time() < entry["valid_until"]:
            response = HttpResponse(entry["body"], status=entry["status"])
            for name, value in entry["headers"]:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if self._cacheable_response(response):
            self._public_cache_control(response)
            last_live, upcoming = publishing_times()
            if not response.has_header("Last-Modified"):
                changed = max(generation / 1_000_000, last_live or 0)
                response.headers["Last-Modified"] = http_date(changed)
            set_response_etag(response)
            valid_until = time.time() + settings.PAGE_CACHE_SECONDS
            if upcoming is not None:
                valid_until = min(valid_until, upcoming)
            entry = {
                "generation": generation,
                "valid_until": valid_until,
                "status": response.status_code,
                "headers": [
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in _EXCLUDED_RESPONSE_HEADERS
                ],
                "body": response.content,
            }
            try:
                backend.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            except CACHE_ERRORS as error:
                outage.begin(error)
                return response
            response.headers["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _lookup(backend, key):
        """(the content generation, the stored entry for `key` or None)."""
        found = backend.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            _bump(backend)
            generation = backend.get(GENERATION_KEY)
        return generation, found.get(key)

    @staticmethod
    def _cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)
        )

    @staticmethod
    def _cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "Cookie" not in response.get("Vary", "")
        )

    @staticmethod
    def _public_cache_control(response):
        # Browsers revalidate every time (cheap: ETag → 304); a CDN may serve it briefly.
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.CDN_CACHE_SECONDS,
            stale_while_revalidate=settings.CDN_STALE_SECONDS,
        )
