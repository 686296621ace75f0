"""Turn what a reader typed into a search plan both databases run the same way.

A plan is a list of *concepts*, each a set of alternatives (a word or a phrase): the
reader's own word, its synonyms (search.Synonym, both ways) and, for a word the site has
never used, the nearest words it has (typos). Concepts are ORed and ranked, so a question
matching more of the reader's concepts, in its question text especially, comes first.
Web-search syntax is understood: "quoted phrases", -excluded words, and OR (the default).
"""

import functools
import re
import threading
from dataclasses import dataclass, field

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_CONCEPTS = 12
MAX_CORRECTED_WORDS = 3
# Shorter words are little ones, or abbreviations ("gp"): never read as typos.
SHORTEST_CORRECTED = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000-\uf8ff]")
# "A&E" is one word to readers (and a synonym of emergency), not "a" and "e".
_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_EXCLUDED = re.compile(r"(?:^|\s)-([^\W_]+)", re.UNICODE)
# What is left of a contraction: "can't" is read as "can" and "t", and readers type "cant".
CONTRACTIONS = frozenset(
    ["t", "s", "m", "d", "ll", "ve", "re", "don", "doesn", "didn", "isn", "aren", "wasn",
     "weren", "hasn", "haven", "hadn", "won", "shouldn", "wouldn", "couldn", "cant", "dont",
     "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt",
     "wont", "shouldnt", "wouldnt", "couldnt", "im", "ive", "youre", "theyre", "thats"]
)  # fmt: skip
# The verbs a question is put in ("how do I know if", "does it seem", "do I need to"): no
# text is about them, and as words the site never used they were "corrected" (know: knot).
QUESTION_VERBS = frozenset(
    ["know", "knows", "seem", "seems", "think", "want", "wants", "need", "needs"]
)
QUESTION_WORDS = CONTRACTIONS | QUESTION_VERBS
STOPWORDS = QUESTION_WORDS | frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "go",
        "going",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        # Nearly every answer says "not" or "no": as search words they find everything,
        # and a slip is never meant as one ("nots" is knots).
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "until",
        "up",
        "us",
        "very",
        # A comparison's connective: no text says "vs", so none would hold every word.
        "versus",
        "vs",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
    ]
)


class _PerThread(threading.local):
    """A snowball stemmer keeps the word it is working on in itself: one per thread."""

    def __init__(self):
        self.stemmer = snowballstemmer.stemmer("english")


_per_thread = _PerThread()


def clean_query(raw):
    """Length-capped text without NULs, control or private-use characters."""
    text = _CONTROL.sub(" ", (raw or "")[: MAX_QUERY_LENGTH * 2])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words_of(text):
    return [w.lower() for w in _WORD.findall(text)]


@functools.lru_cache(maxsize=100_000)
def stem(word):
    return _per_thread.stemmer.stemWord(word)


def stems(words):
    return tuple(stem(w) for w in words)


@dataclass
class Concept:
    alternatives: list = field(default_factory=list)  # tuples of words; the first is the reader's
    # Typed as one word with the previous concept's ("neckpain"): a text must have both.
    with_previous: bool = False

    def add(self, words):
        words = tuple(words)
        if words and words not in self.alternatives:
            self.alternatives.append(words)


@dataclass
class Plan:
    concepts: list
    excluded: list
    corrections: dict  # misspelt word -> the word searched instead
    understood: frozenset = frozenset()  # words no text uses that synonyms explain

    def __bool__(self):
        return bool(self.concepts)

    def groups(self, every_concept=False):
        """The concepts in groups a text must match whole: all in one when every concept is
        asked for; else each on its own, but words the reader ran together go as one."""
        if every_concept:
            return [self.concepts]
        groups = []
        for concept in self.concepts:
            if concept.with_previous and groups:
                groups[-1].append(concept)
            else:
                groups.append([concept])
        return groups


def find_run(haystack, needle, start=0):
    """Where `needle` first runs in `haystack` (sequences of words or of stems) from `start`,
    or None."""
    n = len(needle)
    return next(
        (i for i in range(start, len(haystack) - n + 1) if haystack[i : i + n] == needle), None
    )


def parse(query):
    """(phrases, words, excluded) from the reader's text; unbalanced quotes are ignored."""
    phrases = [words_of(p) for p in _PHRASE.findall(query)]
    rest = _PHRASE.sub(" ", query)
    excluded = words_of(" ".join(_EXCLUDED.findall(rest)))
    rest = _EXCLUDED.sub(" ", rest)
    words = [w for w in words_of(rest) if w != "or"]
    return [p for p in phrases if p], meaningful(words), excluded


def meaningful(words):
    """The words that say what is sought: all but the little ones, unless that is all."""
    kept = [w for w in words if w not in STOPWORDS]
    return kept or list(words)


