"""Property tests: whatever Markdown or HTML an author (or an attacker with an author's
account) writes, the stored HTML carries no script, no event handler and no URL scheme
outside the allowlist."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knotsite.markup import render_markdown

from .test_markdown import assert_safe

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

SCHEMES = [
    "javascript",
    "JaVaScRiPt",
    "java\tscript",
    "vbscript",
    "data",
    "jav&#x09;ascript",
    "&#106;avascript",
    "javascript&colon;",
    " javascript",
    "\x01javascript",
    "livescript",
    "http",
    "https",
    "mailto",
    "tel",
    "",
]
TAGS = [
    "script",
    "img",
    "svg",
    "math",
    "style",
    "iframe",
    "object",
    "embed",
    "a",
    "div",
    "details",
    "body",
    "template",
    "noscript",
    "form",
    "input",
    "base",
    "meta",
    "link",
    "video",
    "audio",
    "source",
    "marquee",
    "xmp",
    "textarea",
    "select",
]
EVENTS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "OnErRoR",
    "onanimationstart",
    "formaction",
    "srcdoc",
    "style",
    "href",
    "src",
    "xlink:href",
]

scheme_url = st.builds(
    lambda scheme, body: f"{scheme}:{body}" if scheme else body,
    st.sampled_from(SCHEMES),
    st.sampled_from(["alert(1)", "//evil.example/x", "text/html;base64,PHNjcmlwdD4=", "x"]),
)
quote = st.sampled_from(['"', "'", "", "`"])
html_tag = st.builds(
    lambda tag, attr, q, url, close: f"<{tag} {attr}={q}{url}{q}>{close}",
    st.sampled_from(TAGS),
    st.sampled_from(EVENTS),
    quote,
    scheme_url,
    st.sampled_from(["", "x</a>", "</script>", "<!--", "-->", "]]>", "</noscript>"]),
)
markdown_bits = st.one_of(
    st.builds(lambda text, url: f"[{text}]({url})", st.text(max_size=8), scheme_url),
    st.builds(lambda text, url: f"![{text}]({url})", st.text(max_size=8), scheme_url),
    st.builds(lambda url: f"[r]: {url}\n\n[x][r]", scheme_url),
    st.builds(lambda url, q: f'[x](https://ok.example "{q}{url}")', scheme_url, quote),
    st.builds(lambda a: "{: " + a + "=alert(1) }", st.sampled_from(EVENTS)),
    st.builds(
        lambda t: f'!!! {t} "<b onclick=x>t</b>"\n    body',
        st.sampled_from(["note", "x y", "urgent"]),
    ),
    st.builds(lambda u: f"Note[^1]\n\n[^1]: {u}", scheme_url),
    st.sampled_from(
        [
            "## H {#main}",
            "| a |\n|---|\n| <b>x</b> |",
            "```\n<script>\n```",
            "<",
            ">",
            "&",
            "\n\n",
            "    ",
        ]
    ),
)
document = st.lists(st.one_of(html_tag, markdown_bits, st.text(max_size=20)), max_size=12).map(
    "".join
)


@given(document)
def test_rendered_output_is_always_safe(text):
    assert_safe(render_markdown(text).html)


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(text=document)
def test_stored_posts_and_answers_are_always_safe(text, make_post, make_question):
    post = make_post(body=text)
    question = make_question(answer=text)
    post.refresh_from_db()
    question.refresh_from_db()
    assert_safe(post.body_html)
    assert_safe(question.answer_html)
