import subprocess
import sys

import pytest
from django.core.management import call_command

from articles.models import Author, Category, Post
from faq.models import Question, Topic
from pages.models import Page

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Category, Author, Post, Topic, Question)]


def test_load_demo_is_idempotent(demo):
    before = counts()
    post_before = Post.objects.values().get()
    questions_before = list(Question.objects.values().order_by("pk"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before == [2, 2, 1, 4, 27]
    assert Post.objects.values().get() == post_before
    assert list(Question.objects.values().order_by("pk")) == questions_before


def load_demo(*args):
    call_command("load_demo", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_make_run_again_keeps_what_the_editors_changed(demo):
    """`make run` loads the demo every time it starts the site, and put the demo back as
    shipped over what staff had written in the admin since, with no revision of it: the
    article, its answers and the About page (there to be rewritten for the clinic), and
    the questions they had deleted."""
    demo.title = "Upper back knots: what helps"
    demo.save()
    about = Page.objects.get(slug="about")
    about.body = "We are the Riverside Physiotherapy Clinic."
    about.save()
    answer = demo.questions.order_by("order").first()
    answer.answer = "Mostly posture and stress, our physiotherapists find."
    answer.save()
    dropped = Question.objects.exclude(post=demo).first()
    dropped.delete()

    load_demo()
    assert Post.objects.get(pk=demo.pk).title == "Upper back knots: what helps"
    assert Page.objects.get(slug="about").body == "We are the Riverside Physiotherapy Clinic."
    assert Question.objects.get(pk=answer.pk).answer.startswith("Mostly posture")
    assert not Question.objects.filter(question=dropped.question).exists()


def test_the_demo_can_be_put_back_as_shipped_on_purpose(demo):
    demo.title = "Changed"
    demo.save()
    Question.objects.exclude(post=demo).first().delete()
    load_demo("--refresh")
    assert Post.objects.get(pk=demo.pk).title == "Techniques to Alleviate Upper Back Muscle Knots"
    assert counts() == [2, 2, 1, 4, 27]


def test_demo_content_matches_the_seed(demo):
    assert demo.title == "Techniques to Alleviate Upper Back Muscle Knots"
    assert demo.published_at.date().isoformat() == "2024-04-15"
    assert demo.is_live
    assert [q.question for q in demo.questions.order_by("order")] == [
        "What causes muscle knots in the upper back?",
        "Can muscle knots go away on their own?",
        "Are there any quick fixes for muscle knot pain?",
        "How often should I perform exercises to prevent muscle knots?",
        "Is it possible to prevent muscle knots completely?",
        "When should I see a healthcare provider about muscle knots?",
    ]
    assert "Is there anything else" not in demo.body


def test_the_demo_article_was_written_before_it_was_last_updated(admin_client, demo):
    # Its "Updated at" was set to its release in 2024, and its "Created at" left at the
    # day `make run` loaded it: the admin said it was updated two years before it existed.
    demo.refresh_from_db()
    assert demo.created_at <= demo.updated_at
    html = admin_client.get(f"/admin/articles/post/{demo.pk}/change/").content.decode()
    assert html.count("15 Apr 2024") >= 2  # created, and last updated, on its release


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {
        "DJANGO_DEBUG": "0",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "knotsite.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_site_domain_follows_the_setting_after_migrate():
    from django.conf import settings
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert site.domain == settings.SITE_DOMAIN != "example.com"


def test_the_about_page_tells_readers_what_the_site_keeps_of_them(client, demo, settings):
    html = client.get("/about/").content.decode()
    assert "Your privacy" in html
    assert f"for up to {settings.UNANSWERED_SEARCHES_DAYS} days" in html
    # And so it is: reading and searching set no cookie, and a search is kept as words only.
    for url in ("/", "/news/healthcare-blog/", "/faq/", "/faq/?q=wryneck", "/about/"):
        assert not client.get(url).cookies, url
