"""The editorial workflow, driven through the admin's real forms: no lost edits, old links
that keep working, revisions, previews, scheduling, the review cycle and roles."""

import datetime
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles.models import Category, Post
from faq.models import Question, Topic
from knotsite.editing import EditConflict
from pages.models import Page
from search.models import SafetyNotice

from .admin_forms import admin_form
from .conftest import SEED_URL

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this post while you were editing it"


def login(username, *, superuser=False, group=None):
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.org", "pw-long-1!")
    else:
        user = User.objects.create_user(username, password="pw-long-1!", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


# --- No lost edits ---------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(demo):
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    alice_form, bob_form = admin_form(alice, change_url(demo)), admin_form(bob, change_url(demo))

    alice_form["body"] = "## Alice's section\n\nAlice rewrote the introduction."
    assert alice.post(change_url(demo), alice_form).status_code == 302

    bob_form["body"] = "## Bob's section\n\nBob spent an hour on this paragraph."
    response = bob.post(change_url(demo), bob_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert "Bob spent an hour on this paragraph." in html
    assert "Alice rewrote the introduction." in Post.objects.get(pk=demo.pk).body


def test_a_conflict_on_a_faq_answer_is_refused_too(demo):
    question = Question.objects.filter(post=demo).first()
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    alice_form = admin_form(alice, change_url(question))
    bob_form = admin_form(bob, change_url(question))
    alice_form["answer"] = "Alice's answer."
    assert alice.post(change_url(question), alice_form).status_code == 302
    bob_form["answer"] = "Bob's careful answer."
    response = bob.post(change_url(question), bob_form)
    assert "Someone else saved this question" in response.content.decode()
    assert "Bob&#x27;s careful answer." in response.content.decode()
    assert Question.objects.get(pk=question.pk).answer == "Alice's answer."


@pytest.mark.parametrize(
    ("model", "field", "text"),
    [
        ("articles.category", "description", "Guides our physiotherapists wrote."),
        ("articles.author", "bio", "Twenty years of sports physiotherapy."),
        ("articles.tag", "name", "Neck and shoulders"),
        ("faq.topic", "name", "Pain and posture"),
        ("search.synonym", "terms", "knot, trigger point, muscle nodule"),
        ("search.safetynotice", "message", "Call 999 now."),
    ],
)
def test_every_thing_editors_type_into_refuses_a_stale_save(demo, model, field, text):
    """Not only posts and questions: whatever staff edit, a second editor's save made from a
    copy opened before the first one saved is refused and keeps their text."""
    obj = apps.get_model(model).objects.first()
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    alice_form, bob_form = admin_form(alice, change_url(obj)), admin_form(bob, change_url(obj))
    alice_form[field] = "Alice's " + text
    assert alice.post(change_url(obj), alice_form).status_code == 302
    bob_form[field] = "Bob's " + text
    response = bob.post(change_url(obj), bob_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Someone else saved this {obj._meta.verbose_name}" in html
    assert escape("Bob's " + text) in html
    obj.refresh_from_db()
    assert getattr(obj, field) == "Alice's " + text


TOPICS = "/admin/faq/topic/"


def list_rows(form):
    """{topic pk: its row's prefix} for the admin's editable topic list."""
    return {int(v): k.removesuffix("-id") for k, v in form.items() if k.endswith("-id")}


def test_the_editable_topic_list_never_reverts_what_another_editor_saved(demo):
    """Two editors reorder FAQ topics from the list at once: the second list, opened before
    the first was saved, must not put back the old order of a row it did not touch."""
    first, second = Topic.objects.order_by("pk")[:2]
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    alice_list, bob_list = admin_form(alice, TOPICS), admin_form(bob, TOPICS)

    alice_list[f"{list_rows(alice_list)[first.pk]}-order"] = "50"
    assert alice.post(TOPICS, {**alice_list, "_save": "Save"}).status_code == 302
    assert Topic.objects.get(pk=first.pk).order == 50

    bob_list[f"{list_rows(bob_list)[second.pk]}-order"] = "60"
    response = bob.post(TOPICS, {**bob_list, "_save": "Save"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this topic while you were editing it" in html
    assert 'value="60"' in html  # what Bob typed is still in his form
    assert Topic.objects.get(pk=first.pk).order == 50
    assert Topic.objects.get(pk=second.pk).order == second.order


def test_the_editable_topic_list_saves_beside_an_unrelated_edit(demo):
    """A row someone else saved without changing what the list edits is no conflict."""
    first, second = Topic.objects.order_by("pk")[:2]
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    bob_list = admin_form(bob, TOPICS)
    alice_form = admin_form(alice, change_url(first))
    alice_form["name"] = "Renamed by Alice"
    assert alice.post(change_url(first), alice_form).status_code == 302

    bob_list[f"{list_rows(bob_list)[second.pk]}-order"] = "60"
    assert bob.post(TOPICS, {**bob_list, "_save": "Save"}).status_code == 302
    assert Topic.objects.get(pk=first.pk).name == "Renamed by Alice"
    assert Topic.objects.get(pk=second.pk).order == 60


def test_a_list_row_deleted_meanwhile_does_not_block_the_rest_of_the_list(demo):
    """A topic deleted after Alice opened the list has nothing left to save to; her list
    must still save the rows that exist (before, it showed "Please correct the error below"
    with no error anywhere on the page)."""
    spare = Topic.objects.create(name="Spare", slug="spare", order=99)
    first = Topic.objects.order_by("pk").first()
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    alice_list = admin_form(alice, TOPICS)
    alice_list[f"{list_rows(alice_list)[first.pk]}-order"] = "42"
    assert (
        bob.post(change_url(spare).replace("/change/", "/delete/"), {"post": "yes"}).status_code
        == 302
    )

    assert alice.post(TOPICS, {**alice_list, "_save": "Save"}).status_code == 302
    assert Topic.objects.get(pk=first.pk).order == 42
    assert not Topic.objects.filter(pk=spare.pk).exists()


def test_a_list_save_that_loses_a_race_is_refused_not_a_server_error(demo, monkeypatch):
    """Someone saves a row after the list's version check but before its save (here: while
    the model validates it): the list is shown again with the conflict, never a 500, and
    their save stands."""
    topic = Topic.objects.order_by("pk").first()
    bob = login("bob", superuser=True)
    bob_list = admin_form(bob, TOPICS)
    bob_list[f"{list_rows(bob_list)[topic.pk]}-order"] = "60"
    saved_elsewhere = []

    def someone_saves_meanwhile(instance):
        if instance.pk == topic.pk and not saved_elsewhere:
            elsewhere = Topic.objects.get(pk=topic.pk)
            elsewhere.order = 70
            elsewhere.save()
            saved_elsewhere.append(elsewhere)

    monkeypatch.setattr(Topic, "clean", someone_saves_meanwhile)
    response = bob.post(TOPICS, {**bob_list, "_save": "Save"})
    assert saved_elsewhere
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this topic while you were editing it" in html
    assert 'value="60"' in html
    assert Topic.objects.get(pk=topic.pk).order == 70


@pytest.mark.parametrize("model", ["articles.post", "articles.tag"])
def test_an_object_deleted_while_being_edited_keeps_the_editors_text(demo, model):
    """Bob deletes what Alice has open; her save must not vanish into a "does not exist"
    redirect: she is told what happened and gets back everything she typed."""
    obj = demo if model == "articles.post" else apps.get_model(model).objects.first()
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    form = admin_form(alice, change_url(obj))
    typed = "Alice's careful rewrite, an hour's work."
    form["body" if model == "articles.post" else "name"] = typed

    delete_url = change_url(obj).replace("/change/", "/delete/")
    assert bob.post(delete_url, {"post": "yes"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()

    response = alice.post(change_url(obj), form)
    assert response.status_code == 409
    html = response.content.decode()
    assert f"Someone else deleted this {obj._meta.verbose_name} while you were editing it" in html
    assert escape(typed) in html
    # Posts keep revisions, so the page points to where a deleted one can be brought back.
    assert ("/admin/articles/post/recover/" in html) == (model == "articles.post")
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_a_question_deleted_from_an_open_post_form_is_explained_and_the_rest_saves(demo):
    """Bob deletes one of the post's questions while Alice edits the post: her save says
    which question is gone (not a bare "correct the error below"), keeps her text, and
    once she drops that question the rest of her edit saves."""
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    form = admin_form(alice, change_url(demo))
    question = Question.objects.filter(post=demo).order_by("order", "pk").first()
    row = next(k for k, v in form.items() if k.endswith("-id") and v == str(question.pk))
    row = row.removesuffix("-id")
    form[f"{row}-answer"] = "Alice's new answer to a question Bob deleted."
    form["summary"] = "Alice's new summary."
    assert (
        bob.post(change_url(question).replace("/change/", "/delete/"), {"post": "yes"}).status_code
        == 302
    )

    response = alice.post(change_url(demo), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else deleted this question while you were editing it" in html
    assert escape("Alice's new answer to a question Bob deleted.") in html
    assert Post.objects.get(pk=demo.pk).summary != "Alice's new summary."

    form[f"{row}-DELETE"] = "on"
    assert alice.post(change_url(demo), form).status_code == 302
    assert Post.objects.get(pk=demo.pk).summary == "Alice's new summary."


def test_a_save_after_the_session_ended_keeps_the_editors_text(demo):
    """Alice writes for longer than her session lasts: her save must not be swallowed by a
    redirect to the login page. She is told to sign in again and gets her text back."""
    alice = login("alice", superuser=True)
    form = admin_form(alice, change_url(demo))
    form["body"] = "## Alice's section\n\nTwo hours of careful writing."
    version = str(Post.objects.get(pk=demo.pk).version)
    Session.objects.filter(session_key=alice.session.session_key).delete()  # it expired

    response = alice.post(change_url(demo), form)
    assert response.status_code == 403
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert "Your session ended before this was saved" in html
    assert escape("Two hours of careful writing.") in html
    assert f"/admin/login/?next={change_url(demo)}" in html
    # Only what she wrote: no tokens or form counters to wade through.
    assert version not in html and "TOTAL_FORMS" not in html
    assert "Two hours" not in Post.objects.get(pk=demo.pk).body


def test_a_save_refused_by_a_stale_csrf_token_keeps_the_editors_text(demo):
    """Signing in again in another tab renews the CSRF token; the form still open in the
    first tab then fails Django's CSRF check. Its text must not be lost with it."""
    user = User.objects.create_superuser("alice", "alice@example.org", "pw-long-1!")
    alice = Client(enforce_csrf_checks=True)
    alice.force_login(user)
    page = alice.get(change_url(demo)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = admin_form(alice, change_url(demo))
    form["body"] = "## Alice's section\n\nWritten before signing in again elsewhere."
    alice.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # another tab's login renewed it

    response = alice.post(change_url(demo), {**form, "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    html = response.content.decode()
    assert "could not be saved because the page was out of date" in html
    assert escape("Written before signing in again elsewhere.") in html
    assert "Written before" not in Post.objects.get(pk=demo.pk).body


def test_a_refused_login_never_shows_the_password_back(client, demo):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "alice", "password": "hunter2-secret"}
    )
    assert response.status_code == 403
    assert "hunter2-secret" not in response.content.decode()


def test_saving_a_stale_copy_in_code_raises_instead_of_overwriting(demo):
    first, second = Post.objects.get(pk=demo.pk), Post.objects.get(pk=demo.pk)
    first.summary = "First"
    first.save()
    second.summary = "Second"
    with pytest.raises(EditConflict):
        second.save()
    assert Post.objects.get(pk=demo.pk).summary == "First"


def test_one_editor_saving_twice_in_a_row_is_not_a_conflict(demo):
    editor = login("editor", superuser=True)
    for text in ("First pass.", "Second pass."):
        form = admin_form(editor, change_url(demo))
        form["summary"] = text
        assert editor.post(change_url(demo), form).status_code == 302
    assert Post.objects.get(pk=demo.pk).summary == "Second pass."


# --- Old links keep working ------------------------------------------------------------


def rename(client, obj, **changes):
    form = admin_form(client, change_url(obj))
    form.update(changes)
    response = client.post(change_url(obj), form)
    assert response.status_code == 302, response.content.decode()[:2000]


def refused(client, url, **changes):
    """The admin page that refuses a form sent with `changes`, the editor's text kept."""
    form = admin_form(client, url)
    form.update(changes)
    response = client.post(url, form)
    assert response.status_code == 200
    return response.content.decode()


def test_changing_a_slug_leaves_permanent_redirects_without_chains(client, demo):
    editor = login("editor", superuser=True)
    rename(editor, demo, slug="upper-back-knots")
    rename(editor, demo, slug="upper-back-muscle-knots")
    for old in (SEED_URL, "/news/healthcare-blog/upper-back-knots/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].endswith("/news/healthcare-blog/upper-back-muscle-knots/")
    assert client.get("/news/healthcare-blog/upper-back-muscle-knots/").status_code == 200


def test_returning_to_an_earlier_slug_makes_no_redirect_loop(client, demo):
    editor = login("editor", superuser=True)
    rename(editor, demo, slug="upper-back-knots")
    rename(editor, demo, slug=demo.slug)
    assert client.get(SEED_URL).status_code == 200
    response = client.get("/news/healthcare-blog/upper-back-knots/")
    assert response.status_code == 301 and response["Location"].endswith(SEED_URL)


def test_every_address_fits_a_redirect_so_a_move_never_fails(client, demo, blog, make_post):
    """django.contrib.redirects keeps 200 characters a path: a post whose address would be
    longer is refused with a reason, so renaming it later can always leave a redirect."""
    editor = login("editor", superuser=True)
    longest = make_post(slug="s" * (200 - len("/news/healthcare-blog//")))
    rename(editor, longest, slug="t" * (200 - len("/news/healthcare-blog//")))
    response = client.get(f"/news/healthcare-blog/{'s' * 177}/")
    assert response.status_code == 301

    assert "longer than 200 characters" in refused(editor, change_url(longest), slug="u" * 178)

    # A category move that would push a post's address past the limit is refused too.
    guides = Category.objects.create(name="Guides", slug="guides")
    assert "longer than 200 characters" in refused(editor, change_url(blog), parent=str(guides.pk))
    assert Category.objects.get(pk=blog.pk).path == "news/healthcare-blog"


def test_moving_a_post_or_renaming_a_category_redirects_every_old_url(client, demo, blog):
    editor = login("editor", superuser=True)
    guides = Category.objects.create(name="Guides", slug="guides")
    rename(editor, demo, category=str(guides.pk))
    response = client.get(SEED_URL)
    assert response.status_code == 301 and response["Location"].endswith(f"/guides/{demo.slug}/")

    rename(editor, guides, slug="self-care-guides", name="Self-care guides")
    for old in (SEED_URL, f"/guides/{demo.slug}/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].endswith(f"/self-care-guides/{demo.slug}/")
    response = client.get("/guides/")
    assert response.status_code == 301 and response["Location"].endswith("/self-care-guides/")
    assert client.get(f"/self-care-guides/{demo.slug}/").status_code == 200


def test_renaming_or_moving_a_category_renames_it_everywhere_in_the_admin(demo, blog):
    editor = login("editor", superuser=True)
    sprains = Category.objects.create(parent=blog, name="Sprains", slug="sprains")
    news = blog.parent
    rename(editor, news, name="Clinic news")
    posts = editor.get("/admin/articles/post/").content.decode()
    assert "Clinic news › Healthcare Blog" in posts and "News › Healthcare Blog" not in posts
    categories = editor.get("/admin/articles/category/").content.decode()
    assert "Clinic news › Healthcare Blog" in categories  # Sprains' parent

    guides = Category.objects.create(name="Guides", slug="guides")
    rename(editor, blog, parent=str(guides.pk))
    sprains.refresh_from_db()
    assert str(sprains) == "Guides › Healthcare Blog › Sprains"
    found = editor.get(
        "/admin/autocomplete/?app_label=articles&model_name=post&field_name=category&term=sprains"
    ).json()
    assert [r["text"] for r in found["results"]] == ["Guides › Healthcare Blog › Sprains"]


def test_a_category_whose_addresses_would_be_too_long_is_a_form_error(demo, blog):
    """Every address must fit a redirect (200 characters): a category, or a move, that would
    make its own or a subcategory's address longer is refused with a reason."""
    editor = login("editor", superuser=True)
    long = "s" * 120
    deep = Category.objects.create(parent=blog, name="Deep", slug=long)  # 143 characters
    html = refused(  # would be 204 characters
        editor,
        "/admin/articles/category/add/",
        name="One too deep",
        slug="t" * 60,
        parent=str(deep.pk),
    )
    assert "longer than 200 characters (the longest would be 204)" in html
    assert "One too deep" in html  # the editor's text is still there
    assert not Category.objects.filter(name="One too deep").exists()

    # A move is checked against the deepest subcategory: Guides itself would fit.
    guides = Category.objects.create(name="Guides", slug="guides")
    Category.objects.create(parent=guides, name="Long", slug="u" * 60)
    html = refused(editor, change_url(guides), parent=str(deep.pk))
    assert "longer than 200 characters (the longest would be 211)" in html
    assert Category.objects.get(pk=guides.pk).path == "guides"


def test_a_top_level_category_cannot_take_an_address_the_site_itself_uses(demo):
    """A root category's address is its slug: one named like a page of the site's own would
    be hidden by that page (or hide it), so every top-level address the site serves is
    refused."""

    def first_segments(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if hasattr(pattern, "url_patterns"):  # an include()
                yield from first_segments(pattern.url_patterns, route)
            else:
                yield route.split("/")[0]

    site_addresses = {
        segment
        for segment in first_segments(get_resolver().url_patterns)
        # What a slug could be ("sitemap.xml" cannot), not the category tree's own pattern.
        if re.fullmatch(r"[-\w]+", segment)
    }
    assert {"faq", "search", "feed", "rss", "authors", "about"} <= site_addresses
    editor = login("editor", superuser=True)
    for slug in sorted(site_addresses):
        html = refused(editor, "/admin/articles/category/add/", name="Taken", slug=slug)
        assert f"“{slug}” is used by the site itself." in html, slug
    assert not Category.objects.filter(name="Taken").exists()


def test_a_post_and_a_category_can_never_share_an_address(client, demo, blog, make_post):
    """Categories and articles share one URL space, and a category wins an address: a post
    or a category that would take the other's address is refused, so nothing goes dark."""
    editor = login("editor", superuser=True)
    Category.objects.create(parent=blog, name="Sprains", slug="sprains")

    html = refused(
        editor,
        "/admin/articles/post/add/",
        title="Sprains",
        slug="sprains",
        summary="Sprains explained.",
        body="Written for an hour.",
        category=str(blog.pk),
    )
    assert "/news/healthcare-blog/sprains/ is the address of the category" in html
    assert "Written for an hour." in html
    assert not Post.objects.filter(slug="sprains").exists()
    html = refused(editor, change_url(demo), slug="sprains")
    assert "is the address of the category" in html
    assert client.get(SEED_URL).status_code == 200

    # The other way round: a new category, or one moved, over a post's address.
    html = refused(
        editor,
        "/admin/articles/category/add/",
        name="Knots",
        slug=demo.slug,
        parent=str(blog.pk),
    )
    assert f"{SEED_URL} is the address of the article" in html
    assert not Category.objects.filter(name="Knots").exists()
    guides = Category.objects.create(name="Guides", slug="guides")
    draft = make_post(slug="guides", category=guides, status=Post.Status.DRAFT)
    elsewhere = Category.objects.create(parent=blog, name="Guides", slug="guides")
    html = refused(editor, change_url(elsewhere), parent=str(guides.pk))
    assert "/guides/guides/ is the address of the article" in html  # drafts too: they go live
    assert Category.objects.get(pk=elsewhere.pk).path == "news/healthcare-blog/guides"
    assert client.get(SEED_URL).status_code == 200
    assert draft.get_absolute_url() == "/guides/guides/"


# --- Revisions -------------------------------------------------------------------------


def test_every_save_keeps_a_revision_that_can_be_compared_and_restored(demo):
    editor = login("editor", superuser=True)
    original = demo.body
    rename(editor, demo, body=original + "\n\nA first added paragraph.")
    rename(editor, demo, body="Replaced the whole body by mistake.")

    history = editor.get(f"/admin/articles/post/{demo.pk}/history/").content.decode()
    assert history.count('name="version_id1"') == 2
    assert "editor" in history

    older, newer = Version.objects.get_for_object(demo).order_by("pk")
    diff = editor.get(
        f"/admin/articles/post/{demo.pk}/history/compare/",
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert "Replaced the whole body by mistake." in diff and "<del>" in diff

    revision_url = f"/admin/articles/post/{demo.pk}/history/{older.pk}/"
    form = admin_form(editor, revision_url)
    assert "A first added paragraph." in form["body"]
    assert editor.post(revision_url, form).status_code == 302
    restored = Post.objects.get(pk=demo.pk)
    assert restored.body.endswith("A first added paragraph.")
    assert "A first added paragraph." in restored.body_html


def test_a_deleted_post_whose_address_was_reused_says_why_it_cannot_come_back(demo, blog):
    editor = login("editor", superuser=True)
    rename(editor, demo, title="Knots, as it was")
    assert (
        editor.post(f"/admin/articles/post/{demo.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    Post.objects.create(
        title="A newer article", slug=demo.slug, summary="S.", body="B.", category=blog
    )
    from reversion.models import Version

    deleted = Version.objects.get_deleted(Post).get()
    response = editor.get(f"/admin/articles/post/recover/{deleted.pk}/", follow=True)
    html = response.content.decode()
    # What stands in the way and what to do, not "Could not save … UNIQUE constraint failed".
    assert "UNIQUE" not in html and "constraint" not in html
    assert escape(f"“Knots, as it was” cannot be restored: its slug “{demo.slug}”") in html
    assert escape("is now used by “A newer article”") in html

    # The same for an old version of a post whose slug another post has taken since.
    live = Post.objects.create(title="Live", slug="live", summary="S.", body="B.", category=blog)
    rename(editor, live, title="Live, edited")  # a revision at "live"
    rename(editor, live, slug="live-renamed")
    Post.objects.create(title="Taker", slug="live", summary="S.", body="B.", category=blog)
    older = Version.objects.get_for_object(live).order_by("pk").first()
    response = editor.get(f"/admin/articles/post/{live.pk}/history/{older.pk}/", follow=True)
    assert escape("its slug “live” is now used by “Taker”") in response.content.decode()
    assert Post.objects.get(pk=live.pk).slug == "live-renamed"

    # A post whose category was deleted after it.
    events = Category.objects.create(name="Events", slug="events", parent=blog.parent)
    talk = Post.objects.create(title="Talk", slug="talk", summary="S.", body="B.", category=events)
    rename(editor, talk, title="Evening talk")
    editor.post(f"/admin/articles/post/{talk.pk}/delete/", {"post": "yes"})
    events.delete()
    deleted = Version.objects.get_deleted(Post).get(object_repr="Evening talk")
    response = editor.get(f"/admin/articles/post/recover/{deleted.pk}/", follow=True)
    assert escape("the category it belonged to has been deleted since") in response.content.decode()


def test_a_version_naming_people_or_tags_deleted_since_is_restored_without_them(demo, blog):
    # Staff leave and tags are tidied away; the versions they appear in must still restore,
    # as the live post itself lost them (on_delete=SET_NULL, the tag link removed).
    from reversion.models import Version

    from articles.models import Author, Tag

    editor = login("editor", superuser=True)
    writer = User.objects.create_user("leaver", password="pw-long-1!", is_staff=True)
    author = Author.objects.create(name="Former physio", slug="former-physio")
    tag = Tag.objects.create(name="Old topic", slug="old-topic")
    post = Post.objects.create(
        title="Written by a leaver",
        slug="leaver",
        summary="S.",
        body="B.",
        category=blog,
        author=author,
        created_by=writer,
    )
    rename(editor, post, title="First version", tags=[str(tag.pk)])
    rename(editor, post, title="Second version")
    writer.delete()
    author.delete()
    tag.delete()

    first = Version.objects.get_for_object(post).order_by("pk").first()
    url = f"/admin/articles/post/{post.pk}/history/{first.pk}/"
    form = admin_form(editor, url)
    assert form["title"] == "First version"
    assert editor.post(url, form).status_code == 302
    post.refresh_from_db()
    assert post.title == "First version"
    assert (post.author, post.created_by, list(post.tags.all())) == (None, None, [])


# --- Standing pages get the same care ---------------------------------------------------


def test_a_standing_page_refuses_a_stale_save_and_keeps_its_revisions(client, demo):
    page = Page.objects.get(slug="about")
    alice, bob = login("alice", superuser=True), login("bob", superuser=True)
    bob_form = admin_form(bob, change_url(page))
    rename(alice, page, body="## Our promise\n\nWe correct errors fast.")
    rename(alice, page, body="## Our promise\n\nWe correct errors within a day.")

    bob_form["body"] = "Bob spent an hour on the review policy."
    response = bob.post(change_url(page), bob_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page" in html
    assert "Bob spent an hour on the review policy." in html
    assert "within a day" in client.get("/about/").content.decode()

    history = alice.get(f"/admin/pages/page/{page.pk}/history/").content.decode()
    assert history.count('name="version_id1"') == 2


def test_renaming_a_standing_page_redirects_its_old_address(client, demo):
    editor = login("editor", superuser=True)
    page = Page.objects.create(
        title="Privacy", slug="privacy", summary="How we use data.", body="x"
    )
    rename(editor, page, slug="privacy-notice")
    response = client.get("/pages/privacy/")
    assert response.status_code == 301 and response["Location"].endswith("/pages/privacy-notice/")
    rename(editor, Page.objects.get(slug="about"), slug="about-us")
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"].endswith("/pages/about-us/")


# --- Preview on site --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + datetime.timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_preview_unpublished_posts_and_nobody_else_sees_them(client, make_post, fields):
    post = make_post(**fields)
    url = post.get_absolute_url()
    assert client.get(url).status_code == 404

    response = login("editor", superuser=True).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not published." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    assert client.get(url).status_code == 404  # no cache handed the preview on
    staff_without_rights = login("intern")
    assert staff_without_rights.get(url).status_code == 404


def test_view_on_site_stays_on_the_host_the_editor_is_signed_in_on(make_post):
    # It led by way of /admin/r/ to KNOTSITE_DOMAIN: from the admin at localhost:8000, or on
    # a host of its own, to 127.0.0.1:8000 or the public host, where the editor is not
    # signed in, so a draft's preview was "page not found".
    draft = make_post(status=Post.Status.DRAFT)
    question = Question.objects.create(
        topic=Topic.objects.first(), post=draft, question="Is it safe?", answer="Yes."
    )
    editor = login("editor", superuser=True)
    html = editor.get(change_url(draft), HTTP_HOST="localhost").content.decode()
    assert re.search(r'<a href="([^"]*)" class="viewsitelink"', html)[1] == draft.get_absolute_url()
    assert f'<a href="{question.get_absolute_url()}">View on site</a>' in html  # its question
    preview = editor.get(draft.get_absolute_url(), HTTP_HOST="localhost")
    assert preview.status_code == 200 and "Preview — not published." in preview.content.decode()


def test_a_drafts_preview_gives_no_release_date_and_a_scheduled_ones_its_own(make_post):
    # A draft's preview said "Released on" the day it was begun: a date it was never
    # released on, and not the one it will carry (publishing releases it then).
    draft = make_post(
        status=Post.Status.DRAFT, published_at=timezone.now() - datetime.timedelta(days=9)
    )
    editor = login("editor", superuser=True)
    html = editor.get(draft.get_absolute_url()).content.decode()
    meta = re.search(r'<p class="article__meta">(.*?)</p>', html, re.S).group(1)
    assert "Released on" not in meta and "Not released yet" in meta
    assert "Updated on" not in meta  # saved after the date it was begun, but never released

    when = timezone.now() + datetime.timedelta(days=3)
    scheduled = make_post(published_at=when)
    html = editor.get(scheduled.get_absolute_url()).content.decode()
    meta = re.search(r'<p class="article__meta">(.*?)</p>', html, re.S).group(1)
    assert "Released on" not in meta and "Goes live on" in meta
    assert timezone.localtime(when).date().isoformat() in meta  # the <time> it names


# --- Scheduling -------------------------------------------------------------------------


def test_the_post_list_tells_draft_scheduled_and_published_apart(demo, make_post):
    make_post(title="Next week's post", published_at=timezone.now() + datetime.timedelta(days=7))
    make_post(title="Unfinished draft", status=Post.Status.DRAFT)
    editor = login("editor", superuser=True)
    html = editor.get("/admin/articles/post/").content.decode()
    assert "Scheduled for " in html and ">Draft<" in html and ">Published<" in html
    only = editor.get("/admin/articles/post/", {"state": "scheduled"}).content.decode()
    assert "Next week&#x27;s post" in only and "Unfinished draft" not in only


def test_publish_now_and_unpublish_actions(client, make_post):
    post = make_post(status=Post.Status.DRAFT)
    editor = login("editor", superuser=True)
    changelist = "/admin/articles/post/"
    response = editor.post(changelist, {"action": "publish_now", "_selected_action": [post.pk]})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == "Published"
    assert client.get(post.get_absolute_url()).status_code == 200

    editor.post(changelist, {"action": "unpublish", "_selected_action": [post.pk]})
    assert Post.objects.get(pk=post.pk).state == "Draft"
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_draft_published_from_its_form_is_released_now_unless_a_date_is_given(make_post):
    written = timezone.now() - datetime.timedelta(days=20)
    draft = make_post(title="Written weeks ago", status=Post.Status.DRAFT, published_at=written)
    make_post(title="Published yesterday")
    editor = login("editor", superuser=True)
    form = admin_form(editor, change_url(draft))
    form.update(status="published")
    response = editor.post(change_url(draft), form, follow=True)
    draft.refresh_from_db()
    # Released now, as a new article: on top of the home page and the feed, not 20 days back.
    assert timezone.now() - draft.published_at < datetime.timedelta(minutes=1)
    assert Post.objects.published().first() == draft
    assert "“Released on” said" in response.content.decode()  # the editor is told

    backdated = make_post(title="Moved from the old site", status=Post.Status.DRAFT)
    form = admin_form(editor, change_url(backdated))
    form.update(status="published", published_at_0="2019-03-04", published_at_1="09:30:00")
    editor.post(change_url(backdated), form)
    backdated.refresh_from_db()
    assert timezone.localtime(backdated.published_at).date() == datetime.date(2019, 3, 4)

    scheduled = make_post(title="For next week", status=Post.Status.DRAFT)
    next_week = timezone.localtime() + datetime.timedelta(days=7)
    Post.objects.filter(pk=scheduled.pk).update(published_at=next_week)
    form = admin_form(editor, change_url(scheduled))
    form.update(status="published")
    editor.post(change_url(scheduled), form)
    scheduled.refresh_from_db()
    assert scheduled.state == "Scheduled"


# --- Medical review ---------------------------------------------------------------------


def test_the_author_or_reviewer_of_live_articles_is_not_deleted_from_under_them(
    admin_client, demo, make_post
):
    """Deleting a reviewer (someone who left, a panel renamed) took "Medically reviewed by"
    off every article they had reviewed, published ones included, with no word on the
    delete page: readers saw no one vouching for the advice. The articles get another
    first; the same for their author."""
    from articles.models import Author

    reviewer = demo.reviewer
    draft = make_post(title="A draft they reviewed", status=Post.Status.DRAFT)
    draft.reviewer = reviewer
    draft.save()
    url = f"/admin/articles/author/{reviewer.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert escape(demo.title) in page, "the delete page names the live article"
    assert "A draft they reviewed" not in page, "a draft is reviewed again before it goes live"
    assert "Give each of them another author or medical reviewer first" in page
    assert "would require deleting" not in page, "the article would not be deleted"
    admin_client.post(url, {"post": "yes"})
    assert Author.objects.filter(pk=reviewer.pk).exists()
    bulk = {"action": "delete_selected", "_selected_action": [reviewer.pk], "post": "yes"}
    admin_client.post("/admin/articles/author/", bulk)
    assert Author.objects.filter(pk=reviewer.pk).exists()

    demo.reviewer = Author.objects.create(name="Dr New Reviewer", slug="dr-new-reviewer")
    demo.save()
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Author.objects.filter(pk=reviewer.pk).exists()
    assert Post.objects.get(pk=draft.pk).reviewer is None

    # The byline too: "Written by" went the same way.
    page = admin_client.get(f"/admin/articles/author/{demo.author.pk}/delete/").content.decode()
    assert f"{escape(demo.title)}</a> is written by" in page
    assert "Give each of them another author or medical reviewer first" in page


def test_review_filters_find_overdue_and_upcoming_reviews(demo, make_post):
    today = timezone.localdate()
    make_post(title="Overdue review", next_review_due=today - datetime.timedelta(days=1))
    make_post(title="Review soon", next_review_due=today + datetime.timedelta(days=10))
    editor = login("editor", superuser=True)

    def listed(review):
        return editor.get("/admin/articles/post/", {"review": review}).content.decode()

    assert "Overdue review" in listed("overdue") and "Review soon" not in listed("overdue")
    assert "Review soon" in listed("soon") and "Overdue review" not in listed("soon")


def test_the_admin_home_says_what_waits_for_the_editors(
    demo, make_post, django_assert_max_num_queries
):
    # Reviews fall due, posts wait in draft and searches go unanswered: each was found only
    # by opening its list and choosing a filter.
    from search.models import UnansweredSearch

    today, now = timezone.localdate(), timezone.now()
    year_ahead = today + datetime.timedelta(days=365)
    Post.objects.update(next_review_due=year_ahead)  # the demo's, whatever today's date
    make_post(title="Overdue review", next_review_due=today - datetime.timedelta(days=1))
    make_post(title="Long overdue", next_review_due=today - datetime.timedelta(days=90))
    make_post(title="Review soon", next_review_due=today + datetime.timedelta(days=10))
    make_post(title="Going live", published_at=now + datetime.timedelta(days=2))
    make_post(title="Half written", status=Post.Status.DRAFT)
    UnansweredSearch.objects.create(
        query="knee replacement", found="nothing", first_searched=now, last_searched=now
    )
    editor = login("editor", group="Editor")
    with django_assert_max_num_queries(15):  # a count of each, however many posts
        html = editor.get("/admin/").content.decode()
    waiting = re.search(r'<div class="module" id="waiting">.*?</div>', html, re.S).group()
    for link, words in (
        ("/admin/articles/post/?review=overdue", "2 articles overdue for medical review"),
        ("/admin/articles/post/?review=soon", "1 article due for review within 30 days"),
        ("/admin/articles/post/?state=scheduled", "1 article scheduled"),
        ("/admin/articles/post/?state=draft", "1 draft"),
        ("/admin/search/unansweredsearch/", "1 search that found no answer"),
    ):
        assert re.search(rf'<a href="{re.escape(link)}">{words}</a>', waiting), words
    # An Author sees what is theirs to see: not the searches, which Editors answer.
    author = login("author", group="Author")
    waiting = author.get("/admin/").content.decode()
    assert "overdue for medical review" in waiting and "found no answer" not in waiting


def test_the_admin_home_says_when_nothing_waits(demo):
    Post.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=365))
    html = login("editor", group="Editor").get("/admin/").content.decode()
    assert "Nothing is waiting for you" in html


def test_next_review_must_come_after_the_last(demo):
    editor = login("editor", superuser=True)
    form = admin_form(editor, change_url(demo))
    form.update(last_reviewed="2026-10-12", next_review_due="2026-01-01")
    response = editor.post(change_url(demo), form)
    assert response.status_code == 200
    assert "The next review must be after the last review." in response.content.decode()


# --- Live preview endpoint --------------------------------------------------------------


def test_the_preview_endpoint_renders_with_the_site_pipeline_for_staff_only(client):
    url = "/admin/markdown-preview/"
    markdown = "## Gentle stretch\n\n!!! see-a-doctor\n    Go."
    staff = login("editor", superuser=True)
    response = staff.post(url, {"text": markdown})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="gentle-stretch">Gentle stretch</h2>' in html
    assert "callout-level" in html
    # Code is never run, and a save would refuse it: the pane says why, above the text as
    # it would show (the code in it as text).
    refused = staff.post(url, {"text": f"{markdown}\n\n<script>alert(1)</script>"})
    assert refused.status_code == 400
    reason, _, shown = refused.content.decode().partition("</p>")
    assert "HTML code" in reason and '<h2 id="gentle-stretch">' in shown
    assert "<script" not in reason + shown and "&lt;script&gt;alert(1)" in shown

    signed_out = client.post(url, {"text": markdown})
    assert signed_out.status_code == 403  # "your session ended", never a preview
    assert 'id="gentle-stretch"' not in signed_out.content.decode()
    assert staff.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="editor"))
    assert strict.post(url, {"text": markdown}).status_code == 403


def test_an_answers_preview_shows_its_headings_as_the_faq_will(demo):
    """An answer sits under its question's h3, so its "##" is an h4 on the site, and in
    its preview; an article's "##" stays an h2."""
    editor = login("editor", superuser=True)
    question = Question.objects.filter(post=demo).first()
    for url, field in ((change_url(question), "answer"), (change_url(demo), "body")):
        html = editor.get(url).content.decode()
        preview_url = re.search(rf'name="{field}"[^>]*data-markdown-preview="([^"]+)"', html)
        if preview_url is None:
            preview_url = re.search(rf'data-markdown-preview="([^"]+)"[^>]*name="{field}"', html)
        rendered = editor.post(preview_url.group(1).replace("&amp;", "&"), {"text": "## Steps"})
        expected = "<h4" if field == "answer" else "<h2"
        assert rendered.content.decode().startswith(expected), field
    question.answer = "## Steps\n\nRest."
    question.save()
    assert question.answer_html.startswith("<h4")
    for junk in ("99", "x", "-1", "４"):  # a tampered address previews as an article
        rendered = editor.post(f"/admin/markdown-preview/?headings_from={junk}", {"text": "## A"})
        assert rendered.status_code == 200 and rendered.content.decode().startswith("<h2")


def test_answer_previews_on_one_form_never_share_anchors(demo):
    """The post form previews the article and each of its answers on one page: an answer's
    footnotes and "Sources" get ids of their own, as on the site, so its links land in its
    own pane."""
    editor = login("editor", superuser=True)
    text = {"text": "Rest.[^1]\n\n[^1]: NHS."}
    answer = editor.post(
        "/admin/markdown-preview/?headings_from=4", {**text, "field": "questions-0-answer"}
    ).content.decode()
    assert 'id="questions-0-answer--fn-1"' in answer
    assert 'href="#questions-0-answer--fn-1"' in answer
    body = editor.post("/admin/markdown-preview/", {**text, "field": "body"}).content.decode()
    assert 'id="fn-1"' in body  # the article's own ids, as the site gives them
    junk = editor.post(
        "/admin/markdown-preview/?headings_from=4", {**text, "field": '"><b>'}
    ).content.decode()
    assert 'id="fn-1"' in junk and "<b>" not in junk


def test_markdown_fields_carry_the_live_preview(demo):
    html = login("editor", superuser=True).get(change_url(demo)).content.decode()
    assert 'data-markdown-preview="/admin/markdown-preview/"' in html
    assert "js/markdown-preview.js" in html and "css/prose.css" in html


# --- Roles ------------------------------------------------------------------------------


def test_an_author_writes_drafts_but_cannot_publish(client, blog):
    author = login("writer", group="Author")
    form = admin_form(author, "/admin/articles/post/add/")
    assert "status" not in form and "published_at_0" not in form
    form.update(
        title="Desk posture basics",
        slug="desk-posture-basics",
        category=str(blog.pk),
        summary="Small changes at your desk.",
        body="## Sit well\n\nFeet flat.",
        status="published",  # smuggled in: ignored
    )
    assert author.post("/admin/articles/post/add/", form).status_code == 302
    post = Post.objects.get(slug="desk-posture-basics")
    assert post.state == "Draft" and post.created_by.username == "writer"
    assert client.get(post.get_absolute_url()).status_code == 404

    changelist = author.get("/admin/articles/post/").content.decode()
    assert "publish_now" not in changelist
    author.post("/admin/articles/post/", {"action": "publish_now", "_selected_action": [post.pk]})
    assert Post.objects.get(pk=post.pk).state == "Draft"

    form = admin_form(author, change_url(post))
    form["summary"] = "Small changes at your desk make a difference."
    assert author.post(change_url(post), form).status_code == 302


def test_an_author_cannot_change_published_or_other_peoples_posts(demo, make_post):
    author = login("writer", group="Author")
    others_draft = make_post(status=Post.Status.DRAFT)
    for post in (demo, others_draft):
        page = author.get(change_url(post)).content.decode()
        assert 'name="_save"' not in page  # read-only view
        form = {"title": "Vandalised", "summary": "x", "body": "x"}
        assert author.post(change_url(post), form).status_code == 403
        assert Post.objects.get(pk=post.pk).title != "Vandalised"
    assert (
        author.post(f"/admin/articles/post/{demo.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_an_author_cannot_publish_faq_answers(blog):
    author = login("writer", group="Author")
    form = admin_form(author, "/admin/faq/question/add/")
    assert "is_published" not in form
    topic = Question._meta.get_field("topic").related_model.objects.create(name="Desk", slug="desk")
    form.update(topic=str(topic.pk), question="Is standing better?", answer="Mix both.")
    assert author.post("/admin/faq/question/add/", form).status_code == 302
    assert Question.objects.get(question="Is standing better?").is_published is False


def test_an_editor_publishes_and_edits_everything(client, make_post):
    writer = User.objects.create_user("writer", password="pw-long-1!", is_staff=True)
    draft = make_post(status=Post.Status.DRAFT, created_by=writer)
    editor = login("chief", group="Editor")
    form = admin_form(editor, change_url(draft))
    form.update(status="published", title="Edited by the editor")
    assert editor.post(change_url(draft), form).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "Published" and draft.title == "Edited by the editor"
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/admin/search/synonym/", {"terms": "crick, stiff neck"}),
        (
            "/admin/search/safetynotice/",
            {"terms": "sepsis", "level": "emergency", "heading": "Sepsis", "message": "Call 999."},
        ),
    ],
)
def test_an_editor_looks_after_the_searchs_synonyms_and_safety_notices(db, url, fields):
    # "Editors edit everything": what readers' searches find, and the help a search naming
    # an emergency shows, are the editors' to change, not a superuser's alone.
    editor = login("chief", group="Editor")
    form = admin_form(editor, url + "add/")
    form.update(fields)
    assert editor.post(url + "add/", form).status_code == 302
    assert editor.get(url).status_code == 200
    author = login("writer", group="Author")
    assert author.get(url + "add/").status_code == 403


def test_every_change_to_a_safety_notice_is_kept_and_can_be_put_back(client, db):
    # Who changed the emergency number, and when, and what it said before: as for posts.
    editor = login("chief", group="Editor")
    notice = SafetyNotice.objects.create(
        terms="sepsis", heading="Sepsis is an emergency", message="Call 999."
    )
    form = admin_form(editor, change_url(notice))
    assert editor.post(change_url(notice), form).status_code == 302  # first kept version
    rename(editor, notice, message="Call 112.")
    history = editor.get(change_url(notice).replace("change/", "history/")).content.decode()
    assert history.count('name="version_id1"') == 2
    older = Version.objects.get_for_object(notice).order_by("pk").first()
    url = change_url(notice).replace("change/", f"history/{older.pk}/")
    form = admin_form(editor, url)
    assert editor.post(url, form).status_code == 302
    assert "999" in client.get("/faq/", {"q": "sepsis"}).content.decode()
