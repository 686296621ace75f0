"""What a health publisher's pages carry: bylines, sources, callouts, disclaimers, related
reading, tags, feeds, sitemap, robots.txt, head metadata and JSON-LD."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Author, Category, Post, Tag
from faq.models import Question
from pages.models import Page

from .conftest import SEED_URL
from .search_results import result_titles_in

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"  # settings.SITE_DOMAIN in tests, over plain HTTP


def ld_blocks(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def graph_types(html):
    types = {}
    for block in ld_blocks(html):
        for node in block.get("@graph", [block]):
            types[node["@type"]] = node
    return types


def meta(html, attr, name):
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def test_article_bylines_link_to_profiles_with_credentials(client, demo):
    html = client.get(SEED_URL).content.decode()
    assert (
        'Written by <a rel="author" href="/authors/knotsite-clinical-team/">Knotsite Clinical Team'
        '</a>, <span class="credentials">Chartered physiotherapists</span>'
    ) in html
    assert 'Medically reviewed by <a href="/authors/knotsite-clinical-review-panel/">' in html
    assert "Page last reviewed: <time" in html and "Next review due: <time" in html


def test_profile_pages_list_written_and_reviewed_published_articles(client, demo, make_post):
    reviewer = Author.objects.get(slug="knotsite-clinical-review-panel")
    make_post(title="Reviewed draft", status="draft", reviewer=reviewer)
    make_post(title="Reviewed and live", reviewer=reviewer)
    html = client.get("/authors/knotsite-clinical-review-panel/").content.decode()
    assert "<h1>Knotsite Clinical Review Panel</h1>" in html
    assert "Senior physiotherapists registered with the HCPC" in html
    assert "Techniques to Alleviate Upper Back Muscle Knots" in html
    assert "Reviewed and live" in html and "Reviewed draft" not in html
    assert client.get("/authors/nobody/").status_code == 404


def test_footnotes_become_a_sources_section(client, demo):
    html = client.get(SEED_URL).content.decode()
    assert '<h2 id="sources">Sources</h2>' in html
    assert '<a href="#sources">Sources</a>' in html
    assert "https://www.nhs.uk/conditions/back-pain/" in html
    assert 'class="footnote-backref" href="#fnref-nhs"' in html


def test_care_level_callouts_carry_their_level_as_text(client, demo):
    html = client.get(SEED_URL).content.decode()
    for level, label in [
        ("see-a-doctor", "See a doctor: "),
        ("urgent", "Urgent: "),
        ("emergency", "Emergency: "),
    ]:
        assert f'<div class="admonition {level}" role="note">' in html
        assert f'<span class="callout-level">{label}</span>' in html


def test_every_article_carries_a_medical_disclaimer(client, make_post):
    post = make_post(title="Short note")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'aria-label="Medical disclaimer"' in html
    assert "not a diagnosis or a substitute for professional medical advice" in html
    assert 'href="/about/"' in html


def test_about_page_is_editable_in_the_admin(client, admin_client, demo):
    html = client.get("/about/").content.decode()
    assert "<h1>About us and our editorial policy</h1>" in html
    assert "How we review" in html
    page = Page.objects.get(slug="about")
    response = admin_client.post(
        f"/admin/pages/page/{page.pk}/change/",
        {
            "title": page.title,
            "slug": "about",
            "summary": page.summary,
            "body": "## Our promise\n\nWe correct errors **fast**.",
            "in_footer": "on",
            "version": str(page.version),  # the copy the editor opened
        },
    )
    assert response.status_code == 302
    html = client.get("/about/").content.decode()
    assert "<strong>fast</strong>" in html and "How we review" not in html
    assert 'href="/about/"' in client.get("/").content.decode()


def test_related_articles_prefer_shared_tags_and_hide_unpublished(client, demo, make_post):
    knots = Tag.objects.get(slug="muscle-knots")
    back = Tag.objects.get(slug="back-pain")
    two = make_post(title="Shares two tags")
    two.tags.set([knots, back])
    one = make_post(title="Shares one tag", published_at=timezone.now())
    one.tags.set([knots])
    draft = make_post(title="Draft with tags", status="draft")
    draft.tags.set([knots, back])
    html = client.get(SEED_URL).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index("Shares two tags") < related.index("Shares one tag")
    assert "Draft with tags" not in related


def test_related_articles_are_not_crowded_out_by_unpublished_posts(client, demo, make_post):
    # Many drafts and scheduled posts sharing more tags than any published post must not hide
    # the published ones: readers are shown the best published matches.
    knots = Tag.objects.get(slug="muscle-knots")
    back = Tag.objects.get(slug="back-pain")
    for n in range(40):
        hidden = make_post(
            title=f"Hidden {n}",
            status="draft" if n % 2 else "published",
            published_at=timezone.now() + datetime.timedelta(days=1 + n),
        )
        hidden.tags.set([knots, back])
    elsewhere = Category.objects.create(name="Sport", slug="sport")
    make_post(title="Shares one tag", category=elsewhere).tags.set([knots])
    for n in range(3):  # newer, same category, no shared tag: only a fallback
        make_post(title=f"Same category {n}", published_at=timezone.now())
    html = client.get(SEED_URL).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert "Shares one tag" in related
    assert "Hidden" not in related


def test_related_articles_show_the_newest_of_equally_related_posts(client, demo, make_post):
    """Among posts sharing as many tags, the newest comes first, however many there are and
    in whatever order they were written: a draft started long ago and published today is
    the newest, not the oldest."""
    knots = Tag.objects.get(slug="muscle-knots")
    back = Tag.objects.get(slug="back-pain")
    long_draft = make_post(title="Started long ago, published today", status="draft")
    long_draft.tags.set([knots, back])
    for n in range(40):
        make_post(
            title=f"Older match {n}", published_at=timezone.now() - datetime.timedelta(days=2 + n)
        ).tags.set([knots, back])
    long_draft.status = "published"
    long_draft.published_at = timezone.now() - datetime.timedelta(hours=1)
    long_draft.save()
    html = client.get(SEED_URL).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index("Started long ago, published today") < related.index("Older match 0")
    assert "Older match 1<" in related and "Older match 2<" not in related


def test_tag_pages_list_published_articles(client, demo, make_post):
    draft = make_post(title="Draft knots", status="draft")
    draft.tags.set([Tag.objects.get(slug="muscle-knots")])
    html = client.get("/tags/muscle-knots/").content.decode()
    assert "<h1>Articles about Muscle knots</h1>" in html
    assert "Techniques to Alleviate Upper Back Muscle Knots" in html
    assert "Draft knots" not in html
    assert 'href="/tags/muscle-knots/"' in client.get(SEED_URL).content.decode()
    assert client.get("/tags/nothing/").status_code == 404


def test_a_tag_with_no_published_article_has_no_page(client, demo, make_post):
    # An empty listing answered 200 is a page of nothing to readers and a "soft 404" to
    # search engines; it comes back when an article with the tag is published.
    tag = Tag.objects.create(name="Shin splints", slug="shin-splints")
    draft = make_post(title="Shin splints draft", status="draft")
    draft.tags.set([tag])
    response = client.get("/tags/shin-splints/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    Post.objects.filter(pk=draft.pk).update(status="published")
    draft.refresh_from_db()
    draft.save()  # as the admin saves it, so cached pages update
    assert client.get("/tags/shin-splints/").status_code == 200


@pytest.mark.parametrize(
    "url,kind",
    [
        ("/feeds/rss/", "rss"),
        ("/feeds/atom/", "atom"),
        ("/feeds/news/healthcare-blog/rss/", "rss"),
        ("/feeds/news/atom/", "atom"),
    ],
)
def test_feeds_list_published_posts_only(client, demo, make_post, url, kind):
    make_post(title="Future post", published_at=timezone.now() + datetime.timedelta(days=1))
    make_post(title="Draft post", status="draft")
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if kind == "rss":
        titles = [item.findtext("title") for item in root.iter("item")]
    else:
        ns = "{http://www.w3.org/2005/Atom}"
        titles = [entry.findtext(f"{ns}title") for entry in root.iter(f"{ns}entry")]
    assert titles == ["Techniques to Alleviate Upper Back Muscle Knots"]


def test_feeds_are_advertised_in_the_head(client, demo):
    head = client.get(SEED_URL).content.decode().split("</head>")[0]
    assert 'type="application/rss+xml"' in head and 'href="/feeds/rss/"' in head
    assert 'href="/feeds/atom/"' in head
    assert 'href="/feeds/news/healthcare-blog/rss/"' in head
    assert client.get("/feeds/no-such-category/rss/").status_code == 404


@pytest.mark.parametrize("guess", ["/feed/", "/rss/"])
def test_feed_readers_guessing_the_usual_feed_address_find_the_feed(client, demo, guess):
    # A reader who types the site's address with /feed/ (WordPress's, and the old site's
    # likely) or /rss/ into a feed reader got a 404 page, which no feed reader can read.
    response = client.get(guess)
    assert response.status_code == 301 and response["Location"] == "/feeds/rss/"
    root = ET.fromstring(client.get(response["Location"]).content)
    assert root.find("channel/item/title").text == "Techniques to Alleviate Upper Back Muscle Knots"


@pytest.mark.parametrize(
    "guess,feed",
    [
        ("/news/healthcare-blog/feed/", "/feeds/news/healthcare-blog/rss/"),
        ("/news/healthcare-blog/rss/", "/feeds/news/healthcare-blog/rss/"),
        ("/news/healthcare-blog/atom/", "/feeds/news/healthcare-blog/atom/"),
        ("/news/feed/", "/feeds/news/rss/"),
    ],
)
def test_feed_readers_guessing_a_categorys_feed_address_find_it(client, demo, guess, feed):
    """A feed reader given a category's page with /feed/ on the end (WordPress's category
    feeds) got a page not found, which it cannot read, instead of that category's feed."""
    response = client.get(guess)
    assert response.status_code == 301 and response["Location"] == feed
    assert client.get(feed).status_code == 200


