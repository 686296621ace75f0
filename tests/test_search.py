"""FAQ search: ranked, stemmed, highlighted, typo-tolerant, synonym-aware and safe, with
the same behaviour on SQLite FTS5 and PostgreSQL full-text search."""

import io
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import snowballstemmer
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from articles.models import Post
from faq.models import Question
from pages.models import Page
from search.backends import backend
from search.engine import search_site
from search.models import SafetyNotice, SearchDocument, SearchTerm, Synonym, UnansweredSearch
from search.query import stem

from .admin_forms import admin_form
from .search_relevance import (
    BLADES,
    CRAMPS,
    DESK,
    EXERCISE_PAIN,
    FOAM,
    GP_OR_PHYSIO,
    HEAT_ICE,
    HOLD,
    HOW_OFTEN,
    MASSAGE_GUN,
    PAINKILLERS,
    PREVENT,
    QUERIES,
    QUICK,
    ROWS,
    STRESS,
    TINGLING,
    TUMMY,
    UNSEEN_QUERIES,
)
from .search_results import result_titles_in

pytestmark = pytest.mark.django_db


def questions_for(query):
    return [r.object.question for r in search_site(query).questions]


def result_titles(client, query):
    html = client.get("/faq/", {"q": query}).content.decode()
    return result_titles_in(html), html


def test_the_engine_is_the_one_for_the_database_in_use():
    expected = "postgresql" if connection.vendor == "postgresql" else "sqlite-fts5"
    assert backend().name == expected


def relevance(queries):
    """(top-1 accuracy, mean reciprocal rank, misses with the rank found) over `queries`."""
    top1, reciprocal, misses = 0, 0.0, []
    for query, expected in queries:
        found = questions_for(query)
        rank = found.index(expected) + 1 if expected in found else None
        top1 += rank == 1
        reciprocal += 1 / rank if rank else 0
        if rank != 1:
            misses.append((query, rank))
    return top1 / len(queries), reciprocal / len(queries), misses


def test_relevance_set_top1_and_mrr(demo):
    assert len(QUERIES) >= 40
    accuracy, mrr, misses = relevance(QUERIES)
    report = f"{backend().name}: top-1 {accuracy:.2f}, MRR {mrr:.3f}, misses {misses}"
    print(report)
    assert accuracy >= 0.9 and mrr >= 0.93, report


def test_relevance_on_queries_the_search_was_not_tuned_on(demo):
    # The set above was written alongside the search, so it flatters it. These were
    # written afterwards: the fairer measure of a reader's query, kept from sliding back.
    assert len(UNSEEN_QUERIES) >= 120
    accuracy, mrr, misses = relevance(UNSEEN_QUERIES)
    report = f"{backend().name} unseen: top-1 {accuracy:.2f}, MRR {mrr:.3f}, misses {misses}"
    print(report)
    assert accuracy >= 0.8 and mrr >= 0.87, report


def test_a_title_naming_the_rare_word_asked_about_outranks_titles_naming_common_ones(
    client, make_question
):
    # No text holds every word. Titles naming "back pain" matched two words of the three, one
    # naming "stress" one, so the back-pain titles came first; but half the FAQ says back
    # pain, and the reader asked about stress. Words count in a title as they are rare.
    for n in range(6):
        make_question(question=f"Back pain question {n}?", answer="About the back.")
    make_question(question="Can stress make muscles tense?", answer="Yes, often.")
    assert result_titles(client, "stress and back pain")[0][0] == "Can stress make muscles tense?"


def test_a_rare_word_asked_about_counts_for_more_than_a_common_one(client, make_question):
    # Neither answer holds both words. One names the rare one once; the other repeats the
    # word nearly every answer holds. bm25 (SQLite) weighs words by rarity; PostgreSQL's
    # ts_rank does not, so there each word is weighed by how few texts hold it.
    for n in range(8):
        make_question(question=f"Question {n}?", answer="Some pain, now and then.")
    make_question(question="Does it spread?", answer="Pain, pain and more pain, all day.")
    make_question(question="What is it?", answer="It may be sciatica.")
    assert result_titles(client, "sciatica pain")[0][0] == "What is it?"


@pytest.mark.parametrize(
    "query", ["hot or cold for back pain", "should i use hot or cold", "cold or hot compress"]
)
def test_hot_or_cold_finds_the_heat_or_ice_answer(demo, query):
    """Readers ask "hot or cold?"; the FAQ says heat and ice."""
    assert questions_for(query)[0] == HEAT_ICE


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("can i go to the gym with back pain", EXERCISE_PAIN),
        ("gym with a bad back", EXERCISE_PAIN),
        ("knot relief fast", QUICK),
        ("fast relief for a knot", QUICK),
        ("how to sit at a computer", DESK),
        ("setting up my laptop", DESK),
        ("work from home back pain", DESK),
        ("abs", TUMMY),
        ("theragun", MASSAGE_GUN),
        ("quickest relief for knots", QUICK),
        ("stop getting knots", PREVENT),
        ("how do i stop getting knots", PREVENT),
        ("how many times a week should i stretch", HOW_OFTEN),
        ("co-codamol", PAINKILLERS),
        ("muscle spasm water", CRAMPS),
        ("sit up straight", ROWS),
        ("slouching at my desk", ROWS),
        # On PostgreSQL ts_rank divided the posture concept's rank by its synonyms' number,
        # so the answer saying "stop" (when to stop a stretch) came first.
        ("how do i stop slouching", ROWS),
        ("tense shoulders", STRESS),
        ("sit ups for back pain", TUMMY),
    ],
)
def test_everyday_words_find_the_answer_in_the_faqs_words(demo, query, expected):
    """The gym is exercise, fast is quick, a computer or a laptop is the desk, abs are the
    tummy muscles, a Theragun is a massage gun, co-codamol a painkiller, a spasm a cramp,
    to stop getting knots is to prevent them, "how many times" asks how often, sitting up
    straight or slouching is posture, tense is tension and sit-ups exercise the tummy."""
    assert questions_for(query)[0] == expected


