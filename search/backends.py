"""The two search engines behind one interface, chosen by the database in use:
SQLite FTS5 (bm25, highlight, snippet) and PostgreSQL full-text search (weighted vector,
GIN, websearch parsing, SearchRank, SearchHeadline). Both take the same plan and return
the same things: rank() gives candidates best first; mark() gives, for the ones shown,
the title and an excerpt with MARK_START/MARK_END around each match."""

from dataclasses import dataclass

from django.db import connection

from .models import SearchDocument, SearchTerm
from .query import similarity

MARK_START, MARK_END = "\ue000", "\ue001"
MIN_SIMILARITY = 0.4
EXCERPT_WORDS = 28


@dataclass
class Candidate:
    document_id: int
    object_id: int
    score: float  # the engine's own: higher is better
    title: str


def known_words(words):
    return set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))


class SQLiteBackend:
    name = "sqlite-fts5"

    @staticmethod
    def match_expression(plan):
        concepts = " OR ".join(
            f'"{" ".join(alt)}"' for concept in plan.concepts for alt in concept.alternatives
        )
        expression = f"({concepts})"
        for word in plan.excluded:
            expression += f' NOT "{word}"'
        return expression

    def rank(self, kind, plan, visible, limit):
        match = self.match_expression(plan)
        visible_sql, visible_params = visible.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id, d.object_id, -bm25(search_document_fts, 4.0, 1.0) AS score, "
                "d.title FROM search_document_fts JOIN search_searchdocument d "
                "ON d.id = search_document_fts.rowid "
                f"WHERE search_document_fts MATCH %s AND d.kind = %s AND d.object_id IN "
                f"({visible_sql}) ORDER BY score DESC, d.id LIMIT %s",
                [match, kind, *visible_params, limit],
            )
            return [Candidate(*row) for row in cursor.fetchall()]

    def mark(self, plan, rowids):
        """Highlights only for the rows shown, not for every match."""
        match = self.match_expression(plan)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(search_document_fts, 0, %s, %s), "
                "snippet(search_document_fts, 1, %s, %s, ' … ', %s) "
                "FROM search_document_fts WHERE search_document_fts MATCH %s AND rowid IN "
                f"({', '.join(['%s'] * len(rowids))})",
                [MARK_START, MARK_END, MARK_START, MARK_END, EXCERPT_WORDS, match, *rowids],
            )
            return {row[0]: row[1:] for row in cursor.fetchall()}

    def similar_words(self, word):
        grams = [g.strip() for g in _inner_trigrams(word)]
        if not grams:
            return []
        match = " OR ".join(f'"{g}"' for g in grams)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_term_trigram WHERE search_term_trigram MATCH %s "
                "ORDER BY rank LIMIT 40",
                [match],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        return best_matches(word, candidates)


class PostgresBackend:
    name = "postgresql"

    @staticmethod
    def tsquery(plan):
        from django.contrib.postgres.search import SearchQuery

        query = None
        for concept in plan.concepts:
            for alt in concept.alternatives:
                text = " ".join(alt)
                part = SearchQuery(
                    f'"{text}"' if len(alt) > 1 else text, search_type="websearch", config="english"
                )
                query = part if query is None else query | part
        for word in plan.excluded:
            query &= ~SearchQuery(word, search_type="websearch", config="english")
        return query

    def rank(self, kind, plan, visible, limit):
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F

        query = self.tsquery(plan)
        rows = (
            SearchDocument.objects.filter(kind=kind, object_id__in=visible.values("pk"))
            .filter(vector=query)
            .annotate(score=SearchRank(F("vector"), query, weights=[0.1, 0.2, 0.4, 1.0]))
            .order_by("-score", "pk")
            .values_list("pk", "object_id", "score", "title")[:limit]
        )
        return [Candidate(*row) for row in rows]

    def mark(self, plan, pks):
        from django.contrib.postgres.search import SearchHeadline

        query = self.tsquery(plan)
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": "english"}
        return {
            pk: (title, excerpt)
            for pk, title, excerpt in SearchDocument.objects.filter(pk__in=pks)
            .annotate(
                title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
                excerpt=SearchHeadline(
                    "body",
                    query,
                    max_words=EXCERPT_WORDS,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .values_list("pk", "title_marked", "excerpt")
        }

    def similar_words(self, word):
        from django.contrib.postgres.search import TrigramSimilarity

        candidates = list(
            SearchTerm.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:40]
        )
        return best_matches(word, candidates)


def _inner_trigrams(word):
    return {word[i : i + 3] for i in range(len(word) - 2)}


def best_matches(word, candidates):
    """The indexed words nearest to a misspelt one, by the same measure on both backends."""
    scored = sorted(
        ((similarity(word, c), c) for c in candidates if c != word),
        key=lambda pair: (-pair[0], pair[1]),
    )
    if not scored or scored[0][0] < MIN_SIMILARITY:
        return []
    # Near-ties only: "strech" means stretch, not also stress.
    return [c for score, c in scored if score >= scored[0][0] - 0.05]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