def test_an_article_named_feed_is_served_not_taken_for_a_feed(client, make_post):
    post = make_post(title="Feed your muscles", slug="feed")
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/no-such-category/rss/").status_code == 404


def test_sitemap_lists_articles_with_lastmod_categories_faq_and_listings(client, demo, make_post):
    make_post(title="Draft", slug="a-draft", status="draft")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in root.iter(f"{ns}url")}
    assert entries[BASE + SEED_URL] is not None
    for path in [
        "/",
        "/faq/",
        "/faq/upper-back-muscle-knots/",
        "/news/",
        "/news/healthcare-blog/",
        "/about/",
        "/tags/muscle-knots/",
        "/authors/knotsite-clinical-team/",
        "/authors/knotsite-clinical-review-panel/",  # reviewed articles, wrote none
    ]:
        assert BASE + path in entries, path
    assert not any("a-draft" in loc for loc in entries)
    # A topic's page changes when one of its published questions does.
    newest = Question.objects.filter(topic__slug="upper-back-muscle-knots").latest("updated_at")
    changed = timezone.localtime(newest.updated_at).date().isoformat()
    assert entries[BASE + "/faq/upper-back-muscle-knots/"] == changed


def test_a_post_written_before_it_went_live_is_never_dated_modified_before_published(
    client, demo, make_post
):
    """A scheduled post is saved days before it goes live: the sitemap, the feeds and the
    JSON-LD give its go-live time as its last change, never the earlier save."""
    went_live = timezone.now() - datetime.timedelta(hours=1)
    post = make_post(title="Scheduled", slug="scheduled", published_at=went_live)
    Post.objects.filter(pk=post.pk).update(updated_at=went_live - datetime.timedelta(days=9))
    url = post.get_absolute_url()

    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in root.iter(f"{ns}url")}
    assert entries[BASE + url] == timezone.localtime(went_live).date().isoformat()

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(client.get("/feeds/atom/").content)
    entry = next(e for e in feed.iter(f"{atom}entry") if e.findtext(f"{atom}title") == "Scheduled")
    assert entry.findtext(f"{atom}updated") == entry.findtext(f"{atom}published")

    posting = graph_types(client.get(url).content.decode())["BlogPosting"]
    assert posting["dateModified"] == posting["datePublished"]


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {BASE}/sitemap.xml" in response.content.decode()