@pytest.mark.parametrize(
    ("query", "not_first"),
    [("tablet neck", PAINKILLERS), ("looking down at my tablet neck pain", PAINKILLERS)],
)
def test_a_word_with_two_meanings_is_no_synonym_of_either(demo, query, not_first):
    """A tablet may be a painkiller or what a reader looks down at: as a synonym of
    painkiller it put the painkillers answer first for a sore neck from a tablet."""
    found = questions_for(query)
    assert found and found[0] != not_first


def test_stopping_an_activity_is_not_preventing_it(demo):
    # "prevent, stop" as synonyms put "How often should I perform exercises to prevent
    # muscle knots?" first for "when to stop a stretch"; only "stop getting" is "prevent".
    assert questions_for("when to stop a stretch")[0] == HOLD


def test_the_question_is_weighted_above_the_answer(demo):
    # "massage" is in the title of one question and only in the answers of others.
    assert questions_for("massage")[0] == "Can a massage gun get rid of knots?"


def test_threads_stemming_at_once_each_get_their_own_stems():
    """Searches run side by side in gunicorn's threaded workers: a stem computed for one
    thread's word must never be another thread's (and then stay cached as the answer)."""
    bases = ["stretch", "massag", "rolling", "tingl", "shoulder", "posture", "knot", "relax"]
    endings = ["", "s", "es", "ed", "ing", "ingly", "ness", "ful", "ation", "ations"]
    words = [f"{b}{e}{n}" for b in bases for e in endings for n in ("", "x", "xy", "xyz")]
    expected = {w: snowballstemmer.stemmer("english").stemWord(w) for w in words}
    slices = [words[n::8] for n in range(8)]  # no word in two threads: no cache hits between

    stem.cache_clear()
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda chunk: {w: stem(w) for w in chunk}, slices))
    finally:
        sys.setswitchinterval(switch)
        stem.cache_clear()
    assert {w: s for chunk in results for w, s in chunk.items()} == expected


def test_stemming_matches_other_forms_of_a_word(demo):
    assert "How long should I hold a stretch?" in questions_for("stretching holding")
    assert "Is foam rolling good for the upper back?" in questions_for("foam rolls")


def test_matches_are_highlighted_with_an_excerpt(client, demo):
    titles, html = result_titles(client, "heat or ice")
    assert titles[0] == "Should I use heat or ice on a sore back?"
    assert "<mark>heat</mark>" in html.lower() or "<mark>Heat</mark>" in html
    excerpt = re.search(r'class="search-result__excerpt">(.*?)</p>', html, re.S).group(1)
    assert "<mark>" in excerpt and len(excerpt) < 600
    assert "Read the full answer" in html  # the whole answer stays one click away


def test_synonyms_apply_both_ways(demo):
    # The FAQ says "tummy"; the reader says "abdomen", and the other way round.
    assert (
        questions_for("abdomen exercises")[0] == "Can strengthening my tummy muscles help my back?"
    )
    assert questions_for("trigger points")[0] == "What causes muscle knots in the upper back?"
    assert "When should I see a healthcare provider about muscle knots?" in questions_for("gp")


def test_synonyms_with_little_words_match_what_readers_type(make_question):
    # Search drops little words ("in", "the", "a") from what readers type; a synonym written
    # with them ("crick in the neck", "a&e") must still be recognised.
    make_question(question="What is torticollis?", answer="A muscle spasm that twists the head.")
    make_question(question="When should I go to the emergency department?", answer="Now.")
    Synonym.objects.create(terms="torticollis, crick in the neck")
    assert questions_for("crick in the neck") == ["What is torticollis?"]
    assert questions_for("A&E") == ["When should I go to the emergency department?"]
    assert questions_for("should i go to a&e") == ["When should I go to the emergency department?"]
    assert questions_for("vitamin e") == []  # "e" alone is not A&E


def test_staff_edit_synonyms_in_the_admin_and_search_uses_them(admin_client, demo):
    assert questions_for("wryneck") == []
    form = admin_form(admin_client, "/admin/search/synonym/add/")
    form["terms"] = "stiff neck, wryneck, crick in the neck"
    assert admin_client.post("/admin/search/synonym/add/", form).status_code == 302
    assert questions_for("wryneck")[0] == "Why do I wake up with a stiff neck?"
    assert questions_for("crick in the neck")[0] == "Why do I wake up with a stiff neck?"


def test_a_misspelt_word_still_finds_its_answer_and_says_so(client, demo):
    titles, html = result_titles(client, "tingeling")
    assert titles[0] == "What does tingling in my arm or hand mean?"
    assert "Also searched for: <strong>tingling</strong>" in html


def test_two_swapped_letters_are_read_as_the_word_meant(client, demo):
    # The commonest slip on a keyboard, and the one letter-trigrams miss in a short word:
    # "pian" shares no three letters in a row with "pain".
    titles, html = result_titles(client, "haet or ice for bakc pian")
    assert "Also searched for: <strong>heat</strong>" in html
    assert "<strong>pain</strong>" in html and "<strong>back</strong>" in html
    assert titles[0] == "Should I use heat or ice on a sore back?"


@pytest.mark.parametrize(
    ("typed", "slip", "meant", "first"),
    [
        ("stif nek", "nek", "neck", "Why do I wake up with a stiff neck?"),
        (
            "nek and sholders stretch",
            "nek",
            "neck",
            "How do I stretch my neck and shoulders safely?",
        ),
        ("hed support foam roller", "hed", "head", "Is foam rolling good for the upper back?"),
        ("bak pain emergancy", "bak", "back", "When is back pain an emergency?"),
    ],
)
def test_a_slip_in_a_three_letter_word_is_read_as_the_word_meant(
    client, demo, typed, slip, meant, first
):
    # "nek" for neck, "bak" for back: on a phone the short words slip most, and a reader
    # asking about a neck got answers about backs ("nek" was searched as typed, found
    # nowhere, and "pain" did the rest). A letter missed or two swapped, looked up exactly.
    titles, html = result_titles(client, typed)
    assert f"<strong>{meant}</strong> (for “{slip}”)" in html
    assert titles[0] == first


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("nots in my shoulders", "knots in my shoulders"),
        ("nots", "knots"),
        ("massage for nots", "massage for knots"),
    ],
)
def test_a_slip_that_stems_to_a_little_word_is_read_as_the_word_meant(client, demo, typed, meant):
    # "nots" stems to "not", which nearly every answer holds: it was taken for the site's
    # word in another form, never corrected, and a reader asking about knots got answers
    # that merely said "not". A little word has no other forms worth a search.
    titles, html = result_titles(client, typed)
    assert "<strong>knots</strong> (for “nots”)" in html
    assert titles == result_titles(client, meant)[0]


