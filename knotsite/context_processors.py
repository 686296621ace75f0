from django.conf import settings

from .seo import absolute_url


def canonical_path(request):
    """The page's own path, dropping tracking and junk parameters; a page number > 1 stays."""
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        return f"{request.path}?page={int(page)}"
    return request.path


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "publisher_name": settings.PUBLISHER_NAME,
        "canonical_url": absolute_url(request, canonical_path(request)),
        "site_url": absolute_url(request, "/"),
    }
