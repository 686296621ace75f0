from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import password_reset
from .sitemaps import SITEMAPS
from .views import markdown_preview, media, opensearch_description, robots_txt, site_icon

handler400 = "knotsite.views.bad_request"

urlpatterns = []
if settings.BENCH_HTML_FILE:
    from knotsite.bench_views import minimal_article

    urlpatterns.append(path("_bench/minimal/", minimal_article))

urlpatterns += [
    path(
        f"{settings.ADMIN_URL}markdown-preview/",
        admin.site.admin_view(markdown_preview),
        name="markdown_preview",
    ),
    # Before the admin, whose last pattern takes every address under it.
    *(password_reset.urls(settings.ADMIN_URL) if settings.PASSWORD_RESET_BY_EMAIL else []),
    path(settings.ADMIN_URL, admin.site.urls),
    path("faq/", include("faq.urls")),
    # Where readers and browsers look for a site's search; the FAQ search is ours (it finds
    # articles too). Not permanent, so the address stays free for a search page of its own.
    path("search/", RedirectView.as_view(pattern_name="faq:index", query_string=True)),
    # Where feed readers and readers guess a blog's feed (WordPress's /feed/, the old site's
    # likely address); permanent, so a feed reader keeps the real one.
    path("feed/", RedirectView.as_view(pattern_name="articles:feed_rss", permanent=True)),
    path("rss/", RedirectView.as_view(pattern_name="articles:feed_rss", permanent=True)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("opensearch.xml", opensearch_description, name="opensearch"),
    path("favicon.ico", site_icon, {"name": "favicon.ico"}),
    path("apple-touch-icon.png", site_icon, {"name": "apple-touch-icon.png"}),
    re_path(r"^media/(?P<path>.+)$", media, name="media"),
    path("", include("pages.urls")),
    # Last: the category tree owns every other path.
    path("", include("articles.urls")),
]