def test_browsers_are_offered_the_faq_search_as_a_search_engine(client, demo):
    # OpenSearch: a browser adds the site's search to its address bar ("Tab to search"),
    # so a reader can ask the FAQ without opening it first.
    html = client.get(SEED_URL).content.decode()
    link = re.search(
        r'<link rel="search" type="application/opensearchdescription\+xml"'
        r' title="([^"]+)" href="([^"]+)">',
        html,
    )
    assert link, "every page advertises the search"
    response = client.get(link.group(2))
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    description = ET.fromstring(response.content)
    assert description.findtext(f"{ns}ShortName") == link.group(1) == "Knotsite Health"
    (url,) = [u for u in description.iter(f"{ns}Url") if u.get("type") == "text/html"]
    template = url.get("template")
    assert template == f"{BASE}/faq/?q={{searchTerms}}"
    assert description.findtext(f"{ns}Image").startswith(f"{BASE}/static/")
    # The template leads to the search, typos and all.
    path = template.removeprefix(BASE).replace("{searchTerms}", "nots+in+my+sholders")
    titles = result_titles_in(client.get(path).content.decode())
    assert titles[0] == "Can stress cause tension in my shoulders and neck?"


PAGES = [
    "/",
    "/news/",
    "/news/healthcare-blog/",
    SEED_URL,
    "/faq/",
    "/faq/posture-work-and-sleep/",
    "/about/",
    "/authors/knotsite-clinical-team/",
    "/tags/muscle-knots/",
]