def synonym_key(words):
    """Synonyms are recognised by their meaningful stems, as the reader's words are kept:
    "crick in the neck" is typed, and looked up, as "crick neck"."""
    return stems(meaningful(words))


def build_plan(query, synonym_groups, known_words, similar_words, keep=frozenset()):
    """synonym_groups: lists of terms; known_words(words) -> set of words the index has;
    similar_words(word, understood) -> what a word the index lacks may mean, best first;
    keep: words never corrected."""
    phrases, words, excluded = parse(query)
    groups = [[tuple(words_of(term)) for term in group] for group in synonym_groups]
    by_stems = {}
    for group in groups:
        for term in group:
            by_stems.setdefault(synonym_key(term), []).append(group)

    concepts = []
    for phrase in phrases:
        concept = Concept()
        concept.add(phrase)
        _add_synonyms(concept, phrase, by_stems)
        concepts.append(concept)

    known = known_words(words)
    # A synonym is a word the site understands, though no text may use it ("backache":
    # "ache" is a synonym of sore).
    understood = frozenset(term for group in synonym_groups for term in group if " " not in term)
    corrections = {}
    run_together = set()  # where the second of two words typed as one now stands
    i = 0
    while i < len(words):
        concept, used = Concept(with_previous=i in run_together), 1
        # The longest synonym phrase starting here ("trigger point", "pins and needles").
        for length in (4, 3, 2):
            chunk = words[i : i + length]
            if len(chunk) == length and (term := synonym_named(chunk, by_stems)):
                concept.add(chunk)
                _add_synonyms(concept, term, by_stems)
                used = length
                break
        else:
            word = words[i]
            concept.add([word])
            _add_synonyms(concept, [word], by_stems)
            if (
                word not in known
                and word not in understood  # staff listed it: it means what it says
                and word not in keep
                and len(word) >= SHORTEST_CORRECTED
                and not word.isdigit()
                and len(corrections) < MAX_CORRECTED_WORDS
            ):
                nearest = similar_words(word, understood)[:2]
                if nearest and " " in nearest[0] and len(concept.alternatives) == 1:
                    # Two words run together ("neckpain"): read as if typed apart, each a
                    # concept with its synonyms (a phrase would miss "pain in the neck"),
                    # and a text must have both ("earache" is no ear and no ache).
                    corrections.setdefault(word, nearest[0])
                    words[i : i + 1] = apart = nearest[0].split()
                    known |= set(apart)
                    run_together.add(i + 1)
                    continue
                # The site uses the word in another form ("help" for "helping"): stemming
                # finds it already, and it was no typo.
                if any(stem(better) == stem(word) for better in nearest):
                    nearest = []
                for better in nearest:  # a word, or two run together ("back pain")
                    corrections.setdefault(word, better)
                    concept.add(words_of(better))
                    _add_synonyms(concept, words_of(better), by_stems)
                if nearest and stem(word) in STOPWORDS:
                    # As typed, the slip would be searched as that little word ("nots" as
                    # not), which nearly every text holds.
                    concept.alternatives.remove((word,))
        concepts.append(concept)
        i += used
    return Plan(concepts[:MAX_CONCEPTS], excluded[:MAX_CONCEPTS], corrections, understood)


def synonym_named(words, by_stems):
    """The synonym term the reader's words name, if any: a phrase ("trigger point"), or two
    words that are one term typed apart ("pain killers": painkiller)."""
    for term in (words, ["".join(words)] if len(words) == 2 else None):
        if term and stems(term) in by_stems:
            return term
    return None


def _add_synonyms(concept, words, by_stems):
    for group in by_stems.get(synonym_key(words), []):
        for term in group:
            concept.add(term)


@functools.lru_cache(maxsize=10_000)
def trigrams(word):
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a, b):
    """pg_trgm's similarity(): shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb)


def sound_of(word):
    """A word as it sounds, for the spellings that share few letters in a row with it:
    "exersize", "excercize" and "exercise" all read "exersise"; "headake" and "headache"
    read "headake" ("ch" is read "k" as in ache: a reader who hears "ch" elsewhere spells
    it "ch", a neighbour in spelling). Each indexed word's sound is stored
    (SearchTerm.sound): after a change here, `manage.py rebuild_search_index` stores them
    again."""
    # Letters not heard at the start of a word: "nots" is knots, "rist" wrist.
    word = re.sub(r"^(?:k(?=n)|g(?=n)|w(?=r)|p(?=s))", "", word)
    word = word.replace("ph", "f").replace("ch", "k")
    word = re.sub(r"(?<=x)c(?=[eiy])", "", word)  # "exce" sounds "exe"
    word = re.sub(r"c(?=[eiy])", "s", word)
    word = re.sub(r"t(?=ion)", "s", word)
    word = word.replace("c", "k").replace("z", "s").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", word)
