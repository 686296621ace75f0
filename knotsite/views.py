import re

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve

from .markup import ARTICLE_HEADINGS_FROM, check_length, check_rendered, render_markdown
from .seo import absolute_url

# Requests Django will not read whole (settings.DATA_UPLOAD_MAX_*): most likely an editor's
# save of a very long text, or of a form with very many questions.
TOO_LARGE_TO_READ = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


@requires_csrf_token
def bad_request(request, exception):
    """The 400 page, except for a form too large to read: "check the address" sent an
    editor away from the form still holding their text, which Back brings back. (An address
    with too many parameters sent nothing: it is a bad request.)"""
    if request.method in ("GET", "HEAD") or not isinstance(exception, TOO_LARGE_TO_READ):
        return defaults.bad_request(request, exception)
    context = {
        "max_size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    }
    response = render(request, "413.html", context, status=413)
    add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /faq/?q=",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def opensearch_description(request):
    """OpenSearch: how a browser offers the FAQ search from its address bar."""
    context = {
        "search_url": absolute_url(request, reverse("faq:index")),
        "icon_url": absolute_url(request, static("favicon.ico")),
    }
    return render(
        request,
        "opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
def site_icon(request, name):
    """Where feed readers, crawlers and older browsers look for the site's icon without
    reading a page. Not a permanent redirect: the hashed name changes when the icon does."""
    return redirect(static(name))


PREVIEW_HEADING_LEVELS = {"2", "3", "4", "5", "6"}
PREVIEW_FIELD_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}\Z")  # as "questions-0-answer"


@require_POST
def markdown_preview(request):
    """The admin's live preview: the same pipeline that runs on save, for staff only
    (knotsite/urls.py wraps this in the admin site's login and CSRF checks)."""
    text = request.POST.get("text", "")
    # Where the text's headings start on the site: h2 in an article, lower in an FAQ answer
    # (the admin's MarkdownTextarea says which). Anything else previews as an article.
    asked = request.GET.get("headings_from", "")
    headings_from = int(asked) if asked in PREVIEW_HEADING_LEVELS else ARTICLE_HEADINGS_FROM
    # Text under a heading of its own is shown beside others (answers under their article,
    # on the site and on its admin form): its ids get a prefix, here its field's name.
    field = request.POST.get("field", "")
    beside_others = headings_from != ARTICLE_HEADINGS_FROM
    prefix = f"{field}--" if beside_others and PREVIEW_FIELD_NAME.match(field) else ""
    try:
        check_length(text)  # before rendering: a book pasted in would tie up a worker
        html = render_markdown(text, anchor_prefix=prefix, top_heading=headings_from).html
    except ValidationError as refused:  # nothing to show: the reason, in the pane as text
        return HttpResponseBadRequest(refused.messages[0], content_type="text/plain; charset=utf-8")
    try:
        check_rendered(html)
    except ValidationError as refused:
        # Shown as it would be, under the reason a save would be refused: a link half typed
        # ("[NHS](h" on the way to "https://") must not empty the pane at every pause.
        reason = format_html('<p class="markdown-preview__refused">{}</p>', refused.messages[0])
        return HttpResponseBadRequest(reason + html, content_type="text/html; charset=utf-8")
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@require_safe
def media(request, path):
    """Uploaded images (generated names, image extensions only: articles/images.py).
    A large deployment serves MEDIA_ROOT from object storage or the CDN instead."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
