"""What the FAQ page calls: the reader's query in, ranked and highlighted results out."""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knotsite.markup import plain_text

from .backends import MARK_END, MARK_START, backend, known_words, remembered
from .models import SafetyNotice, Synonym
from .query import Plan, build_plan, clean_query, find_run, parse, stem, stems, words_of

QUESTION_LIMIT = 20
POST_LIMIT = 5
PAGE_LIMIT = 3
# How many of the engine's best are re-ranked, per result shown.
RERANK_DEPTH = 3
# A title with the reader's own words in the order they typed them says what they asked.
IN_ORDER_BONUS = 0.5


@dataclass
class Result:
    object: object
    title_html: str
    excerpt_html: str
    score: float
    complete: bool = True  # holds every concept of the query, not only some
    document_id: int = 0  # in the engine's index


@dataclass
class Results:
    questions: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)  # where to get help now (SafetyNotice)
    more_questions: bool = False  # more matched than QUESTION_LIMIT shows
    # The site's own pages (About, a privacy notice) holding every word; never only some.
    pages: list = field(default_factory=list)
    # The kind of text shown before the questions holding some of the words, when only an
    # article ("post") or a page answers; "" when the questions come first.
    first: str = ""
    words_asked: int = 0  # the concepts of the query: "all of" one word reads wrong

    @property
    def article_first(self):
        return self.first == "post"

    @property
    def page_first(self):
        return self.first == "page"

    @property
    def complete_questions(self):
        """How many of the questions shown hold every word asked about (or its synonym or
        correction); the others hold only some, and are no answer to the whole question."""
        return sum(result.complete for result in self.questions)

    @property
    def partial_questions(self):
        return len(self.questions) - self.complete_questions

    @property
    def complete_posts(self):
        return sum(result.complete for result in self.posts)

    @property
    def found_any(self):
        return bool(self.questions or self.posts or self.pages)

    @property
    def answered(self):
        """Some question, article or page holds every word asked about."""
        return any(result.complete for result in self.questions + self.posts + self.pages)


def search_path(query):
    """The address of the search for `query`: the FAQ page that shows its results."""
    return f"{reverse('faq:index')}?{urlencode({'q': query})}"