@pytest.mark.parametrize("typed", ["mri", "tmj", "ibs pain", "gym", "tha best pillow"])
def test_a_three_letter_word_is_corrected_only_into_one_a_letter_away(client, demo, typed):
    # Abbreviations readers use (MRI, TMJ, IBS) and real words (gym) are not slips: no word
    # of the site is one missing letter or one swap from them, or they are meant as typed.
    # Nor is a little word ever what was meant ("tha" was searched as "than").
    _, html = result_titles(client, typed)
    assert "Also searched for" not in html


@pytest.mark.parametrize(
    ("typed", "searched", "first"),
    [
        ("backpain and exercise", "back pain", EXERCISE_PAIN),
        ("shoulderblade pain", "shoulder blade", BLADES),
        ("foamroller", "foam roller", FOAM),
        ("heatpad or ice", "heat pad", HEAT_ICE),
        ("neckpain stretches", "neck pain", None),
        # "ache" is in no text, but a synonym of sore, which is.
        ("backache", "back ache", None),
    ],
)
def test_two_words_run_together_are_searched_apart(client, demo, typed, searched, first):
    # Phones drop spaces: "backpain" found no question, "foamroller" and "heatpad" nothing.
    titles, html = result_titles(client, typed)
    assert f"Also searched for: <strong>{searched}</strong>" in html, typed
    assert titles and titles[0] == (first or titles[0]), typed


@pytest.mark.parametrize("typed", ["earache", "headache", "weekend"])
def test_a_word_read_as_two_finds_only_texts_with_both(demo, typed):
    # "earache" (ear + ache, a synonym of sore) put "Should I use heat or ice on a sore
    # back?" first: no text has both, so nothing is found, as before words were split.
    assert questions_for(typed) == []


def test_a_word_read_as_two_finds_texts_with_both(demo):
    found = search_site("neckpain").questions
    assert found
    for result in found:
        text = f"{result.object.question} {result.object.answer_html}".lower()
        assert "neck" in text and "pain" in text, result.object.question


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("pain killers for sore muscles", PAINKILLERS),
        ("are pain killers ok", PAINKILLERS),
    ],
)
def test_a_synonym_typed_as_two_words_is_that_synonym(client, demo, typed, first):
    # "pain killers" found exercise with back pain first, not the painkillers answer.
    assert result_titles(client, typed)[0][0] == first, typed


def test_a_sources_web_address_is_not_searched_as_words(client, demo, make_post):
    # The seed article cites medlineplus.gov/backpain.html: "backpain" was a word the site
    # used, so it was never read as two words run together, and found only that footnote.
    make_post(
        title="Sciatica",
        body="Leg pain.[^1]\n\n[^1]: NHS. <https://www.nhs.uk/conditions/sciatica-zyxq/>",
    )
    html = client.get("/faq/", {"q": "zyxq"}).content.decode()
    assert 'id="from-the-blog"' not in html and "search-corrections" not in html
    assert client.get("/faq/", {"q": "sciatica"}).content.decode().count('id="from-the-blog"') == 1
    call_command("rebuild_search_index", stdout=io.StringIO())
    titles, html = result_titles(client, "backpain")
    assert "Also searched for: <strong>back pain</strong>" in html


@pytest.mark.parametrize(
    "typed", ["how do i know if its a pulled muscle", "does it seem like a pulled muscle"]
)
def test_the_verbs_of_a_question_are_little_words_not_typos(client, demo, typed):
    # "know" is in no text, so it was "corrected" into knot, "seem" into see: readers were
    # told "Also searched for: knot (for know)".
    titles, html = result_titles(client, typed)
    assert "Also searched for" not in html
    assert titles[0] == "What is the difference between a muscle knot and a pulled muscle?"


@pytest.mark.parametrize("typed", ["physician", "workout", "handbag"])
def test_a_word_staff_listed_as_a_synonym_is_no_typo(client, demo, typed):
    # "physician" (a synonym of doctor, in no text) was "corrected" into physical, and
    # readers were told "Also searched for: physical".
    titles, html = result_titles(client, typed)
    assert titles and "Also searched for" not in html, typed


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("driving with back pain", "Is it safe to exercise with back pain?"),
        ("can you hear a knot crack", None),
        ("will a knot sort itself out", None),
        ("will it help to lose weight", None),
    ],
)
def test_a_real_word_the_site_never_uses_is_searched_as_typed(client, demo, typed, first):
    # "driving" was "corrected" into drinking, "hear" into heart, "sort" into sore, "lose"
    # into loss, and readers were told "Also searched for: drinking (for driving)".
    titles, html = result_titles(client, typed)
    assert "Also searched for" not in html, typed
    if first:
        assert titles[0] == first


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("sholder pain", "shoulder"), ("mussle knot", "muscle"), ("backache", "back ache")],
)
def test_typos_and_words_run_together_are_still_read_as_meant(client, demo, typed, meant):
    titles, html = result_titles(client, typed)
    assert f"Also searched for: <strong>{meant}</strong>" in html and titles


@pytest.mark.parametrize(
    ("typed", "meant", "first"),
    [
        ("exersize with a bad back", "exercise", EXERCISE_PAIN),
        ("excercize with back pain", "exercise", EXERCISE_PAIN),
        # Three slips from the word meant, and no trigram neighbour of it: found nothing.
        ("excersize with a bad back", "exercise", EXERCISE_PAIN),
        ("gp or fisiotherapist", "physiotherapist", GP_OR_PHYSIO),
    ],
)
def test_a_word_spelt_as_it_sounds_is_read_as_meant(client, demo, typed, meant, first):
    # "exersize" shares too few letters-in-a-row with "exercise" to pass as a typo by
    # trigrams alone, and found the foam-rolling answer first: it is the same word aloud.
    titles, html = result_titles(client, typed)
    assert f"Also searched for: <strong>{meant}</strong>" in html, typed
    assert titles[0] == first, typed


