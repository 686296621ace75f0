"""The benchmark's yardstick: the cheapest Django view that can return the article's HTML.

Routed only when KNOTSITE_BENCH_HTML names a file (make bench sets it); never in production.
"""

from functools import cache

from django.conf import settings
from django.http import HttpResponse


@cache
def _article_html():
    with open(settings.BENCH_HTML_FILE, "rb") as handle:
        return handle.read()


def minimal_article(request):
    return HttpResponse(_article_html(), content_type="text/html; charset=utf-8")
