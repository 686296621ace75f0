"""Every public page through HTTP: content, breadcrumbs, visibility and errors."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Category, Post
from faq.models import Question
from knotsite.pagecache import bump_generation
from pages.models import Page

from .admin_forms import admin_form
from .conftest import SEED_URL
from .search_results import result_titles_in

pytestmark = pytest.mark.django_db


def graph_of(html):
    """The JSON-LD nodes of a page by type."""
    nodes = {}
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        for node in data.get("@graph", [data]):
            nodes[node["@type"]] = node
    return nodes


def breadcrumb_items(html):
    nav = re.search(
        r'<nav class="breadcrumbs[^"]*" aria-label="Breadcrumb">(.*?)</nav>', html, re.S
    )
    assert nav, "no breadcrumb nav"
    assert "<ol>" in nav.group(1)
    return [
        (href, bool(current), text)
        for href, current, text in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav.group(1)
        )
    ]


def test_home_lists_latest_posts_and_links_to_the_faq(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Techniques to Alleviate Upper Back Muscle Knots" in html
    assert f'href="{SEED_URL}"' in html
    assert 'href="/faq/"' in html
    body = html[html.index("<body") :]
    assert body.index("<a ") == body.index('<a class="skip-link" href="#main">')


def test_article_page_shows_everything_a_reader_needs(client, demo):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Techniques to Alleviate Upper Back Muscle Knots</h1>" in html
    assert breadcrumb_items(html) == [
        ("/", False, "Home"),
        ("/news/", False, "News"),
        ("/news/healthcare-blog/", False, "Healthcare Blog"),
        (SEED_URL, True, "Techniques to Alleviate Upper Back Muscle Knots"),
    ]
    # 9:00 UTC is 10:00 on UK clocks in April; the same moment either way.
    assert 'Released on <time datetime="2024-04-15T10:00:00+01:00">Apr. 15, 2024</time>' in html
    assert "min read" in html
    # Table of contents links to every section heading, word for word from the seed.
    for heading_id, heading in [
        ("understanding-muscle-knots-why-me", "Understanding Muscle Knots: Why Me?"),
        ("warm-up-to-heat-therapy", "Warm Up to Heat Therapy"),
        (
            "get-rolling-foam-rolling-chair-exercises",
            "Get Rolling: Foam Rolling &amp; Chair Exercises",
        ),
        ("cat-cow-the-spines-favorite-stretch", "Cat-Cow: The Spine&rsquo;s Favorite Stretch"),
        ("pinpoint-pressure-self-massage-techniques", "Pinpoint Pressure: Self-Massage Techniques"),
        ("build-strength-to-fight-back", "Build Strength to Fight Back"),
        (
            "summing-up-take-charge-of-your-back-health",
            "Summing Up: Take Charge of Your Back Health",
        ),
    ]:
        assert f'<h2 id="{heading_id}">{heading}</h2>' in html
        assert f'<a href="#{heading_id}">' in html
    # The lost step-by-step guides are real numbered lists.
    assert html.count("<ol>") >= 6
    assert "Is there anything else" not in html
    # The article's FAQ, and a way to the full FAQ.
    assert '<h2 id="article-faq">Frequently asked questions</h2>' in html
    assert "When should I see a healthcare provider about muscle knots?" in html
    assert 'href="/faq/"' in html
    assert "not a substitute for professional medical advice" in html


@pytest.mark.parametrize("path", [SEED_URL, "/no-such-page/"])
def test_a_reader_can_search_at_the_end_of_an_article_and_on_a_missing_page(client, demo, path):
    # A reader who finishes an article with a question it does not answer, or who followed
    # a broken link, had to find the FAQ page first: both offered a link to it, not the
    # search.
    html = client.get(path).content.decode()
    form = re.search(r'<form class="search-form" action="([^"]+)" method="get"[^>]*>', html)
    assert form, f"{path} has no search form"
    field = re.search(r'<input id="([^"]+)" name="(\w+)" type="search"', html[form.end() :])
    assert re.search(rf'<label for="{field.group(1)}">[^<]+</label>', html)
    results = client.get(form.group(1), {field.group(2): "stiff neck in the morning"})
    assert result_titles_in(results.content.decode())[0] == "Why do I wake up with a stiff neck?"


SEARCH_IN_HEADER = [
    "/news/",
    "/news/healthcare-blog/",
    SEED_URL,
    "/authors/knotsite-clinical-team/",
    "/tags/muscle-knots/",
    "/about/",
]


@pytest.mark.parametrize("path", SEARCH_IN_HEADER)
def test_a_reader_can_search_from_the_header_of_every_page(client, demo, path):
    # A reader on a listing, a profile, a tag or the About page had no search at all, and
    # an article offered one only after its last section: the header now has one.
    html = client.get(path).content.decode()
    header = re.search(r'<header class="site-header">(.*?)</header>', html, re.S).group(1)
    form = re.search(r'<form class="site-search" action="([^"]+)" method="get"[^>]*>', header)
    assert form, f"{path} has no search in its header"
    assert 'role="search"' in form.group(0) and "aria-label=" in form.group(0)
    field = re.search(r'<input id="([^"]+)" name="(\w+)" type="search"', header[form.end() :])
    assert re.search(rf'<label for="{field.group(1)}"[^>]*>[^<]+</label>', header)
    results = client.get(form.group(1), {field.group(2): "heat or ice"}).content.decode()
    assert result_titles_in(results)[0] == "Should I use heat or ice on a sore back?"


@pytest.mark.parametrize(
    "path",
    ["/", "/faq/", "/faq/?q=stiff+neck", "/faq/pain-symptoms-and-getting-help/", "/no-such-page/"],
)
def test_a_page_whose_content_is_a_search_does_not_repeat_it_in_the_header(client, demo, path):
    # The home page, the FAQ page, its topics and the page-not-found page put the search at
    # the top of their content; a box in the header too would leave two to choose between.
    html = client.get(path).content.decode()
    assert 'class="site-search"' not in html
    assert html.count('role="search"') == 1


def test_the_usual_search_address_leads_to_the_site_search(client, demo):
    # Readers and browsers guess /search/?q= for a site's search; it was a bare 404.
    response = client.get("/search/", {"q": "stiff neck"})
    assert response.status_code == 302 and response["Location"] == "/faq/?q=stiff+neck"
    found = result_titles_in(client.get(response["Location"]).content.decode())
    assert "Why do I wake up with a stiff neck?" in found
    assert client.get("/search/")["Location"] == "/faq/"


def test_readers_are_told_which_number_to_call_in_an_emergency(client, demo, settings):
    # The footer and every article said "call your local emergency number" while the
    # site's own safety notices say 999: in an emergency, a reader should not have to think.
    html = client.get(SEED_URL).content.decode()
    assert html.count('In an emergency, call <a href="tel:999">999</a>.') == 2  # article, footer
    assert "local emergency number" not in html
    settings.EMERGENCY_NUMBER = "112"  # a publisher elsewhere sets KNOTSITE_EMERGENCY_NUMBER
    html = client.get("/about/").content.decode()
    assert 'In an emergency, call <a href="tel:112">112</a>.' in html


def test_article_shows_updated_date_only_when_later(client, demo):
    assert "Updated on" not in client.get(SEED_URL).content.decode()
    later = demo.published_at + datetime.timedelta(days=30)
    Post.objects.filter(pk=demo.pk).update(updated_at=later)
    bump_generation()  # a queryset update sends no signal; editors always save()
    html = client.get(SEED_URL).content.decode()
    shown = timezone.localtime(later).isoformat()
    assert f'Updated on <time datetime="{shown}">May 15, 2024</time>' in html


def test_readers_see_the_uk_date_of_a_release(client, make_post):
    """Half past eleven at night in UTC on 30 June is half past midnight on 1 July in London."""
    post = make_post(published_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
    html = client.get(post.get_absolute_url()).content.decode()
    assert re.search(r'Released on <time datetime="[^"]+">Jul\. 1, 2026</time>', html)


def test_an_edit_on_the_uk_day_of_release_shows_no_updated_date(client, make_post):
    """Released at 00:30 on 1 July in London (23:30 UTC on 30 June) and corrected that
    morning: one day for readers, so no "Updated on" beside "Released on"."""
    post = make_post(published_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
    corrected = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)
    Post.objects.filter(pk=post.pk).update(updated_at=corrected)
    bump_generation()  # a queryset update sends no signal; editors always save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Released on" in html and "Updated on" not in html


def test_a_category_with_nothing_published_has_no_page_yet(client, blog, make_post):
    """Like a tag or an FAQ topic: a section editors have made ready, or whose only article
    is a draft or scheduled, is no empty page for readers or search engines, and no link."""
    import xml.etree.ElementTree as ET

    sports = Category.objects.create(name="Sports injuries", slug="sports", parent=blog)
    knee = Category.objects.create(name="Knee", slug="knee", parent=sports)
    make_post(title="Knee draft", slug="knee-draft", category=knee, status=Post.Status.DRAFT)
    make_post(
        title="Knee soon",
        slug="knee-soon",
        category=knee,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )

    def sitemap():
        return client.get("/sitemap.xml").content.decode()

    for path in ("/news/healthcare-blog/sports/", "/news/healthcare-blog/sports/knee/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "We can’t find that page" in response.content.decode()
        assert f"http://127.0.0.1:8000{path}<" not in sitemap()
    assert "Sports injuries" not in client.get("/news/healthcare-blog/").content.decode()

    make_post(title="Knee pain", slug="knee-pain", category=knee)  # live: the tree shows
    for path in ("/news/healthcare-blog/sports/", "/news/healthcare-blog/sports/knee/"):
        assert client.get(path).status_code == 200, path
        assert f"http://127.0.0.1:8000{path}<" in sitemap()
    assert "Sports injuries" in client.get("/news/healthcare-blog/").content.decode()
    ET.fromstring(sitemap())  # still a well-formed sitemap


def test_category_pages_list_posts_and_children(client, demo):
    html = client.get("/news/").content.decode()
    assert "<h1>News</h1>" in html
    assert 'href="/news/healthcare-blog/"' in html
    assert f'href="{SEED_URL}"' in html
    assert breadcrumb_items(html) == [("/", False, "Home"), ("/news/", True, "News")]

    html = client.get("/news/healthcare-blog/").content.decode()
    assert "<h1>Healthcare Blog</h1>" in html
    assert "Apr. 15, 2024" in html
    assert "practical ways to ease and prevent knots" in html
    assert breadcrumb_items(html)[-1] == ("/news/healthcare-blog/", True, "Healthcare Blog")


def test_category_pagination_and_bad_page_values(client, make_post):
    for n in range(23):
        make_post(title=f"Paged {n}", published_at=timezone.now() - datetime.timedelta(hours=n + 1))
    first = client.get("/news/healthcare-blog/").content.decode()
    assert "Page 1 of 3" in first and 'rel="next" href="?page=2"' in first
    third = client.get("/news/healthcare-blog/?page=3").content.decode()
    assert "Page 3 of 3" in third
    for bad in ["0", "-1", "abc", "999999999999999999999", "", "1.5", "%00", "2%27"]:
        response = client.get(f"/news/healthcare-blog/?page={bad}")
        assert response.status_code == 200, bad


@pytest.mark.parametrize("status,delta", [("draft", -1), ("published", 1), ("draft", 1)])
def test_hidden_posts_are_404_and_absent_from_every_list(client, make_post, status, delta):
    post = make_post(
        title="Hidden article",
        status=status,
        published_at=timezone.now() + datetime.timedelta(days=delta),
    )
    assert client.get(post.get_absolute_url()).status_code == 404
    for url in ["/", "/news/", "/news/healthcare-blog/"]:
        assert "Hidden article" not in client.get(url).content.decode()


def test_future_post_appears_once_its_time_comes(client, make_post):
    post = make_post(title="Scheduled", published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(post.get_absolute_url()).status_code == 404
    Post.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(post.get_absolute_url()).status_code == 200


def test_post_under_the_wrong_category_redirects_permanently(client, demo, blog):
    other = Category.objects.create(name="Elsewhere", slug="elsewhere")
    response = client.get(f"/{other.path}/{demo.slug}/")
    assert response.status_code == 301
    assert response["Location"] == SEED_URL
    assert client.get(f"/news/{demo.slug}/").status_code == 301


@pytest.mark.parametrize(
    "url",
    [
        "/news/healthcare-blog/no-such-article/",
        "/no-such-category/",
        "/news/no-such-category/",
        "/news/healthcare-blog/a/b/c/",
        "/techniques-to-alleviate-upper-back-muscle-knots/",
    ],
)
def test_unknown_slugs_and_categories_are_404_in_the_site_design(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'class="skip-link"' in html


@pytest.mark.parametrize(
    "slug",
    [
        "techniques-to-alleviate-upper-back-muscle",  # a link cut short in an email
        "techniques-to-alleviate-upper-back-muscle-knot",
        "techniques-to-aleviate-upper-back-muscle-knots",
    ],
)
def test_a_mistyped_or_cut_short_article_link_suggests_the_article(client, demo, make_post, slug):
    make_post(title="Draft on knots", slug=f"{slug}-draft", status=Post.Status.DRAFT)
    response = client.get(f"/news/healthcare-blog/{slug}/")
    assert response.status_code == 404  # a guess, not a redirect
    html = response.content.decode()
    assert "Were you looking for" in html
    assert f'<a href="{SEED_URL}">Techniques to Alleviate Upper Back Muscle Knots</a>' in html
    assert "Draft on knots" not in html


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # What a sentence leaves on a link pasted into an email, a chat or a text message.
        (f"{SEED_URL})", SEED_URL),
        (f"{SEED_URL}.", SEED_URL),
        (f"{SEED_URL},", SEED_URL),
        (f"{SEED_URL[:-1]}).", SEED_URL),
        (f"{SEED_URL}%20", SEED_URL),
        (f"{SEED_URL}%C2%A0", SEED_URL),  # a no-break space
        (f"{SEED_URL}%22%3E", SEED_URL),  # the end of an HTML attribute
        ("/faq/upper-back-muscle-knots/).", "/faq/upper-back-muscle-knots/"),
        # A phone's keyboard capitalises; a leaflet may print an address in capitals.
        ("/FAQ/", "/faq/"),
        ("/News/Healthcare-Blog/", "/news/healthcare-blog/"),
        (SEED_URL.replace("techniques", "Techniques"), SEED_URL),
        ("/faq/?q=Knots", "/faq/?q=Knots"),  # found as typed: nothing to mend
    ],
)
def test_a_link_with_stray_characters_or_capitals_leads_to_its_page(client, demo, typed, meant):
    response = client.get(typed, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == ([] if typed == meant else [(meant, 301)])


@pytest.mark.parametrize(
    "typed",
    [
        "/news/healthcare-blog/no-such-article/)",  # mended, and still not there: a 404 then
        "//evil.example/)",  # never a redirect off the site
        "/%5Cevil.example/)",
        "/static/css/site.css.",  # files are not pages
    ],
)
def test_a_mended_link_never_leaves_the_site_or_invents_a_page(client, demo, typed):
    response = client.get(typed, follow=True)
    assert response.status_code == 404
    for location, _ in response.redirect_chain:
        assert location.startswith("/") and not location.startswith(("//", "/\\"))


def test_a_link_with_stray_characters_is_mended_only_when_it_is_not_found(client, demo):
    assert client.post(f"{SEED_URL})").status_code in (404, 405)
    assert client.get("/news/healthcare-blog/").status_code == 200


def test_the_old_sites_amp_copy_of_an_article_leads_to_the_article(client, demo):
    # WordPress served each article's AMP copy at <article>/amp/, and Google's AMP cache and
    # old search results still link there; Google asks for a 301 to the article when AMP goes.
    response = client.get(f"{SEED_URL}amp/")
    assert response.status_code == 301
    assert response["Location"] == SEED_URL


@pytest.mark.parametrize("suffix", ["feed/", "comment-page-1/", "print/", "2/"])
def test_an_unknown_address_below_an_article_suggests_the_article(client, demo, suffix):
    response = client.get(f"{SEED_URL}{suffix}")
    assert response.status_code == 404  # not a page of ours: a guess, not a redirect
    html = response.content.decode()
    assert "Were you looking for this article?" in html
    assert f'<a href="{SEED_URL}">Techniques to Alleviate Upper Back Muscle Knots</a>' in html


def test_below_an_article_the_public_may_not_see_nothing_is_offered(client, demo, make_post):
    draft = make_post(title="Draft on knots", status=Post.Status.DRAFT)
    for address in (f"{draft.get_absolute_url()}amp/", f"{draft.get_absolute_url()}print/"):
        response = client.get(address)
        assert response.status_code == 404
        assert "Draft on knots" not in response.content.decode()


def test_an_unrelated_article_link_suggests_nothing(client, demo):
    html = client.get("/news/healthcare-blog/knee-replacement/").content.decode()
    assert "We can’t find that page" in html and "Were you looking for" not in html


@pytest.mark.parametrize(
    "slug",
    [
        "upper-back-knots",  # a link from another site, in its own words
        "muscle-knots-in-the-upper-back",
        "upper-back-muscle-knot-techniques",
        "uper-back-knots",  # and typed from memory
    ],
)
def test_an_article_link_in_other_words_suggests_the_article_those_words_find(
    client, demo, make_post, slug
):
    make_post(
        title="Draft on upper back knots", slug="upper-back-knots-draft", status=Post.Status.DRAFT
    )
    response = client.get(f"/news/healthcare-blog/{slug}/")
    assert response.status_code == 404  # a guess, not a redirect
    html = response.content.decode()
    assert "Were you looking for this article?" in html
    assert f'<a href="{SEED_URL}">Techniques to Alleviate Upper Back Muscle Knots</a>' in html
    assert "Draft on upper back knots" not in html


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("/news/healthcare-blog/knee-replacement/", "knee replacement"),
        ("/news/healthcare-blog/upper-back-knots/", "upper back knots"),
        ("/faq/neck-pain/", "neck pain"),
    ],
)
def test_a_missing_pages_search_box_holds_the_words_of_its_address(client, demo, address, words):
    html = client.get(address).content.decode()
    assert re.search(rf'<input id="missing-q" name="q" type="search" [^>]*value="{words}"', html)


@pytest.mark.parametrize(
    ("address", "meant"),
    [
        ("/about-us/", "/about/"),  # where the old site, and most sites, keep it
        ("/aboutus/", "/about/"),
        ("/contact-us/", "/pages/contact/"),
        ("/pages/contacts/", "/pages/contact/"),
    ],
)
def test_a_link_to_a_page_of_the_site_by_another_name_suggests_the_page(
    client, demo, address, meant
):
    Page.objects.create(title="Contact us", slug="contact", summary="Reach us.", body="Call us.")
    response = client.get(address)
    assert response.status_code == 404  # a guess, not a redirect
    html = response.content.decode()
    assert "Were you looking for this page?" in html
    assert f'<a href="{meant}">' in html


def test_a_made_up_address_at_the_root_suggests_nothing(client, demo):
    html = client.get("/wp-login/").content.decode()
    assert "Were you looking for" not in html


@pytest.mark.parametrize("address", ["/news/healthcare-blog/chest-pain/", "/faq/chest-pain/"])
def test_a_missing_page_whose_address_names_an_emergency_says_where_to_get_help(
    client, demo, address
):
    # A link to a deleted article on chest pain, followed in the middle of one: the 404
    # offered the knots article, and the 999 notice only a search away.
    response = client.get(address)
    assert response.status_code == 404
    html = response.content.decode()
    notice = re.search(r'<div class="safety-notice.*?</div>', html, re.S).group()
    assert "call 999 now" in notice and 'href="tel:999"' in notice
    assert html.index("We can’t find that page") < html.index(notice) < html.index("missing-q")


def test_a_missing_page_naming_no_emergency_shows_no_notice(client, demo):
    html = client.get("/news/healthcare-blog/knee-replacement/").content.decode()
    assert "safety-notice" not in html


@pytest.mark.parametrize("slug", ["k" * 5000, "-".join(["knots"] * 1000)])
def test_a_missing_article_with_a_very_long_address_is_a_plain_404(client, demo, slug):
    response = client.get(f"/news/healthcare-blog/{slug}/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.parametrize(
    "address",
    ["/news/healthcare-blog/2/", "/news/healthcare-blog/2024-04-15/", "/wp-login/", "/faq/x1/"],
)
def test_a_missing_pages_search_box_is_empty_when_its_address_holds_no_words(client, demo, address):
    html = client.get(address).content.decode()
    search_box = re.search(r'<input id="missing-q"[^>]*>', html).group()
    assert "value=" not in search_box


@pytest.mark.parametrize("slug", ["pain-symptoms-and", "pain-symptons-and-getting-help"])
def test_a_mistyped_or_cut_short_faq_topic_link_suggests_the_topic(client, demo, slug):
    response = client.get(f"/faq/{slug}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Were you looking for this FAQ topic?" in html
    assert (
        '<a href="/faq/pain-symptoms-and-getting-help/">Pain, symptoms and getting help</a>' in html
    )


@pytest.mark.parametrize(
    ("slug", "topic"),
    [
        ("posture", '<a href="/faq/posture-work-and-sleep/">Posture, work and sleep</a>'),
        ("exercises", '<a href="/faq/stretching-and-exercise/">Stretching and exercise</a>'),
        ("sleep-posture", '<a href="/faq/posture-work-and-sleep/">Posture, work and sleep</a>'),
    ],
)
def test_a_faq_topic_link_in_other_words_suggests_the_topic_named_so(client, demo, slug, topic):
    response = client.get(f"/faq/{slug}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Were you looking for this FAQ topic?" in html and topic in html


def test_a_faq_topic_with_nothing_published_is_never_suggested(client, demo):
    Question.objects.filter(topic__slug="pain-symptoms-and-getting-help").update(is_published=False)
    html = client.get("/faq/pain-symptoms-and/").content.decode()
    assert "Were you looking for" not in html and "Pain, symptoms" not in html


def test_faq_page_groups_questions_by_topic_with_anchors(client, demo):
    html = client.get("/faq/").content.decode()
    assert "<h1>Frequently asked questions</h1>" in html
    assert "Frequently Asked Questions About Upper Back Muscle Knots" in html
    assert "Pain, symptoms and getting help" in html
    assert html.count('<details class="faq-item"') == Question.objects.published().count() > 20
    assert 'id="what-causes-muscle-knots-in-the-upper-back"' in html
    assert 'action="/faq/" method="get"' in html


def test_every_anchor_on_a_page_is_unique_so_links_land_where_they_say(
    client, make_post, make_question
):
    """An article and its questions, and the FAQ page's many answers, are each rendered on
    their own but shown together: footnotes, "Sources" and headings in one must not take the
    ids of another's, or a back-link or the table of contents jumps to the wrong place."""
    post = make_post(body="## When should I see a doctor?\n\nSoon.[^1]\n\n[^1]: NHS. Back pain.")
    for n, question in enumerate(["When should I see a doctor?", "Is heat safe?"], start=1):
        make_question(
            question=question,
            answer=f"Answer {n}.[^1]\n\n## What to do\n\nRest.\n\n[^1]: Source {n}.",
            post=post,
        )
    safe = Question.objects.get(question="Is heat safe?")
    for url in (post.get_absolute_url(), "/faq/", "/faq/general/"):
        html = client.get(url).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], url
        targets = set(re.findall(r'href="#([^"]+)"', html))
        assert targets <= set(ids), url
        source = re.search(r'<li id="([^"]+)">\s*<p>Source 2\.', html).group(1)
        assert source.startswith(safe.slug), url
        # An answer sits under its question's h3: its own headings come below it.
        assert re.search(r'<h4 id="[^"]+">What to do</h4>', html), url
        first_answer = html.split('class="faq-item__answer prose">', 1)[1].split("</details>")[0]
        assert "<h2" not in first_answer


