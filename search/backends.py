"""The two search engines behind one interface, chosen by the database in use:
SQLite FTS5 (bm25, highlight, snippet) and PostgreSQL full-text search (weighted vector,
GIN, websearch parsing, SearchRank, SearchHeadline). Both take the same plan and return
the same things: rank() gives candidates best first (visible or not: the caller filters
them through the model's own published() queryset); mark() gives, for the ones shown,
the title and an excerpt with MARK_START/MARK_END around each match."""

import functools
import operator
from dataclasses import dataclass
from string import ascii_lowercase

from django.db import connection
from django.db.models import Q
from rapidfuzz.distance import OSA

from .english import is_english
from .models import SearchDocument, SearchTerm
from .query import STOPWORDS, Plan, similarity, sound_of, stem

MARK_START, MARK_END = "\ue000", "\ue001"
# At most this many matches are scored per query. Only a vague query on a very large FAQ
# has more; the engine then asks for every concept first (engine.ranked), which narrows it.
SCORED_MATCHES = 1000
MIN_SIMILARITY = 0.4
# Indexed words sharing a typed word's first letters, read to find its other forms.
OTHER_FORMS_LOOKED_AT = 1000
EXCERPT_WORDS = 28
# The shortest part of two words typed as one that is looked up ("backpain").
RUN_TOGETHER_PART = 3
RUN_TOGETHER_LONGEST_PART = 15
# Words this short are corrected only by exact lookups: a swap or a letter left out.
SHORT_WORD = 3


@dataclass
class Candidate:
    document_id: int
    object_id: int
    score: float  # the engine's own: higher is better
    title: str
    complete: bool = False  # has every concept of the query


def indexed_words(words):
    """The words the index holds exactly as given."""
    return set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))


