"""FAQ search in a real browser: live results with JavaScript, a plain GET form without."""

import re
import time

from playwright.sync_api import expect

from .test_csp import csp_violations


def test_results_update_as_the_reader_types(page, site, messages):
    page.goto(site + "/faq/")
    search = page.locator("#faq-q")
    search.press_sequentially("tingeling arm", delay=30)
    first = page.locator("#faq-results .search-result__title").first
    expect(first).to_have_text("What does tingling in my arm or hand mean?")
    # Only the results were replaced: the reader is still typing in the same field.
    expect(search).to_be_focused()
    expect(search).to_have_value("tingeling arm")
    expect(page).to_have_url(re.compile(r"/faq/\?q=tingeling%20arm$"))
    # The address printed at the foot of the page is the search's too.
    expect(page.locator(".site-footer__address")).to_have_text(
        re.compile(r"This page: https?://[^/]+/faq/\?q=tingeling\+arm$")
    )
    expect(page.locator("#faq-live")).to_contain_text(re.compile(r"match(es)? “tingeling arm”"))
    expect(first.locator("mark", has_text="tingling")).to_have_count(1)

    search.fill("")
    search.press_sequentially("zzqqxx")
    expect(page.locator("#faq-live")).to_have_text("No questions match “zzqqxx”.")
    search.fill("")
    search.press("Backspace")
    expect(page.locator("#faq-results .faq-topic").first).to_be_visible()
    assert csp_violations(messages) == []


def test_a_search_naming_an_emergency_says_where_to_get_help_as_the_reader_types(page, site):
    page.goto(site + "/faq/")
    page.locator("#faq-q").press_sequentially("crushing chest pain", delay=30)
    notice = page.locator("#faq-results [data-safety-notice]")
    expect(notice).to_contain_text("call 999 now")
    # Read out before the number of questions, and a tap away on a phone.
    expect(page.locator("#faq-live")).to_have_text(
        re.compile(
            r"^Emergency: If this is an emergency, call 999 now "
            r"\d+ questions? match"
        )
    )
    expect(notice.locator('a[href="tel:999"]')).to_have_count(1)


def test_a_live_search_the_server_cannot_answer_loads_the_search_page_instead(page, site):
    # The server answering an error while the reader types (a proxy's 502 during a deploy,
    # a 503): the results must not be left as they were, for words no longer there.
    page.route(
        re.compile(r"/faq/\?q=.*&live=1$"),
        lambda route: route.fulfill(status=503, body="<h1>Service unavailable</h1>"),
    )
    page.goto(site + "/faq/")
    page.locator("#faq-q").press_sequentially("heat or ice", delay=30)
    expect(page).to_have_url(re.compile(r"/faq/\?q=heat\+or\+ice$"))
    expect(page.locator("#faq-results .search-result__title").first).to_have_text(
        "Should I use heat or ice on a sore back?"
    )
    expect(page.locator("#faq-results")).not_to_have_attribute("aria-busy", "true")


def test_the_shared_url_shows_the_same_results(page, site):
    page.goto(site + "/faq/?q=heat%20or%20ice")
    expect(page.locator("#faq-results .search-result__title").first).to_have_text(
        "Should I use heat or ice on a sore back?"
    )


def test_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/faq/")
    page.fill("#faq-q", "pins and needles")
    page.press("#faq-q", "Enter")
    page.wait_for_url(re.compile(r"/faq/\?q=pins\+and\+needles"))
    expect(page.locator(".search-result__title").first).to_have_text(
        "What does tingling in my arm or hand mean?"
    )
    page.locator(".search-result summary").first.click()
    expect(page.locator(".search-result .faq-item__answer").first).to_be_visible()
    context.close()


def test_a_link_to_a_question_opens_its_answer(page, site, messages):
    """A search result's title, or a question's link shared in a message, leads to its
    topic page: the reader came for that answer, so it is open, not one more tap away."""
    page.goto(site + "/faq/?q=tingeling+arm")
    page.locator(".search-result__title a").first.click()
    page.wait_for_url(re.compile(r"/faq/[-a-z]+/#what-does-tingling-in-my-arm-or-hand-mean$"))
    question = page.locator("#what-does-tingling-in-my-arm-or-hand-mean")
    expect(question.locator(".faq-item__answer")).to_be_visible()
    expect(page.locator("details.faq-item[open]")).to_have_count(1)  # only that one
    question.locator("summary").click()  # and the reader can still fold it away
    expect(question.locator(".faq-item__answer")).not_to_be_visible()

    # A link to another question on the same page opens that one too.
    page.goto(site + "/faq/#can-muscle-knots-go-away-on-their-own")
    expect(page.locator("#can-muscle-knots-go-away-on-their-own .faq-item__answer")).to_be_visible()
    assert csp_violations(messages) == []


def noted_searches(expected, timeout=5):
    """The searches noted for editors, once `expected` is among them (or the timeout ends)."""
    from search.models import UnansweredSearch

    deadline = time.monotonic() + timeout
    while True:
        noted = set(UnansweredSearch.objects.values_list("query", flat=True))
        if expected in noted or time.monotonic() > deadline:
            return noted
        time.sleep(0.1)


def test_only_the_search_a_reader_settles_on_is_noted_for_editors(page, site):
    page.goto(site + "/faq/")
    search = page.locator("#faq-q")
    live = page.locator("#faq-live")
    search.press_sequentially("wryn", delay=30)
    expect(live).to_have_text("No questions match “wryn”.")  # results for the prefix shown
    search.press_sequentially("eck", delay=30)
    expect(live).to_have_text("No questions match “wryneck”.")
    # Left for a moment to read the results: that search is noted, the prefix never.
    assert noted_searches("wryneck") == {"wryneck"}

    search.fill("")
    search.press_sequentially("lumbago zebra", delay=30)
    expect(live).to_have_text("No questions match “lumbago zebra”.")
    page.goto(site + "/")  # left at once: the search is noted as the page goes
    assert noted_searches("lumbago zebra") == {"wryneck", "lumbago zebra"}