@pytest.mark.parametrize(
    ("typed", "meant", "question"),
    [
        # "excersize" shares not one three-letter run with "exercise".
        ("excersize", "exercise", "Which exercise helps a stiff hip?"),
        # A "ch" heard as "k" is spelt "k": "headake", "kiropractor", "kronic".
        ("headake", "headache", "Can a headache start in the neck?"),
        ("kiropractor", "chiropractor", "Should I see a chiropractor?"),
        ("kronic", "chronic", "What is chronic pain?"),
        # A letter not heard at the start is left out, and "rist" shares too little with
        # "wrist" to pass as a typo.
        ("rist", "wrist", "Why does my wrist click?"),
    ],
)
def test_a_word_spelt_as_it_sounds_is_found_in_text_saved_since(
    client, make_question, typed, meant, question
):
    make_question(question=question, answer="It depends; ask us.")
    titles, html = result_titles(client, typed)
    assert f"Also searched for: <strong>{meant}</strong>" in html
    assert titles == [question]


def test_words_indexed_before_sounds_were_stored_are_found_by_sound(client, make_question):
    import importlib

    from django.apps import apps

    make_question(question="Which exercise helps a stiff hip?", answer="It depends; ask us.")
    SearchTerm.objects.update(sound=None)  # as a site running before migration 0013 has them
    assert result_titles(client, "excersize")[0] == []
    importlib.import_module("search.migrations.0013_sound_of_each_word").sounds_added(apps, None)
    cache.clear()  # a release serves no page cached by the one before
    assert result_titles(client, "excersize")[0] == ["Which exercise helps a stiff hip?"]


def test_words_indexed_before_silent_letters_were_left_unheard_are_found_by_sound(
    client, make_question
):
    import importlib

    from django.apps import apps

    make_question(question="Why does my wrist click?", answer="It depends; ask us.")
    SearchTerm.objects.filter(word="wrist").update(sound="wrist")  # as stored before 0016
    assert result_titles(client, "rist")[0] == []
    importlib.import_module("search.migrations.0016_silent_first_letters").sounds_stored_again(
        apps, None
    )
    cache.clear()  # a release serves no page cached by the one before
    assert result_titles(client, "rist")[0] == ["Why does my wrist click?"]


def test_a_misspelt_word_is_never_read_as_a_little_word(client, demo):
    # "shouldr" was searched as "should", which half the questions ask ("How should I...").
    titles, html = result_titles(client, "shouldr pain")
    assert "Also searched for: <strong>shoulder</strong>" in html
    assert "<strong>should</strong>" not in html


def test_a_correction_never_shows_a_word_from_unpublished_or_deleted_text(client, demo, make_post):
    make_question = Question.objects.create
    topic = Question.objects.first().topic
    make_question(topic=topic, question="Draft?", answer="Semaglutide news.", is_published=False)
    make_post(
        title="Scheduled", body="Tirzepatide.", published_at=timezone.now() + timedelta(days=1)
    )
    deleted = make_question(topic=topic, question="Gone?", answer="Orthokeratology.")
    deleted.delete()
    for typed, hidden in (
        ("semaglutid", "emaglutide"),
        ("tirzepatid", "irzepatide"),
        ("orthokeratolgy", "rthokeratology"),
    ):
        html = client.get("/faq/", {"q": typed}).content.decode()
        assert hidden not in html.lower(), typed
    # A correction that found published text is still shown.
    _, html = result_titles(client, "tingeling")
    assert "Also searched for: <strong>tingling</strong>" in html


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("cant sleep", "sleep"),
        ("can't sleep", "sleep"),
        ("dont stretch", "stretch"),
        ("don’t stretch", "stretch"),
        ("it's my neck", "neck"),
        ("im stiff", "stiff"),
    ],
)
def test_contractions_with_or_without_an_apostrophe_are_little_words(client, demo, typed, meant):
    # Typed without its apostrophe "cant" was "corrected" into "can", "dont" into "don" (half
    # of the index's "don't"), and every text with "can" matched; with it, "t" and "s" were
    # searched for on their own.
    titles, html = result_titles(client, typed)
    assert "Also searched for" not in html, typed
    assert titles == result_titles(client, meant)[0], typed


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("stretching isnt helping", None),
        ("waking up with neck pain", "Why do I wake up with a stiff neck?"),
    ],
)
def test_a_word_the_site_uses_in_another_form_is_not_corrected(client, demo, typed, first):
    # "helping" is in no text, "help" is: stemming finds it already, and "Also searched for:
    # help" told the reader of a typo they had not made. "waking" (the FAQ says "wake") was
    # searched as "walking".
    titles, html = result_titles(client, typed)
    assert "Also searched for" not in html
    assert titles and titles[0] == (first or titles[0])


@pytest.mark.parametrize(
    ("typed", "not_meant"),
    [("headache", "head"), ("desk setup", "set"), ("massage therapist", "therapy")],
)
def test_a_real_word_the_site_never_uses_is_not_corrected_into_a_shorter_one(
    client, demo, typed, not_meant
):
    # Letter-trigrams found "head" for "headache" and put a foam-rolling answer first; a
    # typo is one or two slips of the finger (one in a short word), as in Lucene's fuzzy
    # "AUTO", not a different word.
    _, html = result_titles(client, typed)
    assert f"Also searched for: <strong>{not_meant}</strong>" not in html


def test_typo_tolerance_does_not_flood_correct_queries(demo):
    # Every word is known, so nothing is "corrected" into unrelated matches.
    results = search_site("massage gun")
    assert results.corrections == {}
    assert len(results.questions) <= 4


