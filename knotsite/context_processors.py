from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pages.models import Page

from .seo import absolute_url


def site(request):
    footer_pages = Page.objects.for_footer()
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "publisher_name": settings.PUBLISHER_NAME,
        "emergency_number": settings.EMERGENCY_NUMBER,
        # The path without its parameters (tracking, junk, a search); a list that has pages
        # puts its page number back (articles.views.paginate).
        "canonical_url": absolute_url(request, request.path),
        "site_url": absolute_url(request, "/"),
        # Read only where the footer is drawn: a page that is not (a feed) costs no query.
        "footer_pages": footer_pages,
        # Where an article says how articles are written and reviewed: the About page, found
        # among the footer's (one query for both), so that no site without one links to it.
        "editorial_policy": SimpleLazyObject(
            lambda: next((page for page in footer_pages if page.slug == "about"), None)
        ),
    }