def test_answers_stored_before_they_had_their_own_anchors_are_rendered_again(make_question):
    import importlib

    from django.apps import apps

    question = make_question(question="Is heat safe?", answer="Yes.[^1]\n\n[^1]: NHS.")
    Question.objects.filter(pk=question.pk).update(answer_html='<li id="fn-1">old</li>')
    migration = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    migration.rerender_answers(apps, None)
    question.refresh_from_db()
    assert f'id="{question.slug}--fn-1"' in question.answer_html


RENDERED_AGAIN = [
    # Lists typed straight under a line of text, or numbered "1)", ran into the paragraph.
    (
        "Steps:\n1) Lie on the roller.\n2) Roll slowly.",
        lambda html: "<p>Steps: 1) Lie on the roller. 2) Roll slowly.</p>",
        "<ol>\n<li>Lie on the roller.</li>",
        (
            "articles.migrations.0011_lists_where_editors_start_them",
            "faq.migrations.0006_lists_where_editors_start_them",
            "pages.migrations.0004_lists_where_editors_start_them",
        ),
    ),
    # A link to a source was read out as "1".
    (
        "Heat helps.[^1]\n\n[^1]: NHS, *Back pain*.",
        lambda html: html.replace('aria-label="Source 1" ', ""),
        'aria-label="Source 1"',
        (
            "articles.migrations.0012_sources_named_for_screen_readers",
            "faq.migrations.0008_sources_named_for_screen_readers",
            "pages.migrations.0005_sources_named_for_screen_readers",
        ),
    ),
    # Print wrote a source's address twice: as its text, then again in brackets.
    (
        "NHS. <https://www.nhs.uk/>",
        lambda html: html.replace('class="url" ', ""),
        'class="url"',
        (
            "articles.migrations.0013_printed_addresses_and_pasted_bullets",
            "faq.migrations.0009_printed_addresses_and_pasted_bullets",
            "pages.migrations.0006_printed_addresses_and_pasted_bullets",
        ),
    ),
    # Bullets pasted from a word processor ran into one line.
    (
        "Do this:\n• Roll slowly.\n• Stop if it hurts.",
        lambda html: "<p>Do this: • Roll slowly. • Stop if it hurts.</p>",
        "<li>Roll slowly.</li>",
        (
            "articles.migrations.0013_printed_addresses_and_pasted_bullets",
            "faq.migrations.0009_printed_addresses_and_pasted_bullets",
            "pages.migrations.0006_printed_addresses_and_pasted_bullets",
        ),
    ),
    # An address typed a line at a time ran into one line.
    (
        "Knotsite Clinic\n12 High Street",
        lambda html: html.replace("<br>", ""),
        "Knotsite Clinic<br>",
        (
            "articles.migrations.0014_lines_typed_on_their_own",
            "faq.migrations.0010_lines_typed_on_their_own",
            "pages.migrations.0007_lines_typed_on_their_own",
        ),
    ),
    # A picture's caption was a tooltip phones never show.
    (
        '![A stretch](/media/posts/a.png "Breathe out as you arch")',
        lambda html: '<p><img alt="A stretch" src="/media/posts/a.png" title="Breathe out"></p>',
        "<figcaption>Breathe out as you arch</figcaption>",
        (
            "articles.migrations.0017_pictures_with_captions",
            "faq.migrations.0011_pictures_with_captions",
            "pages.migrations.0009_pictures_with_captions",
        ),
    ),
    # Sub-steps indented by two spaces ran into their step as text.
    (
        "1. Lie down.\n  - Bend your knees.\n2. Roll.",
        lambda html: "<ol>\n<li>Lie down.<br>\n  - Bend your knees.</li>\n<li>Roll.</li>\n</ol>",
        "<li>Lie down.<ul>",
        (
            "articles.migrations.0018_sub_steps_nested_as_typed",
            "faq.migrations.0012_sub_steps_nested_as_typed",
            "pages.migrations.0010_sub_steps_nested_as_typed",
        ),
    ),
    # Word's sub-steps ran into their step as text.
    (
        "1.\tLie down.\na.\tBend your knees.\n2.\tRoll.",
        lambda html: "<ol>\n<li>Lie down.<br>\na.  Bend your knees.</li>\n<li>Roll.</li>\n</ol>",
        "<li>Lie down.<ol>",
        (
            "articles.migrations.0019_lists_and_tables_pasted_from_word",
            "faq.migrations.0013_lists_and_tables_pasted_from_word",
            "pages.migrations.0011_lists_and_tables_pasted_from_word",
        ),
    ),
    # A table pasted from a spreadsheet ran into one line of words.
    (
        "Exercise\tSets\nRows\t3\nPlank\t2",
        lambda html: "<p>Exercise    Sets<br>\nRows    3<br>\nPlank   2</p>",
        "<th>Exercise</th>",
        (
            "articles.migrations.0019_lists_and_tables_pasted_from_word",
            "faq.migrations.0013_lists_and_tables_pasted_from_word",
            "pages.migrations.0011_lists_and_tables_pasted_from_word",
        ),
    ),
]