def test_results_that_hold_only_some_of_the_words_are_not_called_matches(client, demo):
    # "knee replacement recovery" said "1 question matches" of an answer on back pain that
    # says only "recovery": a reader takes a match to be an answer to what they asked.
    html = client.get("/faq/", {"q": "heat zebra"}).content.decode()
    found = len(search_site("heat zebra").questions)
    assert found > 1
    assert f"{found} questions match some of the words in “heat zebra”." in html

    html = client.get("/faq/", {"q": "zebra crossing recovery"}).content.decode()
    assert "1 question matches some of the words in “zebra crossing recovery”." in html

    results = search_site("heat ice")
    complete = sum(r.complete for r in results.questions)
    assert 0 < complete < len(results.questions)
    html = client.get("/faq/", {"q": "heat ice"}).content.decode()
    more = len(results.questions) - complete
    assert (
        f"{complete} question{'s' if complete > 1 else ''} match{'' if complete > 1 else 'es'} "
        f"“heat ice”, and {more} more match{'' if more > 1 else 'es'} some of its words."
    ) in html

    html = client.get("/faq/", {"q": "massage gun"}).content.decode()
    assert "1 question matches “massage gun”." in html


def test_web_search_syntax_phrases_and_exclusions(demo):
    assert questions_for('"pulled muscle"') == [
        "What is the difference between a muscle knot and a pulled muscle?"
    ]
    with_heat = questions_for("heat")
    without_ice = questions_for("heat -ice")
    assert "Should I use heat or ice on a sore back?" in with_heat
    assert "Should I use heat or ice on a sore back?" not in without_ice


def test_matching_articles_appear_from_the_blog(client, demo):
    html = client.get("/faq/", {"q": "cat-cow stretch"}).content.decode()
    section = html.split('id="from-the-blog"', 1)[1]
    assert "Techniques to Alleviate Upper Back" in section
    assert demo.get_absolute_url() in section


@pytest.mark.parametrize(
    "query", ["theracane how to use", "tennis ball for knots", "cat cow for posture"]
)
def test_an_article_holding_every_word_comes_before_questions_holding_some(client, demo, query):
    # Only the article says how to use a Theracane; questions that only say "use" came first,
    # and the answer the reader wanted sat below them all.
    titles, html = result_titles(client, query)
    assert titles[0] == demo.title and len(titles) > 1, titles
    assert html.index('id="from-the-blog"') < html.index('<ol class="search-results">')
    assert f"No question answers all of “{query}”; the article below does." in html
    # Its excerpt shows where it says what no question does: "a Theracane", not "use".
    excerpt = html.split('id="from-the-blog"')[1].split('class="search-result__excerpt">')[1]
    assert re.search(rf"<mark>{query.split()[0]}</mark>", excerpt.split("</p>")[0], re.I), excerpt


def test_an_article_named_for_every_word_comes_before_questions_holding_some(client, demo):
    # Every word is in some question, but only the article's title names them all.
    titles, html = result_titles(client, "upper back muscle knots techniques")
    assert titles[0] == demo.title and len(titles) > 1, titles
    assert "the article below does. Below it, questions matching some" in html


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("foam rolling", FOAM),  # the question holds every word
        # No question holds "down", but the first holds the other two; the article, holding
        # nearly every common word, was put first.
        ("tingling down my arm", TINGLING),
        ("core strength", TUMMY),  # "strengthening" stems apart from "strength"
    ],
)
def test_a_question_holding_the_words_that_matter_stays_before_the_articles(
    client, demo, query, first
):
    titles, html = result_titles(client, query)
    assert titles[0] == first and demo.title in titles, titles
    assert html.index('<ol class="search-results">') < html.index('id="from-the-blog"')
    assert "No question answers" not in html


@pytest.mark.parametrize(
    # "about us": questions say "about" and one says "us", but only About is named so.
    "query",
    ["privacy", "editorial policy", "medical disclaimer", "about us"],
)
def test_the_sites_own_pages_are_found_too(client, demo, query):
    # A reader looking for the clinic's privacy or editorial policy, or a contact page, found
    # "No questions match": the FAQ search is the site's only search.
    about = Page.objects.get(slug="about")
    html = client.get("/faq/", {"q": query}).content.decode()
    section = html.split('id="site-pages"', 1)[1]
    assert f'href="{about.get_absolute_url()}"' in section
    assert result_titles_in(section)[0] == about.title
    assert "<mark>" in section.split("</p>", 1)[0]  # its title or excerpt shows the words
    all_of = "all of " if " " in query else ""  # not "all of “privacy”"
    assert f"No question answers {all_of}“{query}”; the page below does." in html
    assert "Try fewer or different words" not in html  # it was answered
    if '<ol class="search-results">' in html:  # questions holding some of the words: below
        assert html.index('id="site-pages"') < html.index('<ol class="search-results">')
    assert not UnansweredSearch.objects.filter(query=query).exists()


@pytest.fixture
def contact_page(db):
    return Page.objects.create(
        title="Contact us", slug="contact", summary="How to reach the clinic.",
        body="Call reception on 01632 960 000 to book an appointment.",
    )  # fmt: skip


def test_a_page_named_for_the_words_comes_before_an_article_only_holding_them(
    client, demo, contact_page
):
    # "contact": the article says "contact your doctor"; the page named so is the answer.
    page = contact_page
    titles, html = result_titles(client, "contact")
    assert titles[:2] == [page.title, demo.title], titles
    assert "No question answers “contact”; the page below does." in html
    assert html.index('id="site-pages"') < html.index('id="from-the-blog"')
    # No page is named for these words: the article stays first.
    titles, _ = result_titles(client, "tennis ball for knots")
    assert titles[0] == demo.title


def test_the_pages_there_before_the_upgrade_are_indexed_by_it(demo):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0027_the_sites_own_pages")
    editor = SimpleNamespace(connection=connection)
    migration.unindex_pages(apps, editor)
    assert search_site("editorial policy").pages == []
    migration.index_pages(apps, editor)
    assert [r.object.slug for r in search_site("editorial policy").pages] == ["about"]


def test_a_page_holding_only_some_of_the_words_is_not_offered(client, demo):
    # Every page says "pain" or "back" somewhere; only one holding every word answers.
    html = client.get("/faq/", {"q": "privacy zebra"}).content.decode()
    assert 'id="site-pages"' not in html