def _starting_with(prefix):
    """Indexed words starting with `prefix`, as a range the word index serves on both
    databases (SQLite reads every row for LIKE 'prefix%')."""
    return Q(word__gte=prefix, word__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def known_words(words):
    """The words the site uses, as typed or in another form with the same stem ("waking":
    the FAQ says "wake"); stemming finds those, so they are no typos. The other forms are
    looked up (one more query) only for words not indexed as typed."""
    known = indexed_words(words)
    return known | known_in_other_forms(set(words) - known)


def known_in_other_forms(words):
    """Those of `words` (none indexed as typed) the index holds in another form."""
    # A little word has no other forms: "nots" is no plural of "not" but a slip for knots.
    unknown = {word: stem(word) for word in words if word and stem(word) not in STOPWORDS}
    if not unknown:
        return set()
    starts = functools.reduce(operator.or_, map(_starting_with, set(unknown.values())))
    forms = SearchTerm.objects.filter(starts).values_list("word", flat=True)
    found = {stem(form) for form in forms[:OTHER_FORMS_LOOKED_AT]}
    return {word for word, word_stem in unknown.items() if word_stem in found}


def remembered(lookup):
    """`lookup` (words -> the ones the site uses) for one search, each word looked up once:
    the safety notices and the plan both ask about the words typed."""
    seen = {}

    def remembering(words):
        new = {word for word in words if word not in seen}
        if new:
            found = lookup(new)
            seen.update((word, word in found) for word in new)
        return {word for word in words if seen[word]}

    return remembering


class Backend:
    """What both engines do alike; each finds its nearest words by trigrams its own way."""

    def similar_words(self, word, understood=frozenset()):
        """What a word the site never uses may mean, best first: two words it uses (or
        `understood`, such as synonyms) typed without the space between them ("backpain":
        "back pain"), else a neighbour swap or, in a short word, a letter left out ("nek":
        neck), else the nearest words by trigrams. The first two are one exact lookup."""
        # A real word is meant as typed ("driving" is no slip for drinking), unless it is two
        # words the site uses run together ("backache").
        typo = not is_english(word)
        splits = halves_of(word)
        slips = (swaps_of(word) | missing_letter_of(word)) if typo else set()
        parts = {part for split in splits for part in split}
        indexed = indexed_words(slips | parts) | (parts & understood)
        together = run_together(splits, indexed)
        if together or not typo:
            return together
        exact = sorted(slips & indexed)
        if exact or len(word) <= SHORT_WORD:  # too few letters for a word merely near it
            return exact
        return best_matches(word, self.nearest_by_trigrams(word)) or sounding_like(word)


class SQLiteBackend(Backend):
    name = "sqlite-fts5"

    @staticmethod
    def index_for(kind):
        """Each kind has its own FTS5 index (migration 0004): a search for questions never
        reads, let alone scores, the posts, however many there are of either."""
        if kind not in SearchDocument.Kind.values:
            raise ValueError(f"unknown kind of document: {kind!r}")
        return f"search_{kind}_fts"

    @staticmethod
    def match_expression(plan, every_concept=False):
        def either(concept):
            return "(" + " OR ".join(f'"{" ".join(a)}"' for a in concept.alternatives) + ")"

        groups = [
            "(" + " AND ".join(map(either, group)) + ")" for group in plan.groups(every_concept)
        ]
        expression = "(" + " OR ".join(groups) + ")"
        for word in plan.excluded:
            expression += f' NOT "{word}"'
        return expression

    def rank(self, kind, plan, limit, every_concept=False):
        index = self.index_for(kind)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH scored AS MATERIALIZED (SELECT rowid AS id, -bm25({index}, 4.0, 1.0) "  # noqa: S608 - index_for() allows only known names
                f"AS score FROM {index} WHERE {index} MATCH %s LIMIT %s) "
                "SELECT d.id, d.object_id, scored.score, d.title FROM scored "
                "JOIN search_searchdocument d ON d.id = scored.id "
                "ORDER BY scored.score DESC, d.id LIMIT %s",
                [self.match_expression(plan, every_concept), SCORED_MATCHES, limit],
            )
            return [Candidate(*row) for row in cursor.fetchall()]

    def holds_each(self, kind, plan):
        """Whether some text of `kind` holds each of the plan's concepts, in one query."""
        index = self.index_for(kind)
        held = f"EXISTS (SELECT 1 FROM {index} WHERE {index} MATCH %s)"  # noqa: S608 - as above
        alone = [self.match_expression(Plan([concept], [], {})) for concept in plan.concepts]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join([held] * len(alone)), alone)
            return [bool(found) for found in cursor.fetchone()]

    def mark(self, kind, plan, rowids):
        """Highlights only for the rows shown, not for every match."""
        index = self.index_for(kind)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, highlight({index}, 0, %s, %s), "  # noqa: S608 - as above
                f"snippet({index}, 1, %s, %s, ' … ', %s) "
                f"FROM {index} WHERE {index} MATCH %s AND rowid IN "
                f"({', '.join(['%s'] * len(rowids))})",
                [
                    MARK_START,
                    MARK_END,
                    MARK_START,
                    MARK_END,
                    EXCERPT_WORDS,
                    self.match_expression(plan),
                    *rowids,
                ],
            )
            return {row[0]: row[1:] for row in cursor.fetchall()}

    @staticmethod
    def nearest_by_trigrams(word):
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
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend(Backend):
    name = "postgresql"

    def rank(self, kind, plan, limit, every_concept=False):
        sql, params = compiled(plan, _ranking, every_concept)
        # Each concept's rank is weighed by how rare it is among the matches (inverse
        # document frequency, as bm25 does on SQLite; ts_rank counts a word nearly every
        # text holds as much as one few do), the rarest held 1: texts holding every concept
        # keep their plain ranks, comparable with the other tier's. Scored in the same pass
        # that finds the matches (the vector is read once), then only the best `limit` are
        # sorted out.
        #
        # ts_rank divides an OR query's rank by the number of words in it: a concept with
        # synonyms ("slouching or posture or …", 4 words) ranked a text naming one of them at
        # a quarter of what a one-word concept gives. Times that number, the words a text
        # holds add up, as bm25 adds them on SQLite. (Counted once per concept, not per row.)
        indices = range(len(plan.concepts))
        words = f"(SELECT {_OR_WORDS} FROM websearch_to_tsquery('english', %s) AS q)"
        held = ", ".join(f"count(*) FILTER (WHERE holds{i}) OVER () AS held{i}" for i in indices)
        rarity = [f"ln((matched + 1.0) / (held{i} + 0.5))" for i in indices]
        weighed = " + ".join(f"{rarity[i]} * rank{i} * {words}" for i in indices)
        rarest = ", ".join(f"CASE WHEN held{i} > 0 THEN {rarity[i]} END" for i in indices)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pk, object_id, ({weighed}) / GREATEST({rarest}) AS score, title FROM ("  # noqa: S608 - Django's own compiled SQL and params
                f"SELECT *, count(*) OVER () AS matched, {held} FROM ("
                f"SELECT * FROM ({sql}) AS found WHERE kind = %s LIMIT %s"
                ") AS matches) AS weighed ORDER BY score DESC, pk LIMIT %s",
                [*websearch_strings(plan)[: len(indices)], *params, kind, SCORED_MATCHES, limit],
            )
            return [Candidate(*row) for row in cursor.fetchall()]

    def holds_each(self, kind, plan):
        """Whether some text of `kind` holds each of the plan's concepts, in one query."""
        from django.contrib.postgres.search import SearchQuery

        held, params = [], []
        for words in websearch_strings(Plan(plan.concepts, [], {})):
            concept = SearchQuery(words, search_type="websearch", config="english")
            texts = SearchDocument.objects.filter(kind=kind, vector=concept).values("pk")[:1]
            sql, text_params = texts.query.sql_with_params()
            held.append(f"EXISTS ({sql})")
            params += text_params
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(held), params)
            return [bool(found) for found in cursor.fetchone()]

    def mark(self, kind, plan, pks):
        sql, params = compiled(plan, _marking)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM ({sql}) AS marked WHERE pk = ANY(%s)",  # noqa: S608 - as above
                [*params, list(pks)],
            )
            return {pk: (title, excerpt) for pk, title, excerpt in cursor.fetchall()}

    @staticmethod
    def nearest_by_trigrams(word):
        from django.contrib.postgres.search import TrigramDistance

        # Nearest first, straight from the GiST trigram index (pg_trgm's <-> operator).
        return list(
            SearchTerm.objects.annotate(distance=TrigramDistance("word", word))
            .order_by("distance")
            .values_list("word", flat=True)[:10]
        )


