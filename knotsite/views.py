from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve

from .markup import render_markdown
from .seo import absolute_url


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /faq/?q=",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Longer than any article; keeps one request from tying up a worker.
PREVIEW_MAX_CHARS = 200_000


@require_POST
def markdown_preview(request):
    """The admin's live preview: the same pipeline that runs on save, for staff only
    (knotsite/urls.py wraps this in the admin site's login and CSRF checks)."""
    text = request.POST.get("text", "")[:PREVIEW_MAX_CHARS]
    return HttpResponse(render_markdown(text).html, content_type="text/html; charset=utf-8")


@require_safe
def media(request, path):
    """Uploaded images (generated names, image extensions only: articles/images.py).
    A large deployment serves MEDIA_ROOT from object storage or the CDN instead."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
