"""Accessibility and layout in a real browser: axe-core (WCAG 2.2 AA) on every public page
at phone and desktop widths in light and dark, keyboard use, reflow, print and no-JS."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import SEED_URL

PUBLIC_PAGES = {
    "home": "/",
    "category": "/news/",
    "subcategory": "/news/healthcare-blog/",
    "article": SEED_URL,
    "faq": "/faq/",
    "faq topic": "/faq/pain-symptoms-and-getting-help/",
    "faq results": "/faq/?q=knots+in+my+shoulders",
    "faq typo": "/faq/?q=tingeling",
    "faq no results": "/faq/?q=zzqqxx",
    "faq safety notice": "/faq/?q=chest+pain",
    "faq finding a page": "/faq/?q=privacy",
    "faq finding an article first": "/faq/?q=theracane+how+to+use",
    "author": "/authors/knotsite-clinical-team/",
    "tag": "/tags/muscle-knots/",
    "topics": "/tags/",
    "authors": "/authors/",
    "about": "/about/",
    "404": "/no-such-page/",
    "404 with suggestions": "/news/healthcare-blog/techniques-to-alleviate-upper-back/",
    "404 offering a page": "/about-us/",
    "404 with a safety notice": "/news/healthcare-blog/chest-pain/",
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()


@pytest.fixture
def reader(browser, site, request):
    """A page at the width and colour scheme the test asks for."""
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def violations(page):
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return result.generate_report() if result.violations_count else ""


@pytest.mark.parametrize(
    "reader",
    [(375, "light"), (1280, "light"), (375, "dark"), (1280, "dark")],
    indirect=True,
    ids=["375-light", "1280-light", "375-dark", "1280-dark"],
)
def test_every_public_page_passes_axe_with_no_console_errors(reader, site):
    reports = {}
    for name, path in PUBLIC_PAGES.items():
        reader.goto(site + path)
        # Open every FAQ answer so axe checks the text inside too.
        reader.locator("details").evaluate_all("els => els.forEach(e => { e.open = true; })")
        report = violations(reader)
        if report:
            reports[name] = report
    assert not reports, "\n\n".join(f"== {n} ==\n{r}" for n, r in reports.items())
    expected_404 = [e for e in reader.console_errors if "404" in e]
    not_found_pages = sum(name.startswith("404") for name in PUBLIC_PAGES)
    assert reader.console_errors == expected_404 and len(expected_404) <= not_found_pages


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, site):
    page.goto(site + SEED_URL)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + SEED_URL + "#main")
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.locator("main :focus").count() == 1


def test_every_focusable_element_shows_a_visible_focus_style(page, site):
    for path in (SEED_URL, "/faq/"):
        page.goto(site + path)
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.locator(":focus")
            if focused.count() == 0:
                break
            style = focused.evaluate(
                "el => { const s = getComputedStyle(el);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
            )
            outline, width, shadow = style
            assert (outline != "none" and width != "0px") or shadow != "none", focused.evaluate(
                "el => el.outerHTML.slice(0, 120)"
            )


def test_faq_answers_open_and_close_by_keyboard(page, site):
    page.goto(site + "/faq/")
    summary = page.locator("details.faq-item > summary").first
    details = page.locator("details.faq-item").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(details).not_to_have_attribute("open", "")


TARGETS = "a:not(p a):not(li > p a):not(.prose a):not(.sources a), button, input, summary, select"


def test_interactive_targets_are_at_least_24_by_24(page, site):
    page.set_viewport_size({"width": 375, "height": 800})
    small = []
    for path in PUBLIC_PAGES.values():
        page.goto(site + path)
        for element in page.locator(TARGETS).all():
            box = element.bounding_box()
            if box is None or not element.is_visible():
                continue
            if box["width"] < 24 or box["height"] < 24:
                small.append((path, element.evaluate("el => el.outerHTML.slice(0, 100)"), box))
    assert small == [], "\n".join(map(str, small))


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200-percent-zoom"])
def test_no_horizontal_scrolling_and_text_reflows(page, site, width):
    """640 CSS pixels is a 1280 px window at 200 % zoom."""
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PAGES.values():
        page.goto(site + path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


PLACEHOLDER_FITS = """el => {
    const style = getComputedStyle(el);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [context.measureText(el.placeholder).width, room];
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_a_search_fields_example_is_shown_whole(page, site, width):
    # "e.g. do knots go away by themselves" was cut off at "go away b" on a 390 px phone.
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC_PAGES.values():
        page.goto(site + path)
        for field in page.locator("input[type=search][placeholder]").all():
            width, room = field.evaluate(PLACEHOLDER_FITS)
            assert width <= room, f"{path}: {field.get_attribute('placeholder')!r} is cut off"


def test_every_page_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(site + path)
        assert response.status == (404 if name.startswith("404") else 200)
        expect(page.locator("h1")).to_have_count(1)
    page.goto(site + SEED_URL)
    page.locator("#article-faq ~ details summary, .article-faq summary").first.click()
    expect(page.locator(".article-faq .faq-item__answer").first).to_be_visible()
    context.close()


def test_print_hides_navigation_and_search_and_prints_link_addresses(page, site, make_post):
    page.emulate_media(media="print")
    page.goto(site + SEED_URL)
    for selector in (
        ".site-nav",
        ".site-search",
        ".skip-link",
        ".toc",
        ".breadcrumbs",
        ".article__more",
        ".site-footer__links",
    ):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).display") == "none"
    color = page.locator("body").evaluate("el => getComputedStyle(el).color")
    assert color == "rgb(0, 0, 0)"
    # A link of the site's own prints no address: "(/tags/back-pain/)" leads nowhere from
    # paper. The page's own address, whole, does (a physiotherapist hands a patient their
    # exercises printed).
    for link in page.locator(".article__footer a[href], .site-footer a[href]").all():
        assert link.evaluate("el => getComputedStyle(el, '::after').content") == "none"
    address = page.locator(".site-footer__address")
    expect(address).to_be_visible()
    scheme = "https" if settings.HTTPS else "http"
    expect(address).to_have_text(f"This page: {scheme}://{settings.SITE_DOMAIN}{SEED_URL}")
    # A link elsewhere prints its address after its words.
    post = make_post(body="See [the NHS page](https://www.nhs.uk/conditions/back-pain/).")
    page.goto(site + post.get_absolute_url())
    link = page.locator(".prose a[href^='https://www.nhs.uk']")
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://www.nhs.uk/conditions/back-pain/" in after and "attr" not in after
    page.goto(site + SEED_URL)
    # A source shown by its address is printed once, not followed by it again in brackets.
    source = page.locator(".sources a.url").first
    assert source.evaluate("el => el.textContent").startswith("https://")
    assert source.evaluate("el => getComputedStyle(el, '::after').content") == "none"
    # The number to call prints as itself, not followed by "(tel:999)".
    phone = page.locator('.article__footer a[href^="tel:"]').first
    assert phone.evaluate("el => getComputedStyle(el, '::after').content") == "none"
    # On paper, "↩" leads nowhere.
    backref = page.locator(".sources .footnote-backref").first
    assert backref.evaluate("el => getComputedStyle(el).display") == "none"
    page.goto(site + "/faq/?q=knots")
    assert page.locator(".search-form").evaluate("el => getComputedStyle(el).display") == "none"
    page.emulate_media(media="screen")  # on screen, the address bar says it
    expect(page.locator(".site-footer__address")).to_be_hidden()
    page.emulate_media(media="print")
    page.goto(site + "/faq/")  # the topic list is for the screen; every answer prints
    assert page.locator(".faq-topics").evaluate("el => getComputedStyle(el).display") == "none"
    expect(page.locator(".faq-item__answer").last).to_be_visible()


def test_dark_scheme_follows_the_system_setting(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + SEED_URL)
    background = page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(17, 24, 22)"
    context.close()