def test_the_index_follows_a_pages_edits_and_deletion(client, demo, contact_page):
    page = contact_page
    assert [r.object for r in search_site("book an appointment").pages] == [page]
    page.body = "Email reception to arrange a visit."
    page.save()
    assert search_site("book an appointment").pages == []
    assert [r.object for r in search_site("arrange a visit").pages] == [page]
    page.delete()
    assert not SearchDocument.objects.filter(kind="page", object_id=page.pk).exists()
    assert search_site("arrange a visit").pages == []


def test_only_published_content_is_found_and_the_index_follows_every_change(demo, make_post):
    question = Question.objects.get(question="Can a massage gun get rid of knots?")
    question.question = "Can a percussion device get rid of knots?"
    question.save()
    assert questions_for("percussion device")[0] == question.question

    question.is_published = False
    question.save()
    assert question.question not in questions_for("percussion device")

    question.delete()
    assert not SearchDocument.objects.filter(kind="question", object_id=question.pk).exists()

    draft = make_post(title="Zygapophyseal joint pain explained", status=Post.Status.DRAFT)
    assert search_site("zygapophyseal").posts == []
    draft.status = Post.Status.PUBLISHED
    draft.save()
    assert [r.object for r in search_site("zygapophyseal").posts] == [draft]


def test_questions_and_posts_are_searched_apart_and_edits_leave_no_old_words(demo, make_post):
    """Each kind has its own index: a post never comes back as an FAQ answer or the other
    way round, and an edited text is found by its new words only."""
    post = make_post(title="Scapulothoracic rhythm for desk workers")
    question = Question.objects.get(question="Can a massage gun get rid of knots?")
    question.answer = "Scapulothoracic movement drills help too."
    question.save()

    results = search_site("scapulothoracic")
    assert [r.object.pk for r in results.questions] == [question.pk]
    assert [r.object.pk for r in results.posts] == [post.pk]

    question.answer = "Percussion helps some people for a short while."
    question.save()
    results = search_site("scapulothoracic")
    assert results.questions == []
    assert [r.object.pk for r in results.posts] == [post.pk]


HOSTILE = [
    'knots" OR 1=1 --',
    "NEAR(knot neck, 2)",
    "knot* ^neck title:knot",
    "((((knots",
    '"unbalanced quote',
    "AND OR NOT",
    "-",
    "'; DROP TABLE faq_question; --",
    "knot\x00neck",
    "\ue000mark\ue001",
    "ноль узлов в спине",
    "肩こり",
    "😀 knots 💪",
    "k" * 5000,
    "knots " * 400,
    "%00%ff",
    "\\",
    "{} [] <> & | ! : * ^ ~",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_is_safe(client, demo, query):
    response = client.get("/faq/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html.split("</header>", 1)[1].split("<footer", 1)[0]
    assert 'maxlength="200"' in html


def test_the_query_is_length_capped(client, demo):
    html = client.get("/faq/", {"q": "neck " + "x" * 1000}).content.decode()
    assert "x" * 201 not in html


def test_an_empty_query_shows_the_whole_faq(client, demo):
    html = client.get("/faq/", {"q": "   "}).content.decode()
    assert html.count('class="faq-item"') == Question.objects.published().count()


def test_synonym_list_ships_with_sensible_starters(db):
    starters = [s.terms for s in Synonym.objects.all()]
    assert any("trigger point" in t for t in starters)
    assert any("gp" in t and "doctor" in t for t in starters)
    assert any("tummy" in t and "abdomen" in t for t in starters)


def test_the_index_can_be_rebuilt_from_stored_content(demo):
    from django.core.management import call_command

    SearchDocument.objects.all().delete()
    assert questions_for("massage gun") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert questions_for("massage gun")[0] == "Can a massage gun get rid of knots?"
    assert SearchDocument.objects.count() == (
        Question.objects.count() + Post.objects.count() + Page.objects.count()
    )
    assert [r.object.slug for r in search_site("editorial policy").pages] == ["about"]


def notice_of(client, query):
    """The safety notice a search page shows, as text, and where on the page it stands."""
    html = client.get("/faq/", {"q": query}).content.decode()
    found = re.search(r'<div class="safety-notice.*?</div>', html, re.S)
    if not found:
        return None, html
    assert found.start() < html.index("data-result-count")  # before any result
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group())).strip(), html


@pytest.mark.parametrize(
    "query",
    [
        "chest pain",
        "crushing pain in my chest",
        "cant breathe",
        "can't breathe properly",
        "took an overdose of paracetamol",
        "suicidal thoughts",
        "i want to die",
        "self-harm",
        "suiside",  # typed in distress: a word the site never uses, close to one listed
        "signs of a stroke",
        # The first thing a 999 call handler asks: someone not breathing, or not waking.
        "not breathing",
        "my dad has stopped breathing",
        "baby isnt breathing",
        "he is unresponsive",
        "no pulse",
        "lips turning blue",
        "passed out",
        "i cant move my legs",
        "lost control of my bladder",
        "coughing up blood",
        "hit my head",
        "took too many pills",
        "i want to end it all",
        "dont want to be alive anymore",
        # The emergency notice's own signs, in readers' words: a heart attack's pressure,
        # a severe allergic reaction's swelling, someone who cannot be woken.
        "pressure in my chest",
        "crushing chest",
        "my throat is swelling",
        "swollen tongue and lips",
        "cant swallow",
        "he wont wake up",
        "i can't wake her",
        # Chest pain, heavy bleeding, a seizure, slurred speech, poison and thoughts of
        # suicide as readers put them, none of which found a notice.
        "my chest hurts",
        "my heart is racing and my chest hurts",
        "heart pain",
        "chest aches when walking",
        "bleeding wont stop",
        "cant stop the bleeding",
        "severe bleeding",
        "my son is having convulsions",
        "epileptic fit",
        "slurring my words",
        "my dad can't speak properly",
        "my face went numb",
        "my toddler swallowed a battery",
        "drank bleach",
        "i dont want to be here anymore",
        "i feel hopeless",
        "i want to end it",
        "i can't go on anymore",
        "no point living",
        # Emergencies of the NHS's "when to call 999" the notice did not name: sepsis,
        # meningitis's rash, sudden confusion, a heart attack's arm pain with sweating and a
        # stroke's numb face, as readers put them.
        "sepsis",
        "signs of sepsis in adults",
        "could it be septicaemia",
        "meningitis symptoms",
        "rash that doesn't fade under a glass",
        "my mum is suddenly confused",
        "sudden confusion in elderly",
        "left arm pain and sweating",
        "i can't feel my face",
        # A seizure as most parents say it: "fit" alone is also fitness.
        "my child is having a fit",
        "my son had a fit",
    ],
)
def test_a_search_naming_an_emergency_or_a_crisis_says_where_to_get_help_first(client, demo, query):
    # A reader may search a health site in the middle of an emergency. The site ships with
    # notices (staff edit them) shown above whatever the FAQ holds, even when it holds nothing.
    notice, html = notice_of(client, query)
    assert notice is not None, query
    assert "999" in notice
    assert "Try fewer or different words" not in html  # no search tips for a crisis


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("back pain and shortness of breath", "999"),
        ("short of breath", "999"),
        ("upper back pain spreading to my arm", "999"),
        ("pain radiating into my jaw", "999"),
        ("numbness around my bottom", "999"),
        ("numb bum and back pain", "999"),
        ("saddle numbness", "999"),
        ("numb groin", "999"),
        ("numbness in my groin and back pain", "999"),
        ("cant feel my bum", "999"),
        ("can't feel my bottom", "999"),
        ("pins and needles in both legs", "999"),
        ("can't pee", "999"),
        ("difficulty peeing with back pain", "999"),
        ("back pain and a fever", "the same day"),
        ("back pain with a high temperature", "the same day"),
        ("lost weight without trying", "the same day"),
        ("back pain after a fall", "the same day"),
    ],
)
def test_every_warning_sign_the_site_names_finds_its_notice(client, demo, query, says):
    # The seed article's callouts send readers to an ambulance for back pain with shortness
    # of breath or pain spreading to the arm or jaw, and to help the same day for a fever, a
    # fall or weight lost without trying; the emergency notice itself names numbness around
    # the bottom. Searched for, each of them found no notice at all.
    notice, _ = notice_of(client, query)
    assert notice is not None, query
    assert says in notice, query