@pytest.mark.parametrize(("text", "stored_before", "rendered_now", "migrations"), RENDERED_AGAIN)
def test_texts_stored_before_a_change_to_rendering_are_rendered_again(
    make_post, make_question, text, stored_before, rendered_now, migrations
):
    import importlib

    from django.apps import apps

    stored = [
        (make_post(body=text), "body_html"),
        (make_question(question="A question?", answer=text), "answer_html"),
        (Page.objects.create(title="Guide", slug="guide", body=text), "body_html"),
    ]
    for thing, field in stored:
        old = stored_before(getattr(thing, field))
        assert rendered_now not in old
        type(thing).objects.filter(pk=thing.pk).update(**{field: old})
    for migration in migrations:
        importlib.import_module(migration).render_again(apps, None)
    for thing, field in stored:
        thing.refresh_from_db()
        assert rendered_now in getattr(thing, field), type(thing).__name__


def test_an_answer_rendered_again_also_gets_its_plain_text_again(make_question):
    """JSON-LD gives each answer's plain text, kept beside its HTML at each save: rendering
    stored answers again left it as it was, "Lie down. - Bend your knees." and all."""
    import importlib

    from django.apps import apps

    from faq.models import Question

    question = make_question(answer="1. Lie down.\n  - Bend your knees.\n2. Roll.")
    Question.objects.filter(pk=question.pk).update(
        answer_html="<ol>\n<li>Lie down.<br>\n  - Bend your knees.</li>\n<li>Roll.</li>\n</ol>",
        answer_text="Lie down. - Bend your knees. Roll.",
    )
    importlib.import_module("faq.migrations.0012_sub_steps_nested_as_typed").render_again(
        apps, None
    )
    question.refresh_from_db()
    assert "<ul>" in question.answer_html and "-" not in question.answer_text
    assert "Bend your knees" in question.answer_text


