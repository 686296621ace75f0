"""`manage.py check_sources`: the links to other sites that articles, answers and pages cite,
each asked for once, and those that no longer lead anywhere named with where to mend them."""

import http.server
import io
import socket
import threading

import pytest
from django.core.management import call_command

from pages.models import Page


class _Sources(http.server.BaseHTTPRequestHandler):
    """Another site: some pages there, one gone, one that answers only GET, two that refuse
    a script."""

    STATUS = {"/gone": 404, "/members": 403, "/busy": 429}

    def do_HEAD(self):
        self.send_response(405 if self.path == "/get-only" else self.STATUS.get(self.path, 200))
        self.end_headers()

    def do_GET(self):
        self.send_response(self.STATUS.get(self.path, 200))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def elsewhere():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def nowhere():
    """An address where nothing answers: a port just closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def make_text(db):
    """Texts of each kind, and no others: the demo's sources are real sites, out of reach
    of a test."""
    from django.utils import timezone

    from articles.models import Category, Post
    from faq.models import Question, Topic

    blog = Category.objects.create(name="Guides", slug="guides")
    topic = Topic.objects.create(name="General", slug="general")
    made = iter(range(1, 1000))

    def make(kind, text):
        n = next(made)
        if kind == "post":
            return Post.objects.create(
                title=f"Post {n}",
                slug=f"post-{n}",
                summary="A post.",
                body=text,
                category=blog,
                status=Post.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        if kind == "question":
            return Question.objects.create(topic=topic, question=f"Question {n}?", answer=text)
        return Page.objects.create(title=f"Page {n}", slug=f"page-{n}", body=text)

    return make


def check_sources():
    out = io.StringIO()
    try:
        call_command("check_sources", stdout=out)
    except SystemExit as ended:
        return ended.code, out.getvalue()
    return 0, out.getvalue()


def test_sources_that_lead_nowhere_are_named_with_the_texts_citing_them(
    make_text, elsewhere, nowhere
):
    post = make_text(
        "post",
        f"Heat helps.[^1] Rest too.[^2] See [this]({elsewhere}/ok).\n\n"
        f"[^1]: NHS. [Back pain]({elsewhere}/gone)\n[^2]: [A leaflet]({nowhere}/leaflet)",
    )
    question = make_text(
        "question",
        f"Read [the guide]({elsewhere}/gone), [more]({elsewhere}/get-only) and "
        f"[Rückenschmerzen]({elsewhere}/wiki/Rückenschmerzen).",
    )
    page = make_text("page", "[Our own FAQ](/faq/) and [write to us](mailto:a@b.org).")
    # A page there that refuses a script (members only, or too many asked for) is there.
    make_text("page", f"[A journal]({elsewhere}/members) and [a busy one]({elsewhere}/busy).")
    code, out = check_sources()
    assert code == 1  # for a scheduled job: something to mend
    assert f"{elsewhere}/gone: 404" in out
    assert f"{nowhere}/leaflet: no answer" in out
    for where in (
        f"/admin/articles/post/{post.pk}/change/",
        f"/admin/faq/question/{question.pk}/change/",
    ):
        assert where in out
    assert f"{elsewhere}/ok" not in out and f"{elsewhere}/get-only" not in out
    assert "Rückenschmerzen" not in out  # an address in the reader's own letters is asked too
    assert "/members" not in out and "/busy" not in out
    assert f"/admin/pages/page/{page.pk}/" not in out  # its links are the site's own, and mail
    assert "2 of 7 addresses cited lead nowhere." in out
    assert f"cited by Question “{question.question}”" in out
    assert "reach the web" not in out  # some answered: not this machine's network


def test_when_no_site_answers_it_asks_whether_the_machine_is_online(make_text, nowhere):
    make_text("post", f"[A leaflet]({nowhere}/leaflet)")
    code, out = check_sources()
    assert code == 1
    assert "No site answered at all: can this machine reach the web?" in out


def test_when_every_source_answers_it_says_so(make_text, elsewhere):
    make_text("post", f"Heat helps.[^1]\n\n[^1]: NHS. [Back pain]({elsewhere}/ok)")
    code, out = check_sources()
    assert code == 0
    assert "Every address cited answers (1)." in out