# How many words ts_rank divides a query's rank by: those of an OR ("a | b <-> c": 3; its
# nodes are the words and the operators between them), none for one word or one phrase.
_OR_WORDS = "CASE WHEN querytree(q) LIKE '%% | %%' THEN (numnode(q) + 1) / 2.0 ELSE 1 END"


def websearch_strings(plan):
    """The plan as PostgreSQL websearch queries: one per concept ('knot or "trigger
    point"'), then one of the excluded words, if any."""
    strings = [
        " or ".join(f'"{" ".join(a)}"' if len(a) > 1 else a[0] for a in concept.alternatives)
        for concept in plan.concepts
    ]
    if plan.excluded:
        strings.append(" or ".join(plan.excluded))
    return strings


def compiled(plan, build, every_concept=False):
    """(sql, params) of `build`'s queryset for this plan. Django's compiler costs more than
    PostgreSQL's search itself, and the SQL depends only on the plan's shape (how many
    concepts in each group a text must match whole, any excluded words): it is compiled
    once per shape, with placeholders where the reader's words go, put in its params."""
    strings = websearch_strings(plan)
    shape = tuple(len(group) for group in plan.groups(every_concept))
    sql, params = _compiled_shape(build, shape, bool(plan.excluded))
    words = dict(zip(_placeholders(len(strings)), strings, strict=True))
    return sql, [words.get(p, p) if isinstance(p, str) else p for p in params]


def _placeholders(count):
    # Private-use characters: parse() strips them from what readers type.
    return [f"\ue100{i}" for i in range(count)]


@functools.lru_cache(maxsize=256)
def _compiled_shape(build, shape, excluding):
    from django.contrib.postgres.search import SearchQuery

    *words, excluded = _placeholders(sum(shape) + 1)
    concepts = [SearchQuery(w, search_type="websearch", config="english") for w in words]
    parts = iter(concepts)
    groups = [functools.reduce(operator.and_, [next(parts) for _ in range(n)]) for n in shape]
    query = functools.reduce(operator.or_, groups)
    if excluding:
        query &= ~SearchQuery(excluded, search_type="websearch", config="english")
    return build(query, concepts).query.sql_with_params()