@pytest.mark.parametrize(
    "migration",
    [
        "0014_lines_typed_on_their_own",
        "0015_pictures_with_captions",
        "0021_sub_steps_nested_as_typed",
        "0022_lists_and_tables_pasted_from_word",
    ],
)
def test_safety_notices_stored_before_a_change_to_rendering_are_rendered_again(migration):
    import importlib

    from django.apps import apps

    from search.models import SafetyNotice

    notice = SafetyNotice.objects.create(
        terms="fainting", heading="Fainting", message="Call 999 if:\nthey do not wake up"
    )
    assert "if:<br>" in notice.message_html
    SafetyNotice.objects.filter(pk=notice.pk).update(message_html="<p>old</p>")
    importlib.import_module(f"search.migrations.{migration}").render_again(apps, None)
    notice.refresh_from_db()
    assert "if:<br>" in notice.message_html


def test_each_faq_topic_has_a_page_of_its_own(client, demo, make_question):
    from faq.models import Topic

    topic = Topic.objects.create(name="Sports injuries", slug="sports-injuries", order=99)
    for n in range(12):
        make_question(topic=topic, question=f"Sports question {n}?", answer=f"Answer {n}.")
    make_question(topic=topic, question="A draft sports question?", is_published=False)

    index = client.get("/faq/").content.decode()
    assert '<a href="#topic-sports-injuries">Sports injuries (12)</a>' in index
    assert index.count(">Sports question") == 12  # the FAQ page still holds every question
    assert '<h2 id="topic-sports-injuries"><a href="/faq/sports-injuries/">' in index

    response = client.get("/faq/sports-injuries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sports injuries</h1>" in html
    assert html.count('<details class="faq-item"') == 12
    assert 'id="sports-question-11"' in html and "A draft sports question?" not in html
    assert [text for _, _, text in breadcrumb_items(html)] == [
        "Home",
        "Frequently asked questions",
        "Sports injuries",
    ]
    nodes = graph_of(html)
    assert nodes["BreadcrumbList"]["itemListElement"][-1]["name"] == "Sports injuries"
    assert "FAQPage" not in nodes  # marked up once on the site, on /faq/ or an article

    # A search result links to the question on its topic's page, where it always is.
    results = client.get("/faq/", {"q": "sports question 11"}).content.decode()
    assert 'href="/faq/sports-injuries/#sports-question-11"' in results

    assert client.get("/faq/no-such-topic/").status_code == 404
    empty = Topic.objects.create(name="Empty", slug="empty")
    make_question(topic=empty, question="Only a draft?", is_published=False)
    assert client.get("/faq/empty/").status_code == 404
    assert "Empty" not in client.get("/faq/").content.decode()


@pytest.mark.parametrize("path", ["/faq/", "/faq/general/"])
def test_an_answer_leads_to_the_article_that_treats_its_question(
    client, demo, make_post, make_question, path
):
    # An answer on the FAQ pages is a paragraph; the article its question comes from goes
    # step by step, but a reader there had no way to it.
    make_question(question="How do I foam roll?", slug="foam-roll", answer="Slowly.", post=demo)
    scheduled = make_post(
        title="Coming soon", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    make_question(question="What is coming?", slug="coming", post=scheduled)
    make_question(question="On its own?", slug="alone")

    def read_more(html, slug):
        answer = re.search(rf'<details class="faq-item" id="{slug}">.*?</details>', html, re.S)
        found = re.search(r'Read more in our article <a href="([^"]+)">([^<]+)</a>', answer[0])
        return found and found.groups()

    html = client.get(path).content.decode()
    assert read_more(html, "foam-roll") == (SEED_URL, demo.title)
    # A search result's full answer too.
    found = client.get("/faq/", {"q": "foam roll"}).content.decode()
    result = re.search(r'<li class="search-result" id="foam-roll">.*?</li>', found, re.S)[0]
    assert f'Read more in our article <a href="{SEED_URL}">' in result
    # Only a published article is offered, and a question without one offers none.
    assert read_more(html, "coming") is None and read_more(html, "alone") is None
    assert "Coming soon" not in html

    demo.status = Post.Status.DRAFT
    demo.save()  # unpublished: the FAQ pages stop offering it at once
    html = client.get(path).content.decode()
    assert read_more(html, "foam-roll") is None and "How do I foam roll?" in html


def test_a_question_never_takes_an_id_the_faq_page_uses(client, admin_client, make_question):
    """The skip link goes to #main: a question called "Main?" must not catch it."""
    question = make_question(question="Main?", answer="The main answer.")
    assert question.slug == "main-2"
    html = client.get("/faq/").content.decode()
    assert html.count(' id="main"') == 1

    url = f"/admin/faq/question/{question.pk}/change/"
    form = {**admin_form(admin_client, url), "slug": "faq-results"}
    response = admin_client.post(url, form)
    assert "“faq-results” is used by the FAQ page itself." in response.content.decode()
    question.refresh_from_db()
    assert question.slug == "main-2"


def test_renaming_a_faq_topic_redirects_its_old_page(client, demo):
    from faq.models import Topic

    topic = Topic.objects.get(slug="posture-work-and-sleep")
    topic.slug = "posture-and-sleep"
    topic.save()
    response = client.get("/faq/posture-work-and-sleep/")
    assert response.status_code == 301 and response["Location"].endswith("/faq/posture-and-sleep/")
    assert client.get("/faq/posture-and-sleep/").status_code == 200


def test_faq_hides_unpublished_questions(client, demo, make_question):
    make_question(question="Secret draft question?", is_published=False)
    assert "Secret draft question?" not in client.get("/faq/").content.decode()
    assert "Secret draft question?" not in client.get("/faq/?q=secret").content.decode()


def test_faq_search_shows_matches_best_first_with_a_count(client, demo):
    html = client.get("/faq/", {"q": "see a healthcare provider"}).content.decode()
    assert "match “see a healthcare provider”" in html
    first = result_titles_in(html)[0]
    assert first == "When should I see a healthcare provider about muscle knots?"


def test_the_result_count_reads_as_english_for_one_and_for_many(client, make_question):
    make_question(question="Is swimming good for back pain?", answer="Yes, gently.")
    make_question(question="Is walking good for back pain?", answer="Yes, every day.")
    html = client.get("/faq/", {"q": "swimming"}).content.decode()
    assert "1 question matches “swimming”." in html
    html = client.get("/faq/", {"q": "good for back pain"}).content.decode()
    assert "2 questions match “good for back pain”." in html


def test_a_search_that_matches_more_than_it_shows_says_so(client, make_question):
    for n in range(25):
        make_question(question=f"Posture question {n}?", answer="About posture.")
    html = client.get("/faq/", {"q": "posture"}).content.decode()
    assert html.count('class="search-result"') == 20
    assert "More than 20 questions match “posture”: these are the 20 closest." in html
    assert "Add a word or two to narrow them down." in html
    # None of them has "zebra": they are not called matches of the whole search.
    html = client.get("/faq/", {"q": "posture zebra"}).content.decode()
    assert (
        "More than 20 questions match some of the words in “posture zebra”: these are the 20 "
        "closest."
    ) in html
    # Two of them have "sitting" too: only those are called matches of the whole search.
    make_question(question="Posture when sitting?", answer="About posture.")
    make_question(question="Sitting all day?", answer="Mind your posture.")
    html = client.get("/faq/", {"q": "sitting posture"}).content.decode()
    assert (
        "2 of the 20 closest questions match “sitting posture”; the others, and more besides, "
        "match some of its words. Add a word or two to narrow them down."
    ) in html
    assert "More than 20 questions match “sitting posture”" not in html


def test_faq_search_with_no_results_helps_the_reader(client, demo):
    html = client.get("/faq/", {"q": "zzzxxqq"}).content.decode()
    assert "No questions match “zzzxxqq”." in html
    assert "browse every question" in html


@pytest.mark.parametrize(
    "q", ['"unbalanced', "a" * 5000, "knots\x00", "(((", "AND OR NOT *", "肩こり 😀"]
)
def test_faq_search_survives_any_input(client, demo, q):
    assert client.get("/faq/", {"q": q}).status_code == 200


def test_articles_faq_links_only_its_own_questions(client, demo, make_question):
    make_question(question="Unrelated question?")
    html = client.get(SEED_URL).content.decode()
    assert "Unrelated question?" not in html
    assert html.count('<details class="faq-item"') == 6


def test_templates_have_no_inline_script_or_style(client, demo):
    for url in ["/", "/news/", SEED_URL, "/faq/", "/faq/?q=knots", "/missing/"]:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        # Only external scripts and JSON-LD data blocks, which never execute.
        assert not re.search(
            r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")[^>]*>', html
        ), url


def test_no_template_comment_runs_over_lines():
    # Django reads {# … #} on one line only: one running over lines is shown to readers, as
    # the FAQ search's results showed "{# The articles a search found: …".
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    folders = [root / "templates", *root.glob("[!.]*/templates")]  # the site's, each app's
    for template in (path for folder in folders for path in folder.rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            opened = line.rfind("{#")
            assert opened == -1 or "#}" in line[opened:], f"{template}:{number}"


def test_the_topics_of_the_articles_have_a_page_of_their_own(client, demo, make_post):
    # A reader on a tag page had no way to the others, and /tags/ (the address with the
    # tag cut off) was a 404.
    from articles.models import Tag

    neck = Tag.objects.create(name="Neck pain", slug="neck-pain")
    make_post(title="Chin tucks").tags.add(neck)
    make_post(title="Neck draft", status=Post.Status.DRAFT).tags.add(
        Tag.objects.create(name="Only on a draft", slug="only-on-a-draft")
    )
    response = client.get("/tags/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Articles by topic</h1>" in html
    listed = re.findall(r'<a href="(/tags/[^"]+)">([^<]+)</a>\s*\((\d+) articles?\)', html)
    assert ("/tags/neck-pain/", "Neck pain", "1") in listed
    assert ("/tags/muscle-knots/", "Muscle knots", "1") in listed
    assert [name for _, name, _ in listed] == sorted(name for _, name, _ in listed)
    assert "Only on a draft" not in html
    assert [text for _, _, text in breadcrumb_items(html)] == ["Home", "Topics"]

    tag_page = client.get("/tags/neck-pain/").content.decode()
    assert breadcrumb_items(tag_page) == [
        ("/", False, "Home"),
        ("/tags/", False, "Topics"),
        ("/tags/neck-pain/", True, "Neck pain"),
    ]
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', tag_page, re.S).group(1))
    assert [item["name"] for item in ld["itemListElement"]] == ["Home", "Topics", "Neck pain"]


def test_who_writes_and_reviews_the_articles_has_a_page(client, demo, make_post):
    from articles.models import Author

    ghost = Author.objects.create(name="Draft Writer", slug="draft-writer")
    make_post(title="Unfinished", author=ghost, status=Post.Status.DRAFT)
    response = client.get("/authors/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Who writes and reviews our articles</h1>" in html
    # The seed article's writer and its medical reviewer, each with their credentials.
    assert '<a href="/authors/knotsite-clinical-team/">Knotsite Clinical Team</a>' in html
    assert '<a href="/authors/knotsite-clinical-review-panel/">' in html
    assert "Chartered physiotherapists" in html
    assert "Draft Writer" not in html
    assert [text for _, _, text in breadcrumb_items(html)] == ["Home", "Authors"]
    profile = client.get("/authors/knotsite-clinical-team/").content.decode()
    assert [text for _, _, text in breadcrumb_items(profile)] == [
        "Home",
        "Authors",
        "Knotsite Clinical Team",
    ]
    # The About page, where a reader checks who stands behind the advice, leads there.
    assert 'href="/authors/"' in client.get("/about/").content.decode()


def test_the_topic_and_author_lists_are_in_the_sitemap(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/tags/</loc>" in xml and "/authors/</loc>" in xml


def test_pages_staff_add_are_linked_at_the_foot_of_every_page(client, admin_client, demo):
    # A "Contact us" or "Privacy" page staff wrote had an address but no link anywhere:
    # only About was in the footer, written into the template.
    def footer_links(path):
        html = client.get(path).content.decode()
        footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
        return re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)

    for path in ("/", SEED_URL, "/faq/"):
        footer_links(path)  # cached before the page exists
    form = admin_form(admin_client, "/admin/pages/page/add/")
    form.update(
        title="Contact us", slug="contact", summary="How to reach the clinic.", body="Call us."
    )
    assert admin_client.post("/admin/pages/page/add/", form).status_code == 302
    for path in ("/", SEED_URL, "/faq/"):
        links = footer_links(path)
        assert ("/pages/contact/", "Contact us") in links, path
        assert ("/about/", "About us and our editorial policy") in links, path

    # A page meant to be reached some other way (a leaflet's address) stays out of it.
    contact = Page.objects.get(slug="contact")
    form = admin_form(admin_client, f"/admin/pages/page/{contact.pk}/change/")
    form.pop("in_footer")  # an unticked box is not sent
    assert admin_client.post(f"/admin/pages/page/{contact.pk}/change/", form).status_code == 302
    assert ("/pages/contact/", "Contact us") not in footer_links("/")
    assert client.get("/pages/contact/").status_code == 200


def test_a_site_without_an_about_page_has_no_dead_link_to_it(client, demo):
    assert 'href="/about/">editorial policy</a>' in client.get(SEED_URL).content.decode()
    Page.objects.filter(slug="about").delete()
    for url in ["/", SEED_URL]:
        html = client.get(url).content.decode()
        assert 'href="/about/"' not in html, url