def marked_html(text):
    """Escape the database's text, then turn its match markers into <mark> elements."""
    return mark_safe(  # noqa: S308 - escaped first; only our own markers become tags
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def plan_for(query, engine=None, keep=frozenset(), known=known_words):
    """keep: words meant as typed, never corrected into another word."""
    engine = engine or backend()
    groups = [synonym.term_list() for synonym in Synonym.objects.all()]
    return build_plan(query, groups, known, engine.similar_words, keep)


def rerank(candidates, plan):
    """Both engines score each matching word on its own, so a text that repeats many
    synonyms of one idea can beat one that answers every part of the question. Put first
    the texts with every concept and the titles that cover more of them (a concept counting
    as it is rare among these titles), then the engine's order."""
    if not candidates:
        return []
    best = max(c.score for c in candidates) or 1.0

    concepts = concept_stems(plan)
    titles = [stems(words_of(c.title)) for c in candidates]
    weights = title_rarity(concepts, titles)

    def coverage(title_stems):
        total = 0.0
        for (own, *others), weight in zip(concepts, weights, strict=True):
            if _contains(title_stems, own):
                total += weight
            elif _holds(title_stems, others):
                total += 0.8 * weight  # the reader's own words count for more than a synonym
        if len(concepts) > 1 and _in_order(title_stems, [own for own, *_ in concepts]):
            total += IN_ORDER_BONUS
        return total

    ranked = sorted(
        zip(candidates, titles, strict=True),
        key=lambda pair: -(pair[0].complete + coverage(pair[1]) + pair[0].score / best),
    )
    return [candidate for candidate, _ in ranked]


def concept_stems(plan):
    """Each concept's alternatives (the reader's word, its synonyms), stemmed."""
    return [[stems(alt) for alt in concept.alternatives] for concept in plan.concepts]


def title_rarity(concepts, titles):
    """How much naming each concept says of a title, the rarest 1.0: its inverse document
    frequency among `titles`, the matches' (as PostgreSQL's ranking weighs words, and bm25
    SQLite's). "Stress and back pain": half the FAQ's titles name back pain; the one naming
    stress answers what was asked."""
    held = [sum(_holds(title, alts) for title in titles) for alts in concepts]
    rarity = [math.log((len(titles) + 1) / (n + 0.5)) for n in held]
    # A concept no title names sets no scale: it weighs nothing in any of them.
    rarest = max((r for r, n in zip(rarity, held, strict=True) if n), default=1.0)
    return [min(1.0, r / rarest) for r in rarity]


def _holds(title_stems, alternatives):
    return any(_contains(title_stems, alt) for alt in alternatives)


def _in_order(haystack, needles):
    """Every needle in the haystack, in the order given: "pain between shoulders" is in
    "pain between the shoulder blades", not in "avoid shoulder pain"."""
    start = 0
    for needle in needles:
        found = find_run(haystack, needle, start)
        if found is None:
            return False
        start = found + len(needle)
    return True


def _contains(haystack, needle):
    return find_run(haystack, needle) is not None


def ranked(visible, kind, plan, limit, engine, some_words=True):
    """The best `limit` results, and whether more than that matched. some_words=False: only
    texts holding every concept."""
    depth = limit * RERANK_DEPTH
    # Texts with every concept first: on a large FAQ that set is small and cheap to rank.
    # Only when it is short are texts with some of the concepts ranked too.
    candidates = engine.rank(kind, plan, depth, every_concept=True)
    for candidate in candidates:
        candidate.complete = True
    if some_words and len(candidates) < depth and len(plan.groups()) > 1:
        seen = {c.document_id for c in candidates}
        candidates += [c for c in engine.rank(kind, plan, depth) if c.document_id not in seen]
    # What the public may see is decided by the model's queryset, as everywhere else.
    objects = visible.in_bulk([c.object_id for c in candidates])
    candidates = rerank([c for c in candidates if c.object_id in objects], plan)
    more, candidates = len(candidates) > limit, candidates[:limit]
    if not candidates:
        return [], False
    marked = engine.mark(kind, plan, [c.document_id for c in candidates])
    results = [
        Result(
            objects[c.object_id],
            *map(marked_html, marked[c.document_id]),
            c.score,
            c.complete,
            c.document_id,
        )
        for c in candidates
        if c.document_id in marked
    ]
    return results, more


def search_site(query):
    from articles.models import Post
    from faq.models import Question
    from pages.models import Page

    engine = backend()
    # The words typed are looked up once, up front, for the notices and the plan alike.
    known = remembered(known_words)
    known(parse(query)[1])
    notices, named = SafetyNotice.objects.matching(query, known)
    plan = plan_for(query, engine, keep=named, known=known)
    if not plan:
        return Results(notices=notices)
    # Only what a result shows: the engine gives the marked title and excerpt itself.
    questions = (
        Question.objects.published()
        .only("slug", "answer_html", "topic__slug", "post_id")
        .with_live_article()
    )
    posts = Post.objects.published().select_related("category").only("slug", "category__path")
    questions, more_questions = ranked(questions, "question", plan, QUESTION_LIMIT, engine)
    posts, _ = ranked(posts, "post", plan, POST_LIMIT, engine)
    results = Results(
        questions,
        posts,
        notices=notices,
        more_questions=more_questions,
        words_asked=len(plan.concepts),
    )
    if not results.complete_questions:
        # What the FAQ cannot answer may be about the site itself: "privacy", "editorial
        # policy", "contact". A page holding only some of the words is no answer (every
        # page says "pain" somewhere).
        pages = Page.objects.only("slug", "title")
        results.pages, _ = ranked(pages, "page", plan, PAGE_LIMIT, engine, some_words=False)
    results.corrections = shown_corrections(plan, questions + posts + results.pages)
    if results.complete_questions or not (results.complete_posts or results.pages):
        return results
    article = next((post for post in results.posts if post.complete), None)
    page = results.pages[0] if results.pages else None
    # A text named for every word is the answer ("about us": the page "About us and our
    # editorial policy", though questions say "about" and one says "us"); else only one
    # holding a word no question holds.
    article_named = bool(article) and names_every_concept(article, plan)
    page_named = bool(page) and names_every_concept(page, plan)
    only_elsewhere = []
    if questions and not (article_named or page_named):
        only_elsewhere = words_no_question_answers(plan, questions[0], engine)
        if not only_elsewhere:
            return results  # the questions holding some of the words come first
    # An article before a page (pages say who we are, articles what to do), unless the page
    # is named for the words and the article only holds them: "contact" is the page "Contact
    # us", not the article saying "contact your doctor".
    page_first = bool(page) and not (article and (article_named or not page_named))
    results.first = "page" if page_first else "post"
    if only_elsewhere:
        answer = page if page_first else article
        show_where_it_answers(answer, results.first, only_elsewhere, engine)
    return results


def names_every_concept(result, plan):
    """Whether the result's title holds every concept of the plan."""
    title = stems(words_of(plain_text(result.title_html)))
    return all(_holds(title, alternatives) for alternatives in concept_stems(plan))


def words_no_question_answers(plan, best, engine):
    """The concepts asked about that no question holds ("theracane" in "theracane how to
    use"), when the best question holds at most one of them (the best says "use"): then an
    article or page holding every word is the only answer there is. None otherwise: a long
    article holds nearly every common word, and one holding "tingling", "down" and "arm" is
    no better answer than the question on tingling in the arm, which lacks only "down".
    (Unpublished questions count too: at worst the article stays below the questions, where
    articles go.)"""
    held = stems(words_of(f"{plain_text(best.title_html)} {plain_text(best.object.answer_html)}"))
    concepts = concept_stems(plan)
    if sum(_holds(held, alternatives) for alternatives in concepts) > 1:
        return []
    in_questions = engine.holds_each("question", plan)  # one query, only when it may be so
    return [c for c, in_one in zip(plan.concepts, in_questions, strict=True) if not in_one]


def show_where_it_answers(result, kind, concepts, engine):
    """The article's (or page's) excerpt around the words only it holds: "a Theracane", not
    the first "use" its text has."""
    marked = engine.mark(kind, Plan(concepts, [], {}), [result.document_id])
    if result.document_id in marked:
        result.excerpt_html = marked_html(marked[result.document_id][1])


def posts_about(words, limit=3):
    """Published posts holding every one of `words`, as the search finds them (typos
    corrected, synonyms), best first: what a link to an article in other words than its
    address ("upper-back-knots") meant."""
    from articles.models import Post

    if not words:  # nothing to look for: no query for the synonyms
        return []
    engine = backend()
    plan = plan_for(clean_query(words), engine)
    if not plan:
        return []
    posts, _ = ranked(Post.objects.published().for_listing(), "post", plan, limit, engine)
    return [result.object for result in posts if result.complete]


def notices_about(words):
    """The safety notices the words of a missing page's address name: a link to a deleted
    article on chest pain may be followed in the middle of one."""
    if not words:  # nothing to look for: no query for the notices
        return []
    return SafetyNotice.objects.matching(words, remembered(known_words))[0]


_MARKED = re.compile(r"<mark>(.*?)</mark>")


def shown_corrections(plan, results):
    """The corrections that found something shown. Words are corrected towards every text
    the index holds, drafts and since-deleted text included (what the public sees is decided
    afterwards, by the queryset), so a correction that found nothing visible would show a
    reader a word from unpublished text."""
    marked = {
        stem(word)
        for result in results
        for html in (result.title_html, result.excerpt_html)
        for word in words_of(" ".join(_MARKED.findall(html)))
    }

    def found(meant):  # every word shown, or a synonym no text uses ("back ache")
        words = words_of(meant)
        shown = [word for word in words if stem(word) in marked]
        return shown and all(word in shown or word in plan.understood for word in words)

    return {typed: meant for typed, meant in plan.corrections.items() if found(meant)}
