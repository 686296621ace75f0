"""What readers searched for and the site could not answer: counted, with nothing about the
reader, for Editors to answer with a question or a synonym."""

import re
import sqlite3
import threading
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from django.db import connection
from django.utils import timezone

from search.models import UnansweredSearch

from .test_editorial import login

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/search/unansweredsearch/"


def noted():
    return {s.query: (s.found, s.times) for s in UnansweredSearch.objects.all()}


def test_a_search_that_finds_nothing_is_noted_for_editors(client, demo):
    response = client.get("/faq/?q=Wryneck")
    html = response.content.decode()
    assert "No questions match" in html
    assert "We note the words of searches we cannot answer yet (never who made them)" in html
    assert noted() == {"wryneck": (UnansweredSearch.Found.NOTHING, 1)}


def test_a_search_matching_only_some_of_its_words_is_noted(client, demo):
    assert client.get("/faq/?q=knots+xylophone").status_code == 200
    assert noted() == {"knots xylophone": (UnansweredSearch.Found.SOME_WORDS, 1)}


@pytest.mark.parametrize("query", ["knots doctor", "can muscle knots go away on their own"])
def test_a_search_the_site_answers_is_not_noted(client, demo, query):
    assert client.get("/faq/", {"q": query}).status_code == 200
    assert noted() == {}


def test_the_same_search_typed_differently_counts_as_one(client, demo):
    for query in ("wryneck", "WRYNECK", "  Wryneck  ", "wryneck"):
        client.get("/faq/", {"q": query})
    # The last is the first's page again, from the cache: counted when a page is built.
    assert noted() == {"wryneck": (UnansweredSearch.Found.NOTHING, 3)}


def test_noting_a_search_keeps_every_cached_page(client, demo, settings):
    settings.UNANSWERED_SEARCHES_KEPT = 1
    assert client.get("/")["X-Page-Cache"] == "miss"
    client.get("/faq/?q=wryneck")
    client.get("/faq/?q=crick")  # makes room: the first is let go
    assert noted() == {"crick": (UnansweredSearch.Found.NOTHING, 1)}
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_when_full_the_searches_made_least_often_make_room(client, demo, settings):
    settings.UNANSWERED_SEARCHES_KEPT = 3
    for query in ("wryneck", "wryneck!", "crick", "lumbago zebra", "zzzz"):
        client.get("/faq/", {"q": query})
    assert noted() == {
        "wryneck": (UnansweredSearch.Found.NOTHING, 2),
        "lumbago zebra": (UnansweredSearch.Found.NOTHING, 1),
        "zzzz": (UnansweredSearch.Found.NOTHING, 1),
    }


def test_searches_not_made_for_months_are_let_go(client, demo, settings):
    long_ago = timezone.now() - timedelta(days=settings.UNANSWERED_SEARCHES_DAYS + 1)
    UnansweredSearch.objects.create(
        query="crick", found="nothing", times=9, first_searched=long_ago, last_searched=long_ago
    )
    recent = timezone.now() - timedelta(days=settings.UNANSWERED_SEARCHES_DAYS - 1)
    UnansweredSearch.objects.create(
        query="lumbago", found="nothing", times=1, first_searched=recent, last_searched=recent
    )
    UnansweredSearch.objects.create(
        query="wryneck", found="nothing", times=1, first_searched=recent, last_searched=recent
    )
    client.get("/faq/?q=wryneck")  # no new search noted: the old one goes all the same
    assert set(noted()) == {"lumbago", "wryneck"}