def test_every_page_has_unique_title_description_canonical_and_social_tags(client, demo):
    titles = set()
    for url in PAGES:
        html = client.get(url).content.decode()
        title = re.search(r"<title>([^<]+)</title>", html).group(1)
        titles.add(title)
        assert meta(html, "name", "description"), url
        assert f'<link rel="canonical" href="{BASE}{url}">' in html, url
        assert meta(html, "property", "og:url") == BASE + url
        assert meta(html, "property", "og:title") and meta(html, "property", "og:description")
        assert meta(html, "name", "twitter:card") == "summary"
    assert len(titles) == len(PAGES)


def test_canonical_drops_junk_parameters_but_keeps_the_page_number(client, demo, make_post):
    for n in range(12):
        make_post(title=f"Post {n}")
    html = client.get("/news/healthcare-blog/?page=2&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="{BASE}/news/healthcare-blog/?page=2">' in html
    html = client.get(SEED_URL + "?utm_campaign=y").content.decode()
    assert f'<link rel="canonical" href="{BASE}{SEED_URL}">' in html
    html = client.get("/faq/?q=knots").content.decode()
    assert f'<link rel="canonical" href="{BASE}/faq/">' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_a_printed_search_gives_the_searchs_own_address(client, demo):
    # The address printed at the foot of a page is for finding it again from paper: for a
    # search, its results, not the FAQ page the canonical link names.
    html = client.get("/faq/", {"q": "heat or ice", "utm_source": "x"}).content.decode()
    assert f"This page: {BASE}/faq/?q=heat+or+ice</p>" in html
    assert f'<link rel="canonical" href="{BASE}/faq/">' in html
    html = client.get("/faq/").content.decode()
    assert f"This page: {BASE}/faq/</p>" in html


@pytest.mark.parametrize("url", [SEED_URL, "/faq/", "/about/", "/"])
def test_a_page_number_on_a_page_without_pages_is_not_canonical(client, demo, url):
    # Otherwise every ?page=N of one article is a page of its own to a search engine.
    html = client.get(url + "?page=2").content.decode()
    assert f'<link rel="canonical" href="{BASE}{url}">' in html
    assert meta(html, "property", "og:url") == BASE + url


def test_the_canonical_page_number_is_the_page_shown(client, demo, make_post):
    for n in range(12):
        make_post(title=f"Post {n}")
    # Only two pages: a number past the end, or not a number, shows the last or the first.
    for asked, shown in [("99", "?page=2"), ("abc", ""), ("1", ""), ("-3", "?page=2")]:
        html = client.get(f"/news/healthcare-blog/?page={asked}").content.decode()
        assert f'<link rel="canonical" href="{BASE}/news/healthcare-blog/{shown}">' in html, asked
    # Page 2 leads back to the first page by its one address, not by "?page=1".
    assert '<a rel="prev" href="/news/healthcare-blog/">' in html
    html = client.get("/tags/muscle-knots/?page=2").content.decode()
    assert f'<link rel="canonical" href="{BASE}/tags/muscle-knots/">' in html


def test_article_json_ld_describes_a_reviewed_medical_web_page(client, demo):
    nodes = graph_types(client.get(SEED_URL).content.decode())
    page, posting = nodes["MedicalWebPage"], nodes["BlogPosting"]
    assert page["url"] == BASE + SEED_URL
    assert page["lastReviewed"] == "2026-10-12"
    assert page["reviewedBy"]["name"] == "Knotsite Clinical Review Panel"
    assert posting["headline"] == "Techniques to Alleviate Upper Back Muscle Knots"
    assert posting["datePublished"].startswith("2024-04-15")
    assert posting["dateModified"]
    assert posting["author"]["name"] == "Knotsite Clinical Team"
    assert posting["publisher"]["name"]
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == [
        "Home",
        "News",
        "Healthcare Blog",
        "Techniques to Alleviate Upper Back Muscle Knots",
    ]
    assert crumbs[-1]["item"] == BASE + SEED_URL
    faq = nodes["FAQPage"]["mainEntity"]
    assert len(faq) == 6 and faq[0]["acceptedAnswer"]["text"].startswith("Muscle knots")


def test_article_json_ld_gives_the_articles_own_word_count(client, make_post):
    post = make_post(body="## Why it's sore\n\n" + "Rest & stretch gently. " * 83)
    posting = graph_types(client.get(post.get_absolute_url()).content.decode())["BlogPosting"]
    assert posting["wordCount"] == 3 + 3 * 83  # not the reading time times 200


def test_posts_stored_before_words_were_counted_are_counted_again(make_post):
    import importlib

    from django.apps import apps

    post = make_post(body="It's fine & safe. " * 150)  # 450 words; once counted as 900
    Post.objects.filter(pk=post.pk).update(word_count=0, reading_minutes=5)
    migration = importlib.import_module("articles.migrations.0009_word_count")
    migration.count_words(apps, None)
    post.refresh_from_db()
    assert (post.word_count, post.reading_minutes) == (450, 3)


@pytest.mark.parametrize(
    "url",
    ["/news/", "/news/healthcare-blog/", "/tags/muscle-knots/", "/authors/knotsite-clinical-team/"],
)
def test_pages_with_breadcrumbs_carry_a_breadcrumb_list(client, demo, url):
    nodes = graph_types(client.get(url).content.decode())
    assert nodes["BreadcrumbList"]["itemListElement"][-1]["item"] == BASE + url


def test_faq_page_carries_faq_json_ld(client, demo):
    faq = graph_types(client.get("/faq/").content.decode())["FAQPage"]["mainEntity"]
    assert faq[0]["name"] == "How long should I hold a stretch?"


def faq_markup(client, url):
    return {
        q["name"] for q in graph_types(client.get(url).content.decode())["FAQPage"]["mainEntity"]
    }


def test_each_question_is_marked_up_once_on_the_site(client, demo):
    # Search engines ask for one marked-up copy of each question on a site: an article's
    # own questions on the article, every other one on /faq/ (which lists them all).
    on_article, on_faq = faq_markup(client, SEED_URL), faq_markup(client, "/faq/")
    published = set(Question.objects.published().values_list("question", flat=True))
    assert len(on_article) == 6 and not on_article & on_faq
    assert on_article | on_faq == published
    # An article taken down leaves its questions to /faq/.
    demo.status = Post.Status.DRAFT
    demo.save()
    assert faq_markup(client, "/faq/") == published


def test_faq_json_ld_gives_the_answer_as_plain_text_without_its_sources(client, make_question):
    make_question(
        question="Is heat safe?",
        answer="Yes, if it's warm rather than hot.[^nhs]\n\n[^nhs]: NHS. Back pain.",
    )
    faq = graph_types(client.get("/faq/").content.decode())["FAQPage"]["mainEntity"]
    # Plain text, as a search engine shows it: no "&rsquo;", no footnote marks.
    assert faq[0]["acceptedAnswer"]["text"] == "Yes, if it’s warm rather than hot."


def test_faq_json_ld_follows_an_edited_answer(client, make_question):
    question = make_question(question="Is heat safe?", answer="Yes, if warm.")
    question.answer = "Only if it is warm, never hot."
    question.save(update_fields=["answer"])
    faq = graph_types(client.get("/faq/").content.decode())["FAQPage"]["mainEntity"]
    assert faq[0]["acceptedAnswer"]["text"] == "Only if it is warm, never hot."


def test_answers_stored_before_their_text_was_kept_get_it(make_question):
    # The plain text JSON-LD shows is kept on save, not made again on every request
    # (at 10,000 questions that took 160 ms per FAQ page).
    import importlib

    from django.apps import apps

    question = make_question(answer="It’s fine & safe.[^1]\n\n[^1]: NHS.")
    Question.objects.filter(pk=question.pk).update(answer_text="")
    migration = importlib.import_module("faq.migrations.0007_answer_text")
    migration.keep_answer_text(apps, None)
    question.refresh_from_db()
    assert question.answer_text == "It’s fine & safe."


def test_json_ld_cannot_be_broken_out_of(client, make_post):
    post = make_post(title='Knots </script><script>alert(1)</script> & "quotes"')
    html = client.get(post.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    headline = graph_types(html)["BlogPosting"]["headline"]
    assert headline == 'Knots </script><script>alert(1)</script> & "quotes"'


def test_every_time_element_carries_a_valid_html_datetime(client, demo, make_post):
    # HTML allows at most three digits of a second; an edited post's update time has six.
    post = make_post(published_at=timezone.now() - datetime.timedelta(days=3))
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now().replace(microsecond=123456))
    valid = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d))?$")
    for url in [post.get_absolute_url(), "/", "/news/healthcare-blog/", "/about/", SEED_URL]:
        html = client.get(url).content.decode()
        stamps = re.findall(r'<time datetime="([^"]*)"', html)
        assert stamps, url
        for stamp in stamps:
            assert valid.match(stamp), (url, stamp)
    assert 'Updated on <time datetime="' in client.get(post.get_absolute_url()).content.decode()
