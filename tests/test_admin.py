"""Staff manage content in the Django admin; nobody else gets in."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils.html import escape

from articles.models import Post, Tag
from faq.models import Question
from knotsite.markup import WRITING_GUIDE
from pages.models import Page

from .admin_forms import admin_form

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/post/",
    "/admin/articles/post/add/",
    "/admin/articles/category/",
    "/admin/articles/category/add/",
    "/admin/articles/author/",
    "/admin/articles/tag/",
    "/admin/articles/tag/add/",
    "/admin/articles/image/",
    "/admin/articles/image/add/",
    "/admin/pages/page/",
    "/admin/faq/topic/",
    "/admin/faq/question/",
    "/admin/faq/question/add/",
    "/admin/two-step/",
    "/admin/otp_totp/totpdevice/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_non_staff_users_cannot_use_the_admin(client):
    client.force_login(User.objects.create_user("reader", password="a-long-password-1"))
    assert client.get("/admin/articles/post/").status_code == 302


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_see_every_admin_page(admin_client, demo, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/post/add/?category=abc",
        "/admin/articles/post/add/?author=x&reviewer=1.5",
        "/admin/articles/post/add/?tags=a,b",
        "/admin/articles/post/add/?published_at=next+tuesday",
        "/admin/articles/post/add/?published_at=2026-12-01+09:00&last_reviewed=2026-13-01",
        "/admin/faq/question/add/?topic=x&post=%00",
    ],
)
def test_an_add_link_with_a_wrong_prefill_opens_the_form_without_it(admin_client, demo, url):
    # Add links may carry values for the form (?category=3); a mistyped or stale one is
    # left out of the form, not a server error.
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999", "%00"])
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/articles/post/{post}/change/", "category"),
        ("/admin/articles/post/{post}/change/", "author"),
        ("/admin/articles/post/{post}/change/", "tags"),
        ("/admin/faq/question/{question}/change/", "topic"),
        ("/admin/faq/question/{question}/change/", "post"),
    ],
)
def test_a_chosen_item_that_is_no_id_is_a_form_error_keeping_the_text(
    admin_client, demo, url, field, value
):
    """The lookups (category, author, tags, topic) send ids; a value that is none, from a
    broken browser extension or a hand-made request, was a server error when the form was
    shown again, as Django's widget looked it up unchecked: the editor's text was lost."""
    question = demo.questions.first()
    url = url.format(post=demo.pk, question=question.pk)
    form = admin_form(admin_client, url)
    form[field] = [value] if isinstance(form[field], list) else value
    form["title" if "post/" in url else "answer"] += " (edited)"
    response = admin_client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the error below." in page
    assert "(edited)" in page


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/auth/group/add/", "permissions"),
        ("/admin/auth/user/{user}/change/", "groups"),
        ("/admin/auth/user/{user}/change/", "user_permissions"),
    ],
)
def test_djangos_own_forms_refuse_an_id_too_big_for_the_database(
    admin_client, admin_user, url, field
):
    # The admin's forms from Django and other apps get the same checks as ours.
    url = url.format(user=admin_user.pk)
    form = admin_form(admin_client, url)
    form[field] = ["99999999999999999999"]
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "published_at__year=99999999999999999999",
    ],
)
@pytest.mark.parametrize(
    ("changelist", "field"),
    [
        ("/admin/articles/post/", "published_at"),
        ("/admin/search/unansweredsearch/", "last_searched"),
        ("/admin/axes/accesslog/", "attempt_time"),  # another app's
    ],
)
def test_a_list_by_a_date_out_of_range_opens_the_whole_list(
    admin_client, demo, changelist, field, query
):
    # The lists by date (?published_at__year=2024): Django reached past the last year a
    # date can hold, a 500, where a date that cannot be opens the list whole, as "?...=abc".
    query = query.replace("published_at", field)
    response = admin_client.get(f"{changelist}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{changelist}?e=1"
    assert admin_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/admin/articles/category/{blog}/delete/", "Move them to another category first"),
        ("/admin/faq/topic/{topic}/delete/", "Move them to another topic first"),
    ],
)
def test_a_category_or_topic_in_use_says_what_to_move_not_what_would_be_deleted(
    admin_client, demo, url, says
):
    # Django says the articles "would require deleting": an editor read that the articles
    # would go with the category, when the delete is refused and nothing goes.
    url = url.format(blog=demo.category_id, topic=demo.questions.first().topic_id)
    page = admin_client.get(url).content.decode()
    assert says in page
    assert "would require deleting" not in page
    assert escape(demo.title) in page or escape(demo.questions.first().question) in page


@pytest.mark.parametrize(
    "changelist,action",
    [
        ("/admin/articles/post/", "publish_now"),
        ("/admin/faq/question/", "delete_selected"),
        ("/admin/auth/user/", "delete_selected"),  # Django's own admins too
        ("/admin/redirects/redirect/", "delete_selected"),
    ],
)
def test_a_list_action_on_ids_that_are_not_ids_is_a_bad_request(
    admin_client, demo, changelist, action
):
    response = admin_client.post(changelist, {"action": action, "_selected_action": ["abc"]})
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()
    assert Post.objects.filter(pk=demo.pk).exists()


def test_an_add_link_prefills_the_form(admin_client, demo):
    tags = Tag.objects.order_by("pk")[:2]
    url = f"/admin/articles/post/add/?category={demo.category_id}&tags={tags[0].pk},{tags[1].pk}"
    form = admin_form(admin_client, url + "&title=Shin+splints")
    assert form["category"] == str(demo.category_id)
    assert form["tags"] == [str(tags[0].pk), str(tags[1].pk)]
    assert form["title"] == "Shin splints"


def test_post_list_shows_status_and_dates_and_filters(admin_client, demo):
    html = admin_client.get("/admin/articles/post/").content.decode()
    assert "Techniques to Alleviate Upper Back Muscle Knots" in html
    assert "column-state" in html and "column-published_at" in html
    assert "By state" in html and "By medical review" in html
    html = admin_client.get("/admin/articles/post/?q=knots").content.decode()
    assert "0 of 1 selected" in html
    html = admin_client.get("/admin/articles/post/?q=zzzunmatched").content.decode()
    assert "Techniques to Alleviate" not in html


def test_post_change_page_has_questions_inline_and_view_on_site(admin_client, demo):
    html = admin_client.get(f"/admin/articles/post/{demo.pk}/change/").content.decode()
    assert "What causes muscle knots in the upper back?" in html
    assert "View on site" in html
    assert "prepopulated" in html or "data-prepopulated-field" in html or "prepopulate" in html


def test_staff_create_a_post_through_the_admin_form(admin_client, blog):
    response = admin_client.post(
        "/admin/articles/post/add/",
        {
            "title": "Neck stretches",
            "slug": "neck-stretches",
            "category": blog.pk,
            "summary": "Gentle neck stretches.",
            "body": "## Chin tucks\n\n1. Sit tall.\n2. Tuck your chin.",
            "tags": [Tag.objects.create(name="Neck", slug="neck").pk],
            "status": "published",
            "published_at_0": "2024-05-01",
            "published_at_1": "09:00:00",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="neck-stretches")
    assert [tag.slug for tag in post.tags.all()] == ["neck"]
    assert '<h2 id="chin-tucks">Chin tucks</h2>' in post.body_html
    assert post.toc[0]["id"] == "chin-tucks"
    page = admin_client.get("/news/healthcare-blog/neck-stretches/")
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("typed", "stored_utc"),
    [
        (("2026-07-01", "09:00:00"), "2026-07-01 08:00"),  # British Summer Time
        (("2026-01-15", "09:00:00"), "2026-01-15 09:00"),  # Greenwich Mean Time
    ],
)
def test_an_editor_schedules_in_uk_time(admin_client, blog, typed, stored_utc):
    """The practice, its editors and its readers are in the UK (999, 111, the HCPC): a post
    scheduled for 9 in the morning goes live at 9 o'clock on their clocks, summer or winter."""
    response = admin_client.post(
        "/admin/articles/post/add/",
        {
            "title": "Scheduled",
            "slug": "scheduled",
            "category": blog.pk,
            "summary": "s",
            "body": "Body.",
            "status": "published",
            "published_at_0": typed[0],
            "published_at_1": typed[1],
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    published_at = Post.objects.get(slug="scheduled").published_at
    assert published_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M") == stored_utc


@pytest.mark.parametrize(
    ("path", "long_lines", "sentences"),
    [
        ("/admin/articles/post/add/", ["title", "slug", "featured_image_alt"], ["summary"]),
        ("/admin/faq/question/add/", ["slug"], ["question"]),
        ("/admin/pages/page/add/", ["title", "slug"], ["summary"]),
    ],
)
def test_an_editor_sees_the_whole_of_a_title_or_summary_while_typing_it(
    admin_client, path, long_lines, sentences
):
    """A 200-character title in Django's 20em box showed its first 38 characters; a
    summary of one or two sentences, its first few words."""
    html = admin_client.get(path).content.decode()
    for name in long_lines:
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'class="vLargeTextField"' in field, field
    for name in sentences:
        field = re.search(rf'<textarea [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'maxlength="300"' in field and 'rows="3"' in field, field


def test_an_invalid_admin_form_keeps_what_the_editor_typed(admin_client, blog):
    response = admin_client.post(
        "/admin/articles/post/add/",
        {
            "title": "Unsaved title",
            "slug": "bad slug with spaces",
            "category": blog.pk,
            "summary": "s",
            "body": "Precious words the editor typed.",
            "status": "draft",
            "published_at_0": "2024-05-01",
            "published_at_1": "09:00:00",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert "Precious words the editor typed." in html


def test_staff_add_a_question_and_it_is_rendered_on_save(admin_client, demo):
    topic = Question.objects.first().topic
    response = admin_client.post(
        "/admin/faq/question/add/",
        {
            "topic": topic.pk,
            "question": "Should I use ice or heat?",
            "slug": "",
            "answer": "Heat for **stiffness**.",
            "order": "7",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(slug="should-i-use-ice-or-heat")
    assert "<strong>stiffness</strong>" in question.answer_html
    assert "Should I use ice or heat?" in admin_client.get("/faq/").content.decode()


def test_markdown_fields_show_how_to_write_each_part_of_an_article(admin_client, demo):
    about = Page.objects.get(slug="about")
    for url in [
        f"/admin/articles/post/{demo.pk}/change/",
        "/admin/faq/question/add/",
        f"/admin/pages/page/{about.pk}/change/",
    ]:
        html = admin_client.get(url).content.decode()
        assert '<details class="markdown-guide">' in html, url
        summary = "How to write: headings, steps, sources, callouts, pictures"
        assert f"<summary>{summary}</summary>" in html
        for purpose, example, _ in WRITING_GUIDE:
            assert escape(purpose) in html and escape(example) in html, (url, purpose)


def test_text_too_deeply_nested_to_render_is_a_form_error_not_a_server_error(admin_client, demo):
    body = "Kept words.\n\n" + "".join("\t" * i + "- step\n" for i in range(400))
    url = f"/admin/articles/post/{demo.pk}/change/"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "levels deep" in html and "Kept words." in html
    preview = admin_client.post("/admin/markdown-preview/", {"text": body})
    assert preview.status_code == 400
    assert "levels deep" in preview.content.decode()


def test_a_text_too_long_to_render_in_time_is_a_form_error_that_keeps_it(admin_client, demo):
    # Rendering takes seconds per 100,000 characters (Python-Markdown, then bleach): a whole
    # book pasted in would outlast the server's timeout, and the editor would get an error
    # page in place of the form holding their text.
    body = "Kept words." + "\n\n## A heading\n\nA line of text about the back." * 4_000
    url = f"/admin/articles/post/{demo.pk}/change/"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"This text is {len(body):,} characters long" in html
    assert "at most 150,000" in html and html.count("A line of text about the back.") >= 4_000
    preview = admin_client.post("/admin/markdown-preview/", {"text": body})
    assert preview.status_code == 400 and "at most 150,000" in preview.content.decode()
    demo.refresh_from_db()
    assert "Kept words." not in demo.body

    fits = "Kept words.\n\n" + "A line of text about the back.\n\n" * 4_000
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": fits})
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.body_html.count("A line of text about the back.") == 4_000


def test_an_image_from_another_site_is_a_form_error_not_a_broken_picture(
    admin_client, demo, settings, tmp_path
):
    # The site's Content-Security-Policy loads images from this site only (nothing a reader
    # opens is reported to a third party), so readers would get a broken picture.
    body = "Kept words.\n\n![A neck stretch](https://images.example.com/neck.png)"
    url = f"/admin/articles/post/{demo.pk}/change/"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "images.example.com" in html and "from another site" in html
    assert "Kept words." in html
    preview = admin_client.post("/admin/markdown-preview/", {"text": body})
    assert preview.status_code == 400 and "from another site" in preview.content.decode()

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "neck.webp").write_bytes(b"RIFF")
    ours = "Kept words.\n\n![A neck stretch](/media/posts/neck.webp)"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": ours})
    assert response.status_code == 302


def test_pasted_html_is_a_form_error_not_code_shown_to_readers(admin_client, demo):
    embed = '<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>'
    body = f"Kept words.\n\n{embed}"
    url = f"/admin/articles/post/{demo.pk}/change/"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "HTML code" in html and "Kept words." in html and escape(embed) in html
    assert "link to the video" in html
    preview = admin_client.post("/admin/markdown-preview/", {"text": body})
    assert preview.status_code == 400 and "HTML code" in preview.content.decode()
    demo.refresh_from_db()
    assert "iframe" not in demo.body


def test_a_save_renders_its_markdown_once_though_it_validates_it_first(admin_client, make_post):
    from knotsite.markup import _render

    post = make_post()  # no questions: their answers are validated as they are shown too
    url = f"/admin/articles/post/{post.pk}/change/"
    data = {**admin_form(admin_client, url), "body": "## Rendered once\n\nOnly once."}
    before = _render.cache_info().misses
    assert admin_client.post(url, data).status_code == 302
    assert _render.cache_info().misses - before == 1  # the validator's; save reads it back
    post.refresh_from_db()
    assert post.toc[0]["id"] == "rendered-once"


def test_the_preview_shows_text_a_save_would_refuse_under_the_reason(admin_client, demo):
    """While a link is half typed ("[NHS](h" on the way to "https://"), the pane had shown
    only the reason, the text gone from it at every pause."""
    text = "## Warm up\n\nRead [the NHS](bad<b>x) first."
    preview = admin_client.post("/admin/markdown-preview/", {"text": text})
    assert preview.status_code == 400 and preview["Content-Type"].startswith("text/html")
    html = preview.content.decode()
    reason, _, shown = html.partition("</p>")
    assert 'class="markdown-preview__refused"' in reason and "is not a whole address" in reason
    assert "“bad&lt;b&gt;x”" in reason  # the editor's text, escaped
    assert '<h2 id="warm-up">Warm up</h2>' in shown
    # Text that cannot be shown at all still gets its reason alone, as text.
    deep = "".join("    " * i + "- step\n" for i in range(60))
    preview = admin_client.post("/admin/markdown-preview/", {"text": deep})
    assert preview.status_code == 400 and preview["Content-Type"].startswith("text/plain")


def test_a_link_typed_without_https_is_a_form_error_saying_what_to_write(admin_client, demo):
    url = f"/admin/faq/question/{demo.questions.first().pk}/change/"
    answer = "Kept words: read [the NHS page](www.nhs.uk/conditions/back-pain/)."
    response = admin_client.post(url, {**admin_form(admin_client, url), "answer": answer})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“www.nhs.uk/conditions/back-pain/” is not a whole address" in html
    assert "write https://www.nhs.uk/conditions/back-pain/" in html and "Kept words" in html
    preview = admin_client.post("/admin/markdown-preview/", {"text": answer})
    assert preview.status_code == 400 and "not a whole address" in preview.content.decode()

    mended = answer.replace("(www.", "(https://www.")
    response = admin_client.post(url, {**admin_form(admin_client, url), "answer": mended})
    assert response.status_code == 302


def test_a_link_to_no_page_on_this_site_is_a_form_error(admin_client, demo):
    body = "Kept words: see [heat or ice](/faq/pain-symptoms/#should-i-use-heat-or-ice)."
    url = f"/admin/articles/post/{demo.pk}/change/"
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The link to /faq/pain-symptoms/ leads to no page on this site" in html
    assert "Kept words" in html
    preview = admin_client.post("/admin/markdown-preview/", {"text": body})
    assert preview.status_code == 400 and "leads to no page" in preview.content.decode()

    mended = body.replace("pain-symptoms", "pain-symptoms-and-getting-help")
    response = admin_client.post(url, {**admin_form(admin_client, url), "body": mended})
    assert response.status_code == 302


@pytest.fixture
def linked_article(make_post, make_question):
    """An article that another article and an FAQ answer link to."""
    target = make_post(title="Heat or ice?", slug="heat-or-ice")
    make_post(
        title="Morning stiffness",
        body=f"## Warm up\n\nSee [heat or ice]({target.get_absolute_url()}) first.",
    )
    make_question(
        question="Is a hot bath good for knots?",
        answer=f"Often, yes: read [our guide](https://127.0.0.1:8000{target.get_absolute_url()}).",
    )
    make_post(title="Unrelated", body="## Nothing\n\nNo links here.")
    return target


def test_deleting_an_article_other_texts_link_to_names_them(admin_client, linked_article):
    """Deleting an article other texts link to leaves their readers at "page not found":
    the delete page says which texts those are, before it is too late."""
    page = admin_client.get(f"/admin/articles/post/{linked_article.pk}/delete/")
    html = page.content.decode()
    assert "link to this article" in html
    assert "Morning stiffness" in html and "Is a hot bath good for knots?" in html
    assert "Unrelated" not in html


def test_unpublishing_an_article_other_texts_link_to_warns_and_names_them(
    admin_client, linked_article
):
    url = f"/admin/articles/post/{linked_article.pk}/change/"
    form = admin_form(admin_client, url)
    form["status"] = "draft"
    response = admin_client.post(url, form, follow=True)
    html = response.content.decode()
    assert "2 texts link to this article" in html
    assert "Morning stiffness" in html and "Is a hot bath good for knots?" in html

    other = Post.objects.get(title="Unrelated")
    url = f"/admin/articles/post/{other.pk}/change/"
    form = admin_form(admin_client, url)
    form["status"] = "draft"
    assert "link to this article" not in admin_client.post(url, form, follow=True).content.decode()


def test_unpublishing_from_the_list_warns_of_texts_that_link_there(admin_client, linked_article):
    action = {"action": "unpublish", "_selected_action": [linked_article.pk]}
    html = admin_client.post("/admin/articles/post/", action, follow=True).content.decode()
    assert "2 texts link to “Heat or ice?”" in html
    assert "Morning stiffness" in html


def test_one_text_linking_there_is_named_in_the_singular(admin_client, make_post):
    target = make_post(title="Desk set-up", slug="desk-set-up")
    make_post(title="Working from home", body=f"[Set up]({target.get_absolute_url()}).")
    html = admin_client.get(f"/admin/articles/post/{target.pk}/delete/").content.decode()
    assert "1 text links to this article, and its readers" in html
    action = {"action": "unpublish", "_selected_action": [target.pk]}
    html = admin_client.post("/admin/articles/post/", action, follow=True).content.decode()
    assert "1 text links to “Desk set-up”" in html


def test_a_link_written_without_its_trailing_slash_is_named_too(admin_client, make_post):
    # The link check lets it through (the address redirects to the article), so it is a
    # link readers follow like any other; an address that merely starts the same is not.
    target = make_post(title="Heat or ice?", slug="heat-or-ice")
    address = target.get_absolute_url().rstrip("/")
    make_post(title="No slash", body=f"See [heat or ice]({address}) first.")
    make_post(title="With a title", body=f'See [it]({address} "Heat or ice").')
    make_post(title="To a section", body=f"See [it]({address}#when).")
    longer = make_post(title="Heat or ice for kids?", slug="heat-or-ice-for-kids")
    make_post(title="Another article", body=f"See [it]({longer.get_absolute_url()}).")
    html = admin_client.get(f"/admin/articles/post/{target.pk}/delete/").content.decode()
    assert "3 texts link to this article" in html
    assert "No slash" in html and "With a title" in html and "To a section" in html
    assert "Another article" not in html


def test_deleting_several_articles_names_the_texts_left_linking_to_them(
    admin_client, linked_article
):
    going_too = Post.objects.get(title="Morning stiffness")  # links to it, but goes with it
    action = {"action": "delete_selected", "_selected_action": [linked_article.pk, going_too.pk]}
    html = admin_client.post("/admin/articles/post/", action).content.decode()
    assert "Are you sure" in html, "still the confirmation page"
    assert "1 text links to the selected articles" in html
    assert "Is a hot bath good for knots?</a> (question)" in html
    assert "Morning stiffness</a> (post)" not in html
    assert Post.objects.filter(pk=linked_article.pk).exists()
    admin_client.post("/admin/articles/post/", {**action, "post": "yes"})
    assert not Post.objects.filter(pk__in=[linked_article.pk, going_too.pk]).exists()
