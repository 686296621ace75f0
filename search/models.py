import logging
import re
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.utils import timezone

from knotsite.editing import VersionedModel
from knotsite.markup import CARE_LEVEL_LABELS, render_markdown, validate_markdown

from .query import MAX_QUERY_LENGTH, STOPWORDS, find_run, similarity, stem, words_of

log = logging.getLogger(__name__)


class SearchDocument(models.Model):
    """One searchable thing (an FAQ question, a blog post, a page of the site such as About)
    as plain text. Each database indexes it its own way (search/backends.py); whether the
    public may see the thing is still decided by its own model's queryset at query time."""

    class Kind(models.TextChoices):
        QUESTION = "question", "FAQ question"
        POST = "post", "Blog post"
        PAGE = "page", "Site page"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField()
    # PostgreSQL only: the weighted vector (title A, body B) behind a GIN index.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """Every word in the indexed text, for typo correction by trigram similarity, and by
    sound for a word spelt as it sounds ("excersize": exercise)."""

    word = models.CharField(max_length=60, unique=True)
    # search.query.sound_of(word). Nullable only so that adding it kept the table, and with
    # it SQLite's triggers that feed the trigram index (migration 0013).
    sound = models.CharField(max_length=60, null=True, db_index=True)  # noqa: DJ001

    def __str__(self):
        return self.word


class Synonym(VersionedModel):
    """Words and phrases a reader may use for the same thing, matched in both directions."""

    terms = models.CharField(
        max_length=300,
        unique=True,
        help_text="Comma-separated words or phrases that mean the same, for example: "
        "“knot, trigger point, muscle knot”.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self):
        return [term.lower() for term in comma_terms(self.terms)]


def comma_terms(text):
    """The words or phrases of a field that lists them (synonyms, safety notices), separated
    by commas or put one per line."""
    return [term.strip() for term in re.split(r"[,\n]", text) if term.strip()]


# A word typed in distress may be misspelt: a word of this length or more that the site never
# uses counts as a notice's word when it is this close to it (pg_trgm's similarity). Only
# words the site never uses: "overuse" (in the FAQ) is never read as "overdose".
NEAR_MIN_LENGTH = 5
NEAR_SIMILARITY = 0.45
# A notice stands above the results' h2 headings: headings in its message start at h3.
NOTICE_HEADINGS_FROM = 3


# A term in quotes, straight or curly, holds only for its words as written, together and in
# order.
_QUOTED = re.compile(r'\A["“”].*["“”]\Z', re.S)


class SafetyNoticeQuerySet(models.QuerySet):
    def matching(self, query, known_words):
        """The notices a search names, and the words of the query that named them (they are
        meant as typed: never corrected into another word). known_words(words) -> the
        words the search index holds."""
        words = words_of(query)
        typed = {stem(word): word for word in words}
        terms = [(notice, notice.term_words()) for notice in self]
        listed = {word for _, notice_terms in terms for term, _ in notice_terms for word in term}
        listed_stems = {stem(word) for word in listed}
        near = {}
        for typed_stem, word in typed.items():
            if len(word) >= NEAR_MIN_LENGTH and typed_stem not in listed_stems:
                close = [w for w in listed if similarity(word, w) >= NEAR_SIMILARITY]
                if close:
                    near[word] = close
        held = set(typed)
        if near:  # one query, only when a word typed is close to a listed one
            for word in set(near) - known_words(list(near)):
                held.update(stem(w) for w in near[word])
        found, named = [], set()

        def holds(term, together):
            if together:  # as written: by its stems "had a fit" is also "had a fitness test"
                return find_run(words, list(term)) is not None
            return {stem(word) for word in term} <= held

        for notice, notice_terms in terms:
            held_term = next((t for t, together in notice_terms if holds(t, together)), None)
            if held_term:
                found.append(notice)
                named.update(typed[s] for s in map(stem, held_term) if s in typed)
        return found, named


class SafetyNotice(VersionedModel):
    """Where to get help now, shown above the results of a search that names an emergency or
    a crisis ("chest pain", "overdose", "suicidal"): a reader may search a health site in the
    middle of one, and the FAQ may hold nothing that helps."""

    # The care levels of articles' callouts, labelled as they are there; most urgent first.
    LEVELS = [(level, CARE_LEVEL_LABELS[level]) for level in ("emergency", "urgent")]

    terms = models.CharField(
        max_length=4000,
        help_text="Words or phrases, one per line or comma-separated. The notice is shown "
        "when a search holds every word of one of them, in any order and form (“chest "
        "pains” for “chest pain”), "
        "or, for a word the site never uses, a close misspelling. List everyday forms too: "
        "“can't breathe, cant breathe”. A phrase in quotes shows the notice only for its "
        'words as written, together and in that order: “"having a fit"” (not “having a '
        "hard time fitting in exercise” or “had a fitness test”).",
    )
    level = models.CharField(max_length=10, choices=LEVELS, default="emergency")
    heading = models.CharField(max_length=200)
    message = models.TextField(help_text="Markdown.", validators=[validate_markdown])
    message_html = models.TextField(editable=False, default="")

    objects = SafetyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["level", "heading"]  # "emergency" sorts before "urgent"

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.message_html = self.render_message(self.message)
        super().save(*args, **kwargs)

    @staticmethod
    def render_message(message):
        return render_markdown(
            message, anchor_prefix="safety-notice--", top_heading=NOTICE_HEADINGS_FROM
        ).html

    def clean(self):
        if not self.term_words():
            raise ValidationError(
                {"terms": "List at least one word or phrase that shows this notice."}
            )
        little = [
            term
            for term in comma_terms(self.terms)
            if words_of(term) and set(words_of(term)) <= STOPWORDS
        ]
        if little:
            raise ValidationError(
                {
                    "terms": f"{' and '.join(f'“{t}”' for t in little)} "
                    f"{'is a word' if len(little) == 1 else 'are words'} nearly every search "
                    "holds: the notice would show on almost every search. Name the emergency "
                    "itself, as in “chest pain” or “overdose”."
                }
            )

    def term_words(self):
        """Each term's words, and whether they count only together and in that order (the
        term written in quotes: "having a fit", since "fit" is also fitness)."""
        terms = ((tuple(words_of(t)), bool(_QUOTED.match(t))) for t in comma_terms(self.terms))
        return [(words, together) for words, together in terms if words]


# A reader's search page never waits long on a writer (an editor's save, a reindex) to count
# the search: after this long the count is given up.
NOTE_WAIT_MS = 100


@contextmanager
def briefly_waiting_transaction():
    """A transaction that takes the locks it needs within NOTE_WAIT_MS or fails, instead of
    waiting the connection's usual while (20 s on SQLite, for editors' saves to queue)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {NOTE_WAIT_MS}")
            yield
        return
    # SQLite's transactions take the write lock as they begin (IMMEDIATE): wait less first.
    usual = round(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {NOTE_WAIT_MS}")
        try:
            with transaction.atomic():
                yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {usual}")


class UnansweredSearchQuerySet(models.QuerySet):
    def note(self, query, results):
        """Count a reader's search that found nothing, or only texts with some of its
        words: what the FAQ does not answer yet. Only the words are kept, never who searched,
        and only while they are searched for. A database that refuses the write costs the
        note, never the reader's page."""
        if results.answered:
            return
        words = " ".join(words_of(query))[:MAX_QUERY_LENGTH]
        if not words:
            return
        found = self.model.Found.SOME_WORDS if results.found_any else self.model.Found.NOTHING
        now = timezone.now()
        shown = bool(results.notices)
        count = {
            "times": F("times") + 1,
            "last_searched": now,
            "found": found,
            "notice_shown": shown,
        }
        try:
            with briefly_waiting_transaction():
                kept_since = now - timedelta(days=settings.UNANSWERED_SEARCHES_DAYS)
                self.filter(last_searched__lt=kept_since).delete()
                if self.filter(query=words).update(**count):
                    return
                self._make_room()
                # Two servers noting a new search at once: one row, and both counted.
                new = self.model(
                    query=words,
                    found=found,
                    notice_shown=shown,
                    first_searched=now,
                    last_searched=now,
                )
                self.bulk_create([new], ignore_conflicts=True)
                self.filter(query=words).update(**count)
        except DatabaseError as error:  # not the words: they may say who searched
            log.warning("Could not note an unanswered search: %s", error)

    def _make_room(self):
        """When full, let go of the searches made least often (once, by a bot trying
        made-up words, say), the longest ago first."""
        extra = self.count() - settings.UNANSWERED_SEARCHES_KEPT + 1
        if extra > 0:
            least = self.order_by("times", "last_searched").values_list("pk", flat=True)
            self.filter(pk__in=list(least[:extra])).delete()


class UnansweredSearch(models.Model):
    """A search readers made that the site could not answer whole (faq.views.index notes
    it): for Editors to answer, with a question or a synonym."""

    class Found(models.TextChoices):
        NOTHING = "nothing", "Nothing"
        SOME_WORDS = "some", "Only some of its words"

    query = models.CharField(max_length=MAX_QUERY_LENGTH, unique=True)
    found = models.CharField("what it found", max_length=10, choices=Found.choices)
    notice_shown = models.BooleanField(
        "showed a safety notice",
        default=False,
        help_text="Its results began with where to get help now (Safety notices): the last "
        "time it was searched, it named an emergency or a crisis.",
    )
    times = models.PositiveIntegerField(
        "times searched",
        default=0,
        help_text="Counted each time its results page was built: the same search again "
        "while that page is cached (up to ten minutes) counts once.",
    )
    first_searched = models.DateTimeField()
    last_searched = models.DateTimeField(db_index=True)

    objects = UnansweredSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-times", "-last_searched"]

    def __str__(self):
        return self.query