@pytest.mark.parametrize(
    "query",
    [
        "chest stretches",
        "overuse injury",
        "heart rate while exercising",
        "knots",
        "breathing during stretches",
        "short stretches for my arm",
        "strengthening weak legs",
        "cant fall asleep with back pain",
        "is losing weight good for my back",
        "breathing exercises for stress",
        "is it normal to have no pain after a massage",
        "i hurt myself lifting a box",
        "left arm pain after the gym",
        "back pain at the end of the day",
        "head and neck stretches",
        "how many tablets of ibuprofen can i take",
        "groin strain",
        "chest press for posture",
        "bench press shoulder pain",
        "swelling after a sprain",
        "sore throat and stiff neck",
        "why do i wake up with a stiff neck",
        "can't wake up without back pain",
        "bottom of my back hurts",
        "can't go on holiday with back pain",
        "i can't speak to my gp until monday",
        "speak to a physiotherapist",
        "face massage for tension",
        "how to fit exercise into a busy day",
        "heart rate during stretches",
        "stop bruising after a massage",
        "confused about which stretches to do",
        "sweating a lot during exercise",
        "arm pain after sleeping on it",
        "rash from a heat pad",
        "how to keep fit with back pain",
        "is a standing desk a good fit",
        "having a hard time fitting in exercise",
    ],
)
def test_everyday_searches_show_no_safety_notice(client, demo, query):
    notice, _ = notice_of(client, query)
    assert notice is None, query


def test_a_crisis_word_is_never_corrected_into_another_word(client, demo):
    # "overdose" is not a word the FAQ uses; it must not be searched as "overuse".
    _, html = notice_of(client, "overdose")
    assert "Also searched for" not in html
    assert "overuse" not in html


def test_staff_edit_safety_notices_and_searches_show_them_at_once(admin_client, client, demo):
    client.get("/faq/", {"q": "heatstroke"})  # cached without a notice
    form = admin_form(admin_client, "/admin/search/safetynotice/add/")
    form.update(
        terms="heatstroke, heat stroke",
        level="emergency",
        heading="Heatstroke is an emergency",
        message="Call **999** if someone is hot and confused or stops sweating.",
    )
    assert admin_client.post("/admin/search/safetynotice/add/", form).status_code == 302
    notice, html = notice_of(client, "signs of heatstroke")
    assert notice.startswith("Emergency: Heatstroke is an emergency")
    assert "<strong>999</strong>" in html
    notice, _ = notice_of(client, "heatstroke")
    assert notice is not None  # the page cached before the notice was added is not served


def test_a_notices_terms_are_edited_in_a_box_one_per_line_or_comma_separated(
    admin_client, client, demo
):
    # The emergency notice lists some fifty terms: a one-line input showed a few of them,
    # and a term typed on a line of its own ran into the next ("sepsis septicaemia").
    page = admin_client.get("/admin/search/safetynotice/add/").content.decode()
    assert re.search(r'<textarea name="terms"', page)
    form = admin_form(admin_client, "/admin/search/safetynotice/add/")
    form.update(
        terms="heatstroke\nheat exhaustion, stopped sweating\r\n",
        level="emergency",
        heading="Heatstroke is an emergency",
        message="Call 999.",
    )
    assert admin_client.post("/admin/search/safetynotice/add/", form).status_code == 302
    for query in ("heatstroke", "heat exhaustion", "stopped sweating"):
        assert notice_of(client, query)[0] is not None, query


