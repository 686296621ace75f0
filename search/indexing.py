"""Keep the search documents in step with the content: every save and delete of a post, an
FAQ question or a page of the site rewrites or removes its document (the database's triggers
or vector update do the rest)."""

import re

from django.db import connection
from django.db.models.signals import post_delete, post_save

from knotsite.markup import plain_text

from .models import SearchDocument, SearchTerm
from .query import sound_of

_WORD = re.compile(r"[^\W\d_]{3,40}", re.UNICODE)
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def document_fields(obj):
    """(kind, title, body) for a Question, a Post or a Page."""
    if obj._meta.label == "faq.Question":
        return SearchDocument.Kind.QUESTION, obj.question, searched_text(obj.answer_html)
    kind = SearchDocument.Kind.PAGE if obj._meta.label == "pages.Page" else SearchDocument.Kind.POST
    return kind, obj.title, f"{obj.summary} {searched_text(obj.body_html)}"


def searched_text(rendered_html):
    """The text readers search: web and email addresses left out, as no reader means them
    ("medlineplus.gov/backpain.html", a source's address, made "backpain" a word the site
    uses, and found only that footnote)."""
    return " ".join(_WEB_ADDRESS.sub(" ", plain_text(rendered_html)).split())


def terms_of(title, body):
    """The words a misspelling can be corrected to."""
    return {w.lower() for w in _WORD.findall(f"{title} {body}")}


def store_terms(words, batch_size=500):
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, sound=sound_of(w)) for w in sorted(words)],
        ignore_conflicts=True,
        batch_size=batch_size,
    )


def weighted_vector():
    """PostgreSQL's document vector: the title weighs more than the body."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )


def index_object(obj):
    kind, title, body = document_fields(obj)
    document, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults={"title": title, "body": body}
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(vector=weighted_vector())
    store_terms(terms_of(title, body))


def remove_object(obj):
    kind = document_fields(obj)[0]
    SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def _deleted(sender, instance, **kwargs):
    remove_object(instance)


INDEXED = ("faq.Question", "articles.Post", "pages.Page")


def connect_signals():
    for label in INDEXED:
        post_save.connect(_saved, sender=label, dispatch_uid=f"search-index-{label}")
        post_delete.connect(_deleted, sender=label, dispatch_uid=f"search-unindex-{label}")


def rebuild_index(batch_size=2000):
    """Rebuild every document from the stored content in bulk: for data loaded without
    signals (bulk imports, the benchmarks) or an index created after the content."""
    from articles.models import Post
    from faq.models import Question
    from pages.models import Page

    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()  # words no text uses any more are no corrections
    sources = [
        Question.objects.only("pk", "question", "answer_html"),
        Post.objects.only("pk", "title", "summary", "body_html"),
        Page.objects.only("pk", "title", "summary", "body_html"),
    ]
    words = set()
    for queryset in sources:
        batch = []
        for obj in queryset.iterator(chunk_size=batch_size):
            kind, title, body = document_fields(obj)
            batch.append(SearchDocument(kind=kind, object_id=obj.pk, title=title, body=body))
            words.update(terms_of(title, body))
            if len(batch) >= batch_size:
                SearchDocument.objects.bulk_create(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        SearchDocument.objects.update(vector=weighted_vector())
    store_terms(words, batch_size)
    # Fresh statistics, so the planner knows the new sizes straight away.
    with connection.cursor() as cursor:
        for table in ("search_searchdocument", "search_searchterm", "faq_question"):
            cursor.execute(f"ANALYZE {table}")
    return SearchDocument.objects.count()
