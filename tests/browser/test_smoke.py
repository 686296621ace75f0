"""The seed article in a real browser: it renders, and the first Tab reaches the skip link."""

from tests.conftest import SEED_URL


def test_article_renders_in_chromium_without_console_errors(page, site, console_errors):
    page.goto(site + SEED_URL)
    assert page.locator("h1").inner_text() == "Techniques to Alleviate Upper Back Muscle Knots"
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert console_errors == []


def test_first_tab_stop_is_the_skip_link_and_it_moves_focus_to_main(page, site):
    page.goto(site + SEED_URL)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_sub_steps_are_lettered_so_that_they_read_apart_from_the_steps(page, site, make_post):
    # Below the letters, Roman numerals, as Word numbers a third level ("1.", "a.", "i.").
    body = (
        "## Rolling\n\n1. Lie down.\n  1. Bend your knees.\n    1. The left.\n  2. Breathe.\n2. Go"
    )
    post = make_post(body=body)
    page.goto(site + post.get_absolute_url())
    markers = page.locator(".prose ol").evaluate_all(
        "lists => lists.map(list => getComputedStyle(list).listStyleType)"
    )
    assert markers == ["decimal", "lower-alpha", "lower-roman"]