def _ranking(query, concepts):
    """The matches, with each concept's rank (`rank0`...) and whether it holds it
    (`holds0`...)."""
    from django.contrib.postgres.search import SearchRank
    from django.db.models import BooleanField, ExpressionWrapper, F

    ranks = {
        f"rank{i}": SearchRank(F("vector"), concept, weights=[0.1, 0.2, 0.4, 1.0])
        for i, concept in enumerate(concepts)
    }
    holds = {
        f"holds{i}": ExpressionWrapper(Q(vector=concept), output_field=BooleanField())
        for i, concept in enumerate(concepts)
    }
    return (
        SearchDocument.objects.filter(vector=query)
        .annotate(**ranks, **holds)
        .order_by()
        .values("pk", "object_id", "title", "kind", *ranks, *holds)
    )


def _marking(query, concepts):
    from django.contrib.postgres.search import SearchHeadline

    marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": "english"}
    return SearchDocument.objects.annotate(
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
    ).values_list("pk", "title_marked", "excerpt")


def halves_of(word):
    """Where a word may be two run together: both parts at least RUN_TOGETHER_PART letters
    long and no little words, so a misspelt word is not cut into "a" and the rest. Longer
    than two long words, it is no such thing, and is not looked at."""
    if len(word) > 2 * RUN_TOGETHER_LONGEST_PART:
        return []
    return [
        (word[:i], word[i:])
        for i in range(RUN_TOGETHER_PART, len(word) - RUN_TOGETHER_PART + 1)
        if word[:i] not in STOPWORDS and word[i:] not in STOPWORDS
    ]


def run_together(splits, indexed):
    """Two words the site uses that a reader typed as one (phones drop spaces: "backpain",
    "foamroller"), as "back pain". `indexed`: the parts indexed as typed; where only one
    part is, one more query looks for the other's forms ("shoulderblade": "blades")."""
    halves = {part for split in splits if len(set(split) & indexed) == 1 for part in split}
    known = indexed | known_in_other_forms(halves - indexed)
    return [f"{first} {second}" for first, second in splits if {first, second} <= known]


def swaps_of(word):
    """The word with two neighbouring letters swapped, each way ("pian": pain). Such a slip
    leaves a short word few trigrams in common with the one meant, so the nearest-trigram
    search misses it; looking each swap up is exact. Never a little word."""
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return swaps - {word} - STOPWORDS


def missing_letter_of(word):
    """A short word with the letter put back that a slip left out ("nek": neck, "hed":
    head). In a word of three letters that is a quarter of the word meant, and its trigrams
    share too little with it for the nearest-trigram search to offer it. Never a little
    word ("tha" is not "than")."""
    if len(word) > SHORT_WORD:
        return set()
    return {
        word[:i] + letter + word[i:] for i in range(len(word) + 1) for letter in ascii_lowercase
    } - STOPWORDS


def _inner_trigrams(word):
    return {word[i : i + 3] for i in range(len(word) - 2)}


def slips_allowed(word):
    """How many slips of the finger (a letter wrong, missing, extra, or two swapped) a typo
    is, at most: one in a short word, two in a longer one, as in Lucene's fuzzy "AUTO".
    Further than that it is another word ("headache" is not a typo of "head")."""
    return 1 if len(word) <= 5 else 2


def best_matches(word, candidates):
    """The indexed words nearest to a misspelt one, by the same measure on both backends."""
    limit = slips_allowed(word)
    # Never a little word: "shouldr" is "shoulder", not "should" (half the FAQ asks "How
    # should I...").
    candidates = [
        c
        for c in candidates
        if c not in STOPWORDS and OSA.distance(word, c, score_cutoff=limit) <= limit
    ]
    scored = sorted(
        ((similarity(word, c), c) for c in candidates if c != word),
        key=lambda pair: (-pair[0], pair[1]),
    )
    if scored and scored[0][0] >= MIN_SIMILARITY:
        # Near-ties only: "strech" means stretch, not also stress.
        return [c for score, c in scored if score >= scored[0][0] - 0.05]
    return []


def sounding_like(word):
    """The indexed word that reads aloud as `word` does, when no word is near it in
    spelling: one spelt as it sounds shares too few letters in a row with the word meant
    for the trigram search to offer it ("excersize": exercise). One indexed lookup; the
    nearest in spelling, and no more than one slip further than a typo may be."""
    limit = slips_allowed(word) + 1
    sounding = SearchTerm.objects.filter(sound=sound_of(word)).values_list("word", flat=True)
    scored = sorted(
        (OSA.distance(word, c, score_cutoff=limit), c)
        for c in sounding
        if c not in STOPWORDS and c != word
    )
    return [c for slips, c in scored if slips <= limit][:1]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
