"""Absolute URLs and structured data for search engines and link previews."""

import json
import re

from django.conf import settings
from django.utils.safestring import mark_safe

from .markup import plain_text

# The escapes of Django's json_script: no "</script>" or "<!--" can close the element early.
# Replaced one by one: str.translate() took a quarter of a second on the FAQ page's 4 MB.
_JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


def absolute_url(request, path):
    """The canonical absolute form of a site path, on the configured public domain."""
    scheme = "https" if settings.HTTPS else request.scheme
    return f"{scheme}://{settings.SITE_DOMAIN}{path}"


def ld_json(data):
    """A JSON-LD <script> data block for a schema.org node or graph."""
    data = {"@context": "https://schema.org", **data}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(  # noqa: S308 - escaped above, as json_script does
        '<script type="application/ld+json">' + text + "</script>"
    )


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.PUBLISHER_NAME,
        "url": absolute_url(request, "/"),
    }


def person(request, author):
    if author is None:
        return None
    data = {
        "@type": "Organization" if author.is_team else "Person",
        "name": author.name,
        "url": absolute_url(request, author.get_absolute_url()),
    }
    if author.credentials:
        data["description" if author.is_team else "jobTitle"] = author.credentials
    return data


def breadcrumb_list(request, crumbs):
    """crumbs: [(name, path)], Home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


# In our own rendered Markdown (knotsite/markup.py): footnote marks and the list of sources.
_NOT_THE_ANSWER = re.compile(r"<sup[^>]*>.*?</sup>|<section[^>]*>.*?</section>", re.S)


def answer_text(answer_html):
    """An answer as the plain text a search engine shows: no markup, no entities, no sources."""
    return plain_text(_NOT_THE_ANSWER.sub("", answer_html))


def faq_page(questions):
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": q.answer_text},
            }
            for q in questions
        ],
    }


def share_image(request, post):
    """The featured image as link previews and search engines take it: whole (the file
    as uploaded, re-encoded; its resized copies are WebP, which not every app previews),
    by absolute address, with its size and alt text. None without an image."""
    if not post.featured_image_renditions:
        return None
    whole = post.featured_image_renditions[-1]
    return {
        "url": absolute_url(request, whole["url"]),
        "width": whole["width"],
        "height": whole["height"],
        "alt": post.featured_image_alt,
    }


def article_graph(request, post, crumbs, questions, image=None):
    url = absolute_url(request, post.get_absolute_url())
    posting = {
        "@type": "BlogPosting",
        "@id": url + "#article",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.modified_at.isoformat(),
        "mainEntityOfPage": {"@id": url + "#webpage"},
        "publisher": publisher(request),
        "articleSection": post.category.name,
        "keywords": [tag.name for tag in post.tags.all()],
        "wordCount": post.word_count,
    }
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
    if post.author:
        posting["author"] = person(request, post.author)
    page = {
        "@type": "MedicalWebPage",
        "@id": url + "#webpage",
        "url": url,
        "name": post.title,
        "description": post.summary,
        "inLanguage": "en",
        "mainEntity": {"@id": url + "#article"},
        "breadcrumb": {"@id": url + "#breadcrumb"},
        "publisher": publisher(request),
    }
    if post.last_reviewed:
        page["lastReviewed"] = post.last_reviewed.isoformat()
    if post.reviewer:
        page["reviewedBy"] = person(request, post.reviewer)
    graph = [page, posting, {"@id": url + "#breadcrumb", **breadcrumb_list(request, crumbs)}]
    if questions:
        graph.append(faq_page(questions))
    return {"@graph": graph}
