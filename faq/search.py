"""Find FAQ questions for a reader's query. The query is plain text, never syntax."""

import re

from django.db.models import Q

from .models import Question

MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "should",
        "the",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    ]
)


def clean_query(raw):
    """Length-capped, NUL-free, whitespace-folded text of the reader's query."""
    text = (raw or "").replace("\x00", " ")[:MAX_QUERY_LENGTH]
    return " ".join(text.split())


def terms(query):
    words = [w.lower() for w in _WORD.findall(query)]
    return [w for w in words if w not in _STOPWORDS] or words


def search_questions(query):
    """Published questions matching any term, those matching in the question first."""
    words = terms(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(question__icontains=word) | Q(answer__icontains=word)
    candidates = Question.objects.published().filter(condition)

    def score(question):
        q_text, a_text = question.question.lower(), question.answer.lower()
        return sum(3 * (w in q_text) + (w in a_text) for w in words)

    return sorted(candidates, key=lambda q: (-score(q), q.topic.order, q.order, q.pk))