def test_new_warning_signs_leave_a_notice_staff_edited_as_they_left_it(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0010_more_warning_signs")
    emergency = SafetyNotice.objects.get(heading=migration.EMERGENCY["heading"])
    emergency.terms = "chest pain, ring 000"  # staff, for Australia
    emergency.save()
    SafetyNotice.objects.filter(heading=migration.SAME_DAY["heading"]).delete()
    migration.add(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert emergency.terms == "chest pain, ring 000"
    assert SafetyNotice.objects.filter(heading=migration.SAME_DAY["heading"]).exists()


def test_more_signs_in_readers_words_leave_a_notice_staff_edited_as_they_left_it(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0018_emergency_signs_in_readers_words")
    latest = importlib.import_module("search.migrations.0020_more_emergencies_in_readers_words")
    emergency = SafetyNotice.objects.get(heading=migration.HEADING)
    crisis = SafetyNotice.objects.get(heading=latest.CHANGES[1][0])
    for since in ("0025_a_child_having_a_fit", "0023_sepsis_meningitis_and_confusion"):
        importlib.import_module(f"search.migrations.{since}").remove(apps, schema_editor=None)
    latest.remove(apps, schema_editor=None)
    emergency.refresh_from_db(), crisis.refresh_from_db()
    assert emergency.terms == latest.EMERGENCY_SHIPPED  # as the earlier migrations left them
    assert crisis.terms == latest.CRISIS_SHIPPED
    migration.remove(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert emergency.terms == migration.SHIPPED
    emergency.terms = migration.SHIPPED + ", ring 000"  # then edited by staff
    emergency.save()
    crisis.terms = latest.CRISIS_SHIPPED + ", ring 000"
    crisis.save()
    migration.add(apps, schema_editor=None)
    latest.add(apps, schema_editor=None)
    emergency.refresh_from_db(), crisis.refresh_from_db()
    assert emergency.terms == migration.SHIPPED + ", ring 000"
    assert crisis.terms == latest.CRISIS_SHIPPED + ", ring 000"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("sepsis", "sepsis"),
        ("meningitis symptoms", "meningitis"),
        ("rash that doesn't fade under a glass", "a rash that does not fade"),
        ("my mum is suddenly confused", "sudden confusion"),
    ],
)
def test_the_emergency_notice_says_why_it_shows_for_sepsis_meningitis_and_confusion(
    client, demo, query, says
):
    # Shown for "sepsis", a notice naming only chest pain and strokes would read as a mistake.
    notice, _ = notice_of(client, query)
    assert notice is not None and says in notice, query


def test_sepsis_and_meningitis_leave_a_notice_staff_edited_as_they_left_it(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0023_sepsis_meningitis_and_confusion")
    emergency = SafetyNotice.objects.get(heading=migration.HEADING)
    assert "meningitis" in emergency.message_html
    importlib.import_module("search.migrations.0025_a_child_having_a_fit").remove(apps, None)
    migration.remove(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert "meningitis" not in emergency.terms and "meningitis" not in emergency.message_html
    emergency.message += " Ring 000 in Australia."  # then edited by staff
    emergency.save()
    migration.add(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert "meningitis" not in emergency.terms and emergency.message.endswith("in Australia.")


def test_a_term_in_quotes_shows_its_notice_only_for_its_words_together(client, db):
    # "fit" alone is also fitness: "having a fit" in any order named "having a hard time
    # fitting in exercise" too, and by its stems "had a fitness test".
    SafetyNotice.objects.create(
        terms='"having a fit", “had a fit”, heatstroke',
        heading="Call 999",
        message="Call 999 now.",
    )
    for query in ("my child is having a fit", "he had a fit", "Having a fit!", "heatstroke"):
        assert notice_of(client, query)[0] is not None, query
    for query in (
        "having a hard time fitting in exercise",
        "a fit i am having",
        "fit",
        "had a fitness test",
        "having a fitting for a back brace",
    ):
        assert notice_of(client, query)[0] is None, query


def test_a_childs_fit_leaves_a_notice_staff_edited_as_they_left_it(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0025_a_child_having_a_fit")
    emergency = SafetyNotice.objects.get(heading=migration.LAST.HEADING)
    assert emergency.terms == migration.SHIPPED + migration.MORE_TERMS
    migration.remove(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert emergency.terms == migration.SHIPPED
    emergency.terms += ", ring 000"  # then edited by staff
    emergency.save()
    migration.add(apps, schema_editor=None)
    emergency.refresh_from_db()
    assert emergency.terms == migration.SHIPPED + ", ring 000"


@pytest.mark.parametrize(
    ("terms", "error"),
    [
        (", ;  ,", "List at least one word or phrase"),
        # Shown on nearly every search, it would soon be read by nobody.
        ("overdose, i, can't", "“i” and “can't” are words nearly every search holds"),
    ],
)
def test_a_safety_notice_that_would_never_or_always_show_is_a_form_error(
    admin_client, db, terms, error
):
    form = admin_form(admin_client, "/admin/search/safetynotice/add/")
    form.update(terms=terms, level="urgent", heading="Help", message="Call 111.")
    response = admin_client.post("/admin/search/safetynotice/add/", form)
    assert response.status_code == 200
    assert escape(error) in response.content.decode()
    assert not SafetyNotice.objects.filter(heading="Help").exists()


def test_a_notice_naming_another_emergency_number_than_the_sites_is_flagged(
    starter_notices, settings
):
    # The shipped notices are the UK's (999). A clinic elsewhere sets its own number, which
    # the footer and articles then give; a notice still telling a reader in an emergency to
    # call 999 must not go unnoticed: `migrate` (and `check --database`) warn of it.
    from django.core.checks import run_checks

    def warned():
        return [m for m in run_checks(databases=["default"]) if m.id == "search.W001"]

    assert warned() == []  # as shipped, for the UK
    settings.EMERGENCY_NUMBER = "911"
    messages = warned()
    assert len(messages) == 3  # each shipped notice names 999, and none 911
    assert "999" in messages[0].msg and "911" in messages[0].msg
    assert "Safety notices" in messages[0].hint
    assert all(m.id != "search.W001" for m in run_checks())  # no database: not asked
    for notice in SafetyNotice.objects.all():
        notice.heading = notice.heading.replace("999", "911")
        notice.message = notice.message.replace("999", "911") + " Walk 10,000 steps."
        notice.save()
    assert warned() == []


@pytest.mark.parametrize("query", ["knot vs strain", "knot vs. strain", "knot versus strain"])
def test_a_comparison_is_searched_for_the_things_compared(client, demo, query):
    # No text says "vs", so every answer held only some of the words: the one comparing a
    # knot with a strain came second, under "some of the words", behind the knots answers.
    titles, html = result_titles(client, query)
    assert titles[0] == "What is the difference between a muscle knot and a pulled muscle?"
    assert f"1 question matches “{query}”" in html
