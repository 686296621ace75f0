"""Every public page runs a small, constant number of queries, however much content grows."""

import re

import pytest

from articles.models import Category
from faq.models import Question

from .conftest import SEED_URL

pytestmark = pytest.mark.django_db

# Every page reads the pages linked in its footer: one query.
FOOTER = 1
# A search the FAQ cannot answer whole is noted (search.models.UnansweredSearch): a short
# wait for locks set (and, on SQLite, set back), a savepoint and its release (in a test's
# transaction only), a look for searches months old to let go, an update; for a search not
# noted before, a count, an insert and the update again.
NOTED = 9

PAGES = {
    "home": ("/", 4 + FOOTER),
    # The categories along the path come from one query, for category and article pages.
    "category": ("/news/", 4 + FOOTER),
    "subcategory": ("/news/healthcare-blog/", 4 + FOOTER),
    "category page 2": ("/news/healthcare-blog/?page=2", 4 + FOOTER),
    # Related reading: tag links first, then the newest of the category.
    "article": (SEED_URL, 6 + FOOTER),
    # Every tag on a published post with its count; every author of one.
    "topics": ("/tags/", 1 + FOOTER),
    "authors": ("/authors/", 1 + FOOTER),
    # Every question with its topic, then the live articles they come from; a topic, then
    # its questions, then their live articles.
    "faq": ("/faq/", 2 + FOOTER),
    "faq topic": ("/faq/general/", 3 + FOOTER),
    # Safety notices, synonyms and known words; then, for questions and for posts: rank texts
    # with every concept, then with some, fetch the visible ones (and, for questions, the
    # live articles they come from), highlight the shown ones.
    "faq search": ("/faq/?q=knots+doctor", 12 + FOOTER),
    # ...and, for words not indexed as typed, one lookup of their other forms and one trigram
    # lookup per misspelt word (at most three), then, for one with no word near it in
    # spelling, one lookup by its sound ("sucidal" below). A three-letter slip ("nek") costs
    # its one exact lookup and no more. The notices' own typo check reuses the known-words
    # lookup ("tingeling" is close to "tingling", a notice word): no query more.
    # No question holds every word, so the site's pages are asked too (one query: those
    # holding every word; none here). So in the three cases below.
    "faq search with typos": ("/faq/?q=tingeling+shoulders+nek", 17 + FOOTER),
    # No question holds both words, the best holds one, and the article holds both: one query
    # more asks whether some word is in no question at all; it is, so the article comes
    # first, its excerpt marked again around that word (one query more).
    "faq search only an article answers": ("/faq/?q=theracane+how+to+use", 15 + FOOTER),
    # Both halves in one group: the every-concept tier alone, no OR tier to add.
    "faq search, two words typed as one": ("/faq/?q=backpain", 11 + FOOTER),
    "faq search naming an emergency": ("/faq/?q=chest+pian+sucidal", 18 + FOOTER + NOTED),
    # Only a page of the site holds the word: no question or post holds it (one rank each),
    # then the pages holding it, the visible ones, their highlights; no question at all, so
    # the page's own excerpt stands (no query to mark it again).
    "faq search only a page answers": ("/faq/?q=privacy", 8 + FOOTER),
}


def grow(make_post, make_question, demo, n=30):
    for i in range(n):
        post = make_post(title=f"Grown {i}")
        make_question(question=f"Grown question {i} about knots?", answer="knots", post=demo)
        make_question(question=f"Other {i}?", answer="knots and a doctor", post=post)


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_small_and_constant(
    name, client, settings, demo, make_post, make_question, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # count the work of building the page
    url, budget = PAGES[name]
    make_post(title="Seed for page 2")
    grow(make_post, make_question, demo, n=10)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    grow(make_post, make_question, demo, n=30)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_a_cached_page_runs_no_query(client, demo, django_assert_num_queries):
    client.get(SEED_URL)
    with django_assert_num_queries(0):
        assert client.get(SEED_URL)["X-Page-Cache"] == "hit"


ADMIN_LISTS = ["/admin/articles/post/", "/admin/articles/category/", "/admin/faq/question/"]


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_admin_lists_run_a_constant_number_of_queries(
    url, admin_client, demo, blog, make_post, make_question, django_assert_max_num_queries
):
    """A category's name is its path ("News › Healthcare Blog"): a list showing categories
    must not look up each one's parents row by row."""

    def grow(n):
        for i in range(n):
            child = Category.objects.create(parent=blog, name=f"Sub {n} {i}", slug=f"sub-{n}-{i}")
            make_post(title=f"Grown {n} {i}", category=child)
            make_question(question=f"Grown {n} {i}?")

    grow(3)
    admin_client.get(url)  # the session and the user's permissions, once
    # 15: the list itself, plus renewing the staff session (SESSION_SAVE_EVERY_REQUEST) and
    # asking whether this editor turned two-step sign-in on (knotsite/two_step.py).
    with django_assert_max_num_queries(15) as few:
        assert admin_client.get(url).status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200


def test_the_post_change_page_runs_a_constant_number_of_queries(
    admin_client, demo, make_question, django_assert_max_num_queries
):
    """Each FAQ question inline has a topic menu: the topics are read once, not per question."""
    url = f"/admin/articles/post/{demo.pk}/change/"
    admin_client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert admin_client.get(url).status_code == 200
    for i in range(10):
        make_question(question=f"Grown {i}?", post=demo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = admin_client.get(url).content.decode()
    # Each question still shows its own topic as chosen.
    chosen = re.findall(r'name="questions-\d+-topic".*?<option value="(\d+)" selected>', html, re.S)
    expected = Question.objects.filter(post=demo).order_by("order", "pk")
    assert sorted(map(int, chosen)) == sorted(q.topic_id for q in expected)
    assert len(set(chosen)) == 2


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # A bot's made-up address: the categories on the way, a post of that slug elsewhere
        # (a moved article is redirected), then the site's redirects (its site and its row).
        ("/wp-content/plugins/hello/", 4 + FOOTER),
        # ...at the root: the categories (none of that name), the slugs of the site's pages
        # (a handful), then the site's redirects.
        ("/wp-login/", 4 + FOOTER),
        # ...in a real category: the slugs named like it, then those articles, to suggest;
        # the safety notices, for the words of the address.
        ("/news/healthcare-blog/techniques-to-alleviate/", 7 + FOOTER),
        # ...an address holding no word (a date): the categories, a post of that slug, the
        # slugs named like it, the site's redirects; no search for words, nor notices.
        ("/news/healthcare-blog/2024-04-15/", 5 + FOOTER),
        # ...below an article: that article, to suggest.
        (f"{SEED_URL}print/", 5 + FOOTER),
        # An FAQ topic: that topic, the slugs of those shown, those named like it, the safety
        # notices; then the site's redirects (its site and its row).
        ("/faq/neck-and-shoulders/", 6 + FOOTER),
    ],
)
def test_a_page_not_found_runs_a_small_number_of_queries(
    url, budget, client, settings, demo, make_post, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for i in range(10):
        make_post(title=f"Techniques to alleviate {i}")
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 404