def test_the_search_page_is_shown_when_its_search_cannot_be_noted(client, demo):
    """A database refusing the write (full, read-only) costs the note, not the page."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON search_unansweredsearch "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        else:
            for event in ("INSERT", "UPDATE"):
                cursor.execute(
                    f"CREATE TRIGGER refuse_{event} BEFORE {event} ON search_unansweredsearch "
                    "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                )
    response = client.get("/faq/?q=wryneck")
    assert response.status_code == 200
    assert "No questions match" in response.content.decode()
    assert noted() == {}
    assert client.get("/faq/?q=knots").status_code == 200  # the connection still works


def test_editors_see_the_most_searched_first_and_can_search_again(client, demo):
    for query in ("wryneck", "Wryneck", "knots xylophone"):
        client.get("/faq/", {"q": query})
    editor = login("eve", group="Editor")
    response = editor.get(ADMIN_LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("wryneck") < html.index("knots xylophone")
    assert "Nothing" in html and "Only some of its words" in html
    assert f'href="/faq/?q={quote_plus("knots xylophone")}"' in html
    add_question = f"/admin/faq/question/add/?question={quote_plus('knots xylophone')}"
    assert f'href="{add_question}"' in html
    form = editor.get(add_question).content.decode()
    assert re.search(r'<textarea name="question"[^>]*>\s*knots xylophone</textarea>', form)
    assert "Add unanswered search" not in html  # readers' searches are not made up by staff
    row = UnansweredSearch.objects.get(query="wryneck")
    assert editor.get(f"{ADMIN_LIST}{row.pk}/change/").status_code == 200  # to read only
    editor.get("/faq/?q=wryneck")  # trying it again on the site
    assert row.times == UnansweredSearch.objects.get(pk=row.pk).times == 2
    response = editor.post(f"{ADMIN_LIST}{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302  # dealt with: a question or a synonym answers it now
    assert set(noted()) == {"knots xylophone"}


def test_a_search_that_showed_where_to_get_help_is_marked_so(client, demo):
    # "suicidal" finds no question but shows the crisis notice: listed as finding nothing,
    # editors could not tell a reader in crisis was pointed to help.
    for query in ("suicidal", "wryneck"):
        client.get("/faq/", {"q": query})
    shown = {s.query: s.notice_shown for s in UnansweredSearch.objects.all()}
    assert shown == {"suicidal": True, "wryneck": False}
    editor = login("eve", group="Editor")
    html = editor.get(ADMIN_LIST).content.decode()
    assert "Showed a safety notice" in html
    row = re.search(r"<tr>(?:(?!</tr>).)*suicidal.*?</tr>", html, re.S).group()
    assert 'alt="True"' in row
    filtered = editor.get(ADMIN_LIST, {"notice_shown__exact": "1"})
    assert "suicidal" in filtered.content.decode()
    assert "wryneck" not in filtered.content.decode()


def test_authors_do_not_see_what_readers_searched_for(client, demo):
    client.get("/faq/?q=wryneck")
    assert login("amy", group="Author").get(ADMIN_LIST).status_code == 403


def test_results_fetched_while_the_reader_types_are_not_noted(client, demo):
    """The FAQ page's live search fetches results as the reader types ("wryn", "wryneck"):
    only the search they settle on is theirs (static/js/faq-search.js asks for it then)."""
    assert client.get("/faq/?q=wryn&live=1").status_code == 200
    assert client.get("/faq/?q=wryneck&live=1").status_code == 200
    assert noted() == {}
    assert client.head("/faq/?q=wryneck").status_code == 200  # settled on
    assert noted() == {"wryneck": (UnansweredSearch.Found.NOTHING, 1)}


def hold_the_lock_a_save_would():
    """Another connection holding what noting a search needs, as an editor's save would:
    SQLite's one write lock, or (PostgreSQL) the search's row. -> a function letting go."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        writer = psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            dbname=settings_dict["NAME"],
        )
        writer.execute("SELECT * FROM search_unansweredsearch FOR UPDATE")
    else:
        writer = sqlite3.connect(settings_dict["NAME"], check_same_thread=False)
        writer.isolation_level = None
        writer.execute("BEGIN IMMEDIATE")

    def let_go():
        if connection.vendor == "postgresql":
            writer.commit()
        else:
            writer.execute("COMMIT")
        writer.close()

    return let_go


@pytest.mark.django_db(transaction=True)
def test_a_readers_page_does_not_wait_on_a_writer_to_note_its_search(client, demo):
    """A save or a reindex holding the lock for seconds: the search is shown at once, and
    goes uncounted, instead of waiting up to the connection's 20 s for the lock."""
    now = timezone.now()
    UnansweredSearch.objects.create(
        query="wryneck", found="nothing", times=1, first_searched=now, last_searched=now
    )
    # Let go after three seconds: a page waiting for the lock would then count the search.
    release = threading.Timer(3, hold_the_lock_a_save_would())
    release.start()
    try:
        response = client.get("/faq/?q=wryneck")
        assert response.status_code == 200
        assert "No questions match" in response.content.decode()
    finally:
        release.join()
    assert noted() == {"wryneck": (UnansweredSearch.Found.NOTHING, 1)}
