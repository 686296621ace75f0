"""The two search engines behind one interface, chosen by the database in use:
SQLite FTS5 (bm25, highlight, snippet) and PostgreSQL full-text search (weighted vector,
GIN, websearch parsing, SearchRank, SearchHeadline). Both take the same plan and return
the same things: rank() gives candidates best first (visible or not: the caller filters
them through the model's own published() queryset); mark() gives, for the ones shown,
the title and an excerpt with MARK_START/MARK_END around each match."""

import functools
import operator
from dataclasses import dataclass

from django.db import connection

from .models import SearchDocument, SearchTerm
from .query import similarity

MARK_START, MARK_END = "\ue000", "\ue001"
# At most this many matches are scored per query. Only a vague query on a very large FAQ
# has more; the engine then asks for every concept first (engine.ranked), which narrows it.
SCORED_MATCHES = 2000
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
    def match_expression(plan, every_concept=False):
        concepts = [
            "(" + " OR ".join(f'"{" ".join(alt)}"' for alt in concept.alternatives) + ")"
            for concept in plan.concepts
        ]
        # Only the text columns: a reader's word "post" must not match the kind column.
        expression = (
            "{title body} : (" + (" AND " if every_concept else " OR ").join(concepts) + ")"
        )
        for word in plan.excluded:
            expression += f' NOT "{word}"'
        return expression

    def rank(self, kind, plan, limit, every_concept=False):
        match = f'kind:"{kind}" AND {self.match_expression(plan, every_concept)}'
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH scored AS MATERIALIZED (SELECT rowid AS id, "
                "-bm25(search_document_fts, 0.0, 4.0, 1.0) AS score FROM search_document_fts "
                "WHERE search_document_fts MATCH %s LIMIT %s) "
                "SELECT d.id, d.object_id, scored.score, d.title FROM scored "
                "JOIN search_searchdocument d ON d.id = scored.id "
                "ORDER BY scored.score DESC, d.id LIMIT %s",
                [match, SCORED_MATCHES, limit],
            )
            return [Candidate(*row) for row in cursor.fetchall()]

    def mark(self, plan, rowids):
        """Highlights only for the rows shown, not for every match."""
        match = self.match_expression(plan)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(search_document_fts, 1, %s, %s), "
                "snippet(search_document_fts, 2, %s, %s, ' … ', %s) "
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
    def tsquery(plan, every_concept=False):
        """One websearch query per concept ('knot or "trigger point"'), joined by AND or OR.
        Built once per plan: the expression tree is costly for Django to compile."""
        from django.contrib.postgres.search import SearchQuery

        cache = plan.__dict__.setdefault("_tsqueries", {})
        if every_concept in cache:
            return cache[every_concept]
        parts = [
            SearchQuery(
                " or ".join(f'"{" ".join(a)}"' if len(a) > 1 else a[0] for a in c.alternatives),
                search_type="websearch",
                config="english",
            )
            for c in plan.concepts
        ]
        query = functools.reduce(operator.and_ if every_concept else operator.or_, parts)
        if plan.excluded:
            excluded = " or ".join(plan.excluded)
            query &= ~SearchQuery(excluded, search_type="websearch", config="english")
        cache[every_concept] = query
        return query

    def rank(self, kind, plan, limit, every_concept=False):
        from django.contrib.postgres.search import SearchRank
        from django.db.models import F

        query = self.tsquery(plan, every_concept)
        matches = SearchDocument.objects.filter(kind=kind, vector=query).values("pk")
        rows = (
            SearchDocument.objects.filter(pk__in=matches[:SCORED_MATCHES])
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
        from django.contrib.postgres.search import TrigramDistance

        # Nearest first, straight from the GiST trigram index (pg_trgm's <-> operator).
        candidates = list(
            SearchTerm.objects.annotate(distance=TrigramDistance("word", word))
            .order_by("distance")
            .values_list("word", flat=True)[:10]
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
