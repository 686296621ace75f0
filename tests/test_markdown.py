"""The Markdown pipeline: what authors get, and what attackers don't."""

import re
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from knotsite.markup import (
    ALLOWED_TAGS,
    MAX_LENGTH,
    WRITING_GUIDE,
    render_markdown,
    validate_markdown,
)


def html(text):
    return render_markdown(text).html


def test_headings_get_stable_ids_and_a_table_of_contents():
    rendered = render_markdown("## Warm Up to Heat Therapy\n\ntext\n\n### Sub part\n\nmore")
    assert '<h2 id="warm-up-to-heat-therapy">Warm Up to Heat Therapy</h2>' in rendered.html
    assert rendered.toc == [
        {
            "id": "warm-up-to-heat-therapy",
            "name": "Warm Up to Heat Therapy",
            "children": [{"id": "sub-part", "name": "Sub part", "children": []}],
        }
    ]
    assert (
        render_markdown("## Warm Up to Heat Therapy").html
        == render_markdown("## Warm Up to Heat Therapy").html
    )


def test_a_level_one_heading_is_demoted_because_the_title_is_the_h1():
    assert "<h1" not in html("# Big\n\ntext")
    assert '<h2 id="big">Big</h2>' in html("# Big")


def test_numbered_lists_tables_and_smart_quotes():
    out = html('1. one\n2. two\n3. three\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"quoted" it\'s')
    assert "<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>" in out
    assert '<th align="left">a</th>' in out and '<td align="right">2</td>' in out
    assert "style=" not in out
    assert "&ldquo;quoted&rdquo; it&rsquo;s" in out


def test_footnotes_render_as_a_numbered_sources_section_with_backlinks():
    rendered = render_markdown("## Heat\n\nHeat helps.[^1]\n\n[^1]: NHS, *Back pain*, 2023.")
    out = rendered.html
    assert (
        '<sup id="fnref-1"><a aria-label="Source 1" class="footnote-ref" href="#fn-1">1</a></sup>'
        in out
    )
    assert '<section aria-labelledby="sources" class="sources">' in out
    assert '<h2 id="sources">Sources</h2><ol>' in out
    assert '<li id="fn-1">' in out
    assert 'class="footnote-backref" href="#fnref-1"' in out
    assert "<hr>" not in out
    assert [entry["id"] for entry in rendered.toc] == ["heat", "sources"]


def test_a_screen_reader_names_each_source_link_for_what_it_does():
    """A link read out as "1" or "leftwards arrow with hook" says nothing out of context."""
    out = html("Heat helps.[^nhs] Rest too.[^nhs] Move.[^mayo]\n\n[^nhs]: NHS.\n[^mayo]: Mayo.")
    assert '<a aria-label="Source 1" class="footnote-ref" href="#fn-nhs">1</a>' in out
    assert '<a aria-label="Source 2" class="footnote-ref" href="#fn-mayo">2</a>' in out
    assert out.count('aria-label="Back to where source 1 is cited"') == 2
    assert out.count('aria-label="Back to where source 2 is cited"') == 1


def test_callouts_keep_their_level_as_text_and_unknown_levels_become_notes():
    out = html('!!! see-a-doctor "When to see a doctor"\n    If numbness starts.')
    assert '<div class="admonition see-a-doctor" role="note">' in out
    assert (
        '<p class="admonition-title"><span class="callout-level">See a doctor: </span>'
        "When to see a doctor</p>"
    ) in out
    for level, label in [("urgent", "Urgent: "), ("emergency", "Emergency: ")]:
        out = html(f'!!! {level} "Title"\n    text')
        assert f'<div class="admonition {level}" role="note">' in out
        assert f'<span class="callout-level">{label}</span>Title' in out
    out = html("!!! onclick\n    text")
    assert '<div class="admonition note" role="note">' in out
    assert "callout-level" not in out


def test_external_links_get_noopener_noreferrer_and_internal_links_do_not():
    out = html("[NHS](https://www.nhs.uk/) and [FAQ](/faq/)")
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in out
    assert '<a href="/faq/">FAQ</a>' in out


def test_a_link_that_shows_its_own_address_is_marked_so_print_does_not_repeat_it():
    out = html("NHS. <https://www.nhs.uk/conditions/back-pain/> and [NHS](https://www.nhs.uk/)")
    assert (
        '<a href="https://www.nhs.uk/conditions/back-pain/" class="url" '
        'rel="noopener noreferrer">https://www.nhs.uk/conditions/back-pain/</a>'
    ) in out
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in out
    # An address typed bare, as the writing guide's source does, is made a link too.
    out = html("NHS. https://www.nhs.uk/conditions/back-pain/ and www.nhs.uk/conditions")
    assert '<a href="https://www.nhs.uk/conditions/back-pain/" class="url"' in out
    assert '<a href="http://www.nhs.uk/conditions" class="url"' in out
    # Only the pipeline sets the class: a link whose words merely look like another
    # address is not marked, and an author cannot type one.
    assert "class" not in html("[https://www.nhs.uk/](https://evil.example/)")


def test_allowed_link_schemes_survive():
    out = html("[mail](mailto:care@example.org) [call](tel:+441234567) [page](../x/)")
    assert 'href="mailto:care@example.org"' in out
    assert 'href="tel:+441234567"' in out
    assert 'href="../x/"' in out


@pytest.mark.parametrize(
    "text,expected",
    [
        # Steps typed straight under their lead-in line, as editors (and CommonMark) write
        # them: Python-Markdown alone runs them into the paragraph ("Steps: 1. Lie … 2. …").
        ("Steps:\n1. Lie on the roller.\n2. Roll slowly.", "<p>Steps:</p>\n<ol>\n<li>Lie on"),
        ("Bring:\n- a towel\n- water", "<p>Bring:</p>\n<ul>\n<li>a towel</li>\n<li>water</li>"),
        ("Bring:\n* a towel\n* water", "<p>Bring:</p>\n<ul>\n<li>a towel</li>"),
        # "1)" numbers steps as "1." does.
        ("1) Sit tall.\n2) Tilt your head.", "<ol>\n<li>Sit tall.</li>\n<li>Tilt your head.</li>"),
        ("Then:\n1) Sit tall.\n2) Tilt.", "<p>Then:</p>\n<ol>\n<li>Sit tall.</li>"),
        # Bullets pasted from a word processor ran into one line: "Do this: • Roll • Stop".
        ("Do this:\n• Roll slowly.\n• Stop if it hurts.", "<p>Do this:</p>\n<ul>\n<li>Roll"),
        ("\u25e6 Roll.\n\u25aa Breathe.\n\u00b7 Stop.", "<ul>\n<li>Roll.</li>\n<li>Breathe.</li>"),
        ("• Roll.\n    • Slowly.", "<li>Roll.<ul>\n<li>Slowly.</li>"),
        # A document's own bullets (discs, circles, squares) and dashes.
        ("\u25cf Roll.\n\u25cb Breathe.\n\u25a0 Stop.", "<ul>\n<li>Roll.</li>\n<li>Breathe."),
        ("\u25cf a mat\n\t\u25cb a thick one\n\u25cf a towel", "<li>a mat<ul>\n<li>a thick one"),
        ("Bring:\n\u2013 a towel\n\u2013 water", "<p>Bring:</p>\n<ul>\n<li>a towel</li>"),
        # Word's lists as it copies them to plain text: the level of a point is its bullet
        # ("·", then "o", then "§") and of a sub-step its letter, each with a tab after it.
        (
            "\u00b7\tStand tall.\no\tFeet apart.\n\u00a7\tToes forward.\n\u00b7\tBreathe.",
            "<li>Stand tall.<ul>\n<li>Feet apart.<ul>\n<li>Toes forward.</li>\n</ul>\n</li>\n"
            "</ul>\n</li>\n<li>Breathe.</li>",
        ),
        (
            "1.\tLie down.\na.\tBend your knees.\nb.\tBreathe in.\n2.\tRoll.",
            "<li>Lie down.<ol>\n<li>Bend your knees.</li>\n<li>Breathe in.</li>\n</ol>\n</li>\n"
            "<li>Roll.</li>",
        ),
        (
            "1.\tLie down.\na.\tBend.\ni.\tLeft knee.\nii.\tRight knee.\nb.\tBreathe.",
            "<li>Bend.<ol>\n<li>Left knee.</li>\n<li>Right knee.</li>\n</ol>\n</li>\n"
            "<li>Breathe.</li>",
        ),
        (
            "1)\tLie down.\na)\tBend your knees.\ni)\tThe left.\n2)\tRoll.",
            "<li>Lie down.<ol>\n<li>Bend your knees.<ol>\n<li>The left.</li>",
        ),
        # "i." after "h." is the next letter; with no list above, or no tab, as typed.
        (
            "1.\tSit.\n" + "".join(f"{c}.\tStep {c}.\n" for c in "abcdefghi"),
            "<li>Step i.</li>\n</ol>",
        ),
        ("a.\tNot under a step.\no\tNot under a bullet.", "<p>a.  Not under a step.<br>\no   Not"),
        (
            "- Roll.\no dear, it hurts\na. b. c.",
            "<li>Roll.</li>\n</ul>\n<p>o dear, it hurts<br>\na. b.",
        ),
        # Pasted with a no-break space after the marker, as web pages and documents copy.
        ("Do:\n•\u00a0Roll.\n•\u00a0Stop.", "<p>Do:</p>\n<ul>\n<li>Roll.</li>\n<li>Stop.</li>"),
        ("Do:\n1.\u00a0Roll.\n2.\u00a0Stop.", "<p>Do:</p>\n<ol>\n<li>Roll.</li>\n<li>Stop."),
        ("1)\u00a0Roll.\n2)\u00a0Stop.", "<ol>\n<li>Roll.</li>\n<li>Stop.</li>"),
        ("-\u00a0Roll.\n*\u00a0Stop.", "<ul>\n<li>Roll.</li>\n<li>Stop.</li>"),
        # Only at the start of a line, with a space after: "A•B" and "•bold" stay as typed.
        ("Rest • then roll.\n•nothing", "<p>Rest • then roll.<br>\n•nothing</p>"),
        ("```\n• in code\n```", "• in code"),
        # A list that already had its blank line stays tight; a sentence that merely
        # wraps before a number other than 1 stays a sentence (as in CommonMark).
        ("Steps:\n\n1. Sit.\n2. Tilt.", "<p>Steps:</p>\n<ol>\n<li>Sit.</li>\n<li>Tilt.</li>"),
        (
            "The clinic opened in\n2019. It moved in 2022.",
            "<p>The clinic opened in<br>\n2019. It moved",
        ),
        ("1. Sit.\n   Keep still.\n2. Tilt.", "<li>Sit.<br>\n   Keep still.</li>\n<li>Tilt."),
        ("```\nSteps:\n1) not a list\n```", "Steps:\n1) not a list"),
        # Inside a callout, and a rule is still a rule.
        (
            '!!! see-a-doctor "See a doctor"\n    If you have:\n    - a fever\n    - numbness',
            "<p>If you have:</p>\n<ul>\n<li>a fever</li>",
        ),
        ("Rest.\n- - -\nMore.", "<p>Rest.</p>\n<hr>\n<p>More.</p>"),
        ("Rest.\n- - -\nBring:\n- water", "<hr>\n<p>Bring:</p>\n<ul>\n<li>water</li>"),
    ],
)
def test_lists_start_where_editors_start_them(text, expected):
    assert expected in html(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # An address or opening hours, a line each, as an editor types them into a box:
        # Markdown alone ran them into one line ("Clinic 12 High Street London").
        ("Knotsite Clinic\n12 High Street\nLondon", "<p>Knotsite Clinic<br>\n12 High Street<br>\n"),
        ("Mon–Fri 8am–6pm\nSat 9am–1pm", "<p>Mon–Fri 8am–6pm<br>\nSat 9am–1pm</p>"),
        # A blank line still starts a new paragraph, and steps still start a list.
        ("Rest.\n\nThen roll.", "<p>Rest.</p>\n<p>Then roll.</p>"),
        ("Steps:\n1. Sit.\n2. Tilt.", "<p>Steps:</p>\n<ol>\n<li>Sit.</li>\n<li>Tilt.</li>"),
    ],
)
def test_a_line_typed_on_its_own_stays_on_its_own_line(text, expected):
    assert expected in html(text)


TABLE_FROM_TABS = (
    "<table>\n<thead>\n<tr>\n<th>Exercise</th>\n<th>Sets</th>\n<th>Reps</th>\n</tr>\n</thead>\n"
    "<tbody>\n<tr>\n<td>Rows</td>\n<td>3</td>\n<td>10</td>\n</tr>\n<tr>\n<td>Plank</td>\n"
    "<td>3</td>\n<td>30 s</td>\n</tr>\n</tbody>\n</table>"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A table copied from Word or a spreadsheet arrives as lines of cells between tabs,
        # and ran into one line of words ("Exercise Sets Reps Rows 3 10 Plank 3 30 s").
        ("Exercise\tSets\tReps\nRows\t3\t10\nPlank\t3\t30 s", TABLE_FROM_TABS),
        ("Exercise\tSets\tReps\r\nRows\t3\t10\r\nPlank\t3\t30 s\r\n", TABLE_FROM_TABS),
        ("Your week:\nExercise\tSets\tReps\nRows\t3\t10\nPlank\t3\t30 s\nRest.", TABLE_FROM_TABS),
        ("Your week:\nExercise\tSets\tReps\nRows\t3\t10\nPlank\t3\t30 s\nRest.", "<p>Rest.</p>"),
        ("Day\tNotes\nMon\t\nTue\tRows", "<td>Mon</td>\n<td></td>"),  # a cell left empty
        ("Week\tSets\n1\t2\n2\t3", "<td>1</td>\n<td>2</td>\n</tr>\n<tr>\n<td>2</td>"),
        ("Left\tRight\nx | y\tz", "<td>x | y</td>"),  # a bar inside a cell stays in it
        # Not a table: one line, lines of other numbers of cells, Word's lists, code.
        ("Hold\t30 s", "<p>Hold    30 s</p>"),
        ("A\tB\nC\tD\tE", "<p>A   B<br>\nC   D   E</p>"),
        # Word's bullets in a symbol font paste as one letter ("l" for a disc, "Ø" an arrow).
        ("l\tA mat\nl\tA towel", "<p>l   A mat<br>\nl   A towel</p>"),
        ("\u00d8\tA mat\n\u00d8\tA towel", "<p>\u00d8   A mat<br>"),
        ("1.\tLie down.\n2.\tRoll.", "<ol>\n<li>Lie down.</li>\n<li>Roll.</li>\n</ol>"),
        ("\u00b7\tA mat\n\u00b7\tA towel", "<ul>\n<li>A mat</li>\n<li>A towel</li>\n</ul>"),
        ("```\nA\tB\nC\tD\n```", "<code>A   B\nC   D\n</code>"),
    ],
)
def test_a_table_pasted_from_a_document_or_a_spreadsheet_is_a_table(text, expected):
    assert expected in html(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Sub-steps indented by two or three spaces, as CommonMark, GitHub and most editors
        # take them: Python-Markdown wants four, and ran them into their step as text
        # ("Lie down<br> - bend your knees<br> - breathe").
        (
            "1. Lie down.\n  - Bend your knees.\n  - Breathe out.\n2. Roll.",
            "<li>Lie down.<ul>\n<li>Bend your knees.</li>\n<li>Breathe out.</li>\n</ul>\n</li>"
            "\n<li>Roll.</li>",
        ),
        ("1. Lie down.\n   - Bend your knees.\n2. Roll.", "<li>Lie down.<ul>\n<li>Bend your"),
        ("- Heat\n  - a warm towel\n    - not too hot", "<li>a warm towel<ul>\n<li>not too hot"),
        ("- Heat\n\t- a warm towel", "<li>Heat<ul>\n<li>a warm towel</li>"),
        ("Steps:\n1. Lie down.\n  1. Slowly.\n2. Roll.", "<li>Lie down.<ol>\n<li>Slowly.</li>"),
        # Back out again: a step after its sub-steps is a step, not a sub-step.
        ("- a\n  - b\n    - c\n  - d\n- e", "<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n</li>"),
        # Inside a callout, whose text is indented by four.
        (
            '!!! tip "Keep it gentle"\n    1. Roll.\n      - Slowly.\n    2. Rest.',
            "<li>Roll.<ul>\n<li>Slowly.</li>\n</ul>\n</li>\n<li>Rest.</li>",
        ),
        # Lists indented by four, as Python-Markdown wants, are read as before.
        ("1. Lie down.\n    - Bend.\n        - Slowly.\n2. Roll.", "<li>Bend.<ul>\n<li>Slowly."),
        ("1. Sit.\n\n    Keep still.\n\n2. Tilt.", "<li>\n<p>Sit.</p>\n<p>Keep still.</p>"),
        # Code keeps its indentation.
        ("```\n- a\n  - b\n```", "- a\n  - b"),
        # A step's second paragraph, or its picture, indented under it after a blank line:
        # it had ended the list, the picture shown between two lists.
        (
            "1. Lie down.\n\n   Keep your feet flat.\n\n2. Roll.",
            "<ol>\n<li>\n<p>Lie down.</p>\n<p>Keep your feet flat.</p>\n</li>\n<li>\n<p>Roll.",
        ),
        (
            "1. Lie down.\n\n   ![Lying on a roller](/media/a.png)\n\n2. Roll.",
            '<li>\n<p>Lie down.</p>\n<p><img alt="Lying on a roller"',
        ),
        ("- Heat\n\n  A warm towel.\n\n- Ice", "<li>\n<p>Heat</p>\n<p>A warm towel.</p>\n</li>"),
        (
            "- a\n  - b\n\n    Of b.\n\n  Of a.",
            "<p>b</p>\n<p>Of b.</p>\n</li>\n</ul>\n<p>Of a.</p>",
        ),
        # Text not indented still ends the list, and now also straight under it, as a line
        # typed on its own is one: "Steps:" and the steps had gone inside the last bullet.
        ("1. Lie down.\n\nThen rest.\n\n2. Roll.", "</ol>\n<p>Then rest.</p>\n<ol start"),
        (
            "You need:\n- a towel\n- a mat\nSteps:\n1. Lie down.\n2. Roll.",
            "<li>a mat</li>\n</ul>\n<p>Steps:</p>\n<ol>\n<li>Lie down.</li>",
        ),
        ("- Heat\n- Ice\n## Stretches", "<li>Ice</li>\n</ul>\n<h2"),
        ("- Heat\n- Ice\nThen rest.", "<li>Ice</li>\n</ul>\n<p>Then rest.</p>"),
        # But a line between two steps of one list is the step's own, as typed: the list
        # goes on after it.
        (
            "1. Lie on your back.\nKeep your knees bent.\n2. Roll.",
            "<li>Lie on your back.<br>\nKeep your knees bent.</li>\n<li>Roll.</li>",
        ),
        (
            "1. Lie down.\n  - Slowly.\nBreathe out.\n2. Roll.",
            "<li>Slowly.<br>\nBreathe out.</li>\n</ul>\n</li>\n<li>Roll.</li>",
        ),
        ("- Heat\nA warm towel.\n  - not too hot", "<li>Heat<br>\nA warm towel.<ul>"),
        ("- Heat\n| Hold | Rest |\n| --- | --- |\n| 30 s | 1 min |", "</ul>\n<table>"),
        ('!!! tip "Go gently"\n    - a fever\n    Call 111.', "</ul>\n<p>Call 111.</p>\n</div>"),
        # A list of the other kind straight under a list is a list of its own (CommonMark).
        ("- a towel\n- a mat\n1. Lie down.\n2. Roll.", "<li>a mat</li>\n</ul>\n<ol>\n<li>Lie"),
        ("1. Lie down.\n2. Roll.\n- Rest after.", "<li>Roll.</li>\n</ol>\n<ul>\n<li>Rest"),
        ("1. Lie down.\n  - Slowly.\n  1. Then roll.", "<li>Slowly.</li>\n</ul>\n<ol>"),
    ],
)
def test_lists_nest_as_editors_indent_them(text, expected):
    assert expected in html(text)


@pytest.mark.django_db
def test_an_article_shows_sub_steps_typed_two_spaces_in_as_a_list_inside_their_step(
    make_post, client
):
    post = make_post(body="## Foam rolling\n\n1. Lie down.\n  - Bend your knees.\n2. Roll.")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<li>Lie down.<ul>\n<li>Bend your knees.</li>\n</ul>\n</li>" in page
    assert "- Bend" not in page


def test_lists_nested_two_spaces_a_level_are_held_to_the_same_depth_limit():
    deep = "".join("  " * i + "- a\n" for i in range(300))
    with pytest.raises(ValidationError) as refused:
        validate_markdown(deep)
    assert "300 levels deep" in refused.value.messages[0]


def test_a_text_past_the_length_limit_is_refused_to_editors_but_a_stored_one_still_renders():
    longest = "x" * (MAX_LENGTH - 10) + "\n\n## End"
    validate_markdown(longest)
    with pytest.raises(ValidationError) as refused:
        validate_markdown(longest + "!" * 11)
    assert refused.value.code == "too_long"
    # One saved before the limit is rendered again by a migration, as any other.
    assert render_markdown(longest + "!" * 11).html.endswith('<h2 id="end">End!!!!!!!!!!!</h2>')


def test_reading_time_counts_words():
    assert render_markdown("word " * 199).reading_minutes == 1
    assert render_markdown("word " * 401).reading_minutes == 3


def test_words_are_counted_as_a_reader_counts_them():
    # Smart quotes and "&" become entities in the HTML: they are not words, nor is "&" or
    # a footnote's back-link arrow, and "it's" is one word, not two.
    rendered = render_markdown("Don't worry: it's fine & safe.[^1]\n\n[^1]: NHS advice.")
    # Don't, worry, it's, fine, safe, and the sources: its heading, NHS, advice.
    assert rendered.word_count == 8


# Each entry is a hostile Markdown or HTML snippet. Whatever comes out must not carry
# script, event handlers, dangerous URL schemes, or author-controlled class/id/style.
XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref]: javascript:alert(1)\n\n[x][ref]",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src=x>',
    "<!--><script>alert(1)</script>-->",
    "<!-- --!><script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '[x](https://ok.example "title\\" onmouseover=alert(1) x=\\"")',
    "[x](https://ok.example 'a\" onmouseover=\"alert(1)')",
    '![a" onerror="alert(1)](https://ok.example/x.png)',
    '## Heading {: onclick="alert(1)" }',
    'Paragraph\n{: #evil .class style="color:red" onclick="alert(1)" }',
    "[x](https://ok.example){: onclick=alert(1) }",
    '<p style="background:url(javascript:alert(1))">s</p>',
    '<a href="https://ok.example" class="hijack" id="main">x</a>',
    '<form action="https://evil.example"><input name=x></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    "[x](\x00javascript:alert(1))",
    '!!! note "<img src=x onerror=alert(1)>"\n    body',
]

SAFE_CLASSES = {
    "admonition",
    "admonition-title",
    "sources",
    "callout-level",
    "footnote-ref",
    "footnote-backref",
    "url",
    "note",
    "tip",
    "warning",
    "see-a-doctor",
    "urgent",
    "emergency",
}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class _Elements(HTMLParser):
    """Collects every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_safe(out):
    parser = _Elements()
    parser.feed(out)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {out!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name} on <{tag}> in {out!r}"
            assert name != "style", out
            if name in {"href", "src"}:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES or not scheme, f"{value!r} in {out!r}"
            if name == "class":
                assert set(value.split()) <= SAFE_CLASSES, out
            if name == "id":
                assert value not in {"main", "evil"}, out


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_corpus_is_neutralised_in_the_pipeline(payload):
    assert_safe(html(payload))


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_corpus_is_neutralised_in_stored_posts_and_faq_answers(
    payload, make_post, make_question
):
    post = make_post(body=payload)
    question = make_question(answer=payload)
    post.refresh_from_db()
    question.refresh_from_db()
    assert_safe(post.body_html)
    assert_safe(question.answer_html)


def test_raw_html_from_authors_is_shown_as_text_not_markup():
    out = html("Use <b>bold</b> tags")
    assert "&lt;b&gt;bold&lt;/b&gt;" in out


@pytest.mark.parametrize(
    "unsafe",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<script>alert(1)</script>",
        '<p style="color:red">x</p>',
        '<p class="evil">x</p>',
    ],
)
def test_the_safety_check_itself_catches_unsafe_html(unsafe):
    with pytest.raises(AssertionError):
        assert_safe(unsafe)


@pytest.mark.parametrize("text", ["[x](http://[x]/)", "<http://[oops]/>", "[x](https://[::1/)"])
def test_malformed_link_hosts_render_instead_of_crashing_the_save(text):
    """Found by the property tests: urlsplit() raises on a bad bracketed host."""
    out = html(text)
    assert_safe(out)
    assert "x" in out or "oops" in out or "::1" in out


def test_threads_rendering_at_once_each_get_their_own_text():
    """gunicorn's threaded workers render previews and saves side by side: one thread's
    text must never leak into another's (bleach's Cleaner keeps parser state per call)."""
    texts = [
        f"## Section {n}\n\n" + f"Paragraph {n} with a [link](https://example.org/{n}). " * 40
        for n in range(8)
    ]
    expected = [render_markdown(text).html for text in texts]

    def render_repeatedly(n):
        return [render_markdown(texts[n]).html for _ in range(15)]

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let threads interleave inside every call
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(render_repeatedly, range(8)))
    finally:
        sys.setswitchinterval(switch)
    for n, outputs in enumerate(results):
        assert all(html == expected[n] for html in outputs), f"thread {n} got another's text"


@pytest.mark.django_db  # a picture's example looks for its upload
@pytest.mark.parametrize("purpose, example, makes", WRITING_GUIDE)
def test_every_example_in_the_writing_guide_makes_what_it_promises(purpose, example, makes):
    # The admin shows these to editors; the guide must never drift from the pipeline.
    tag, _, css_class = makes.partition(".")
    found = re.search(rf"<{tag}(\s[^>]*)?>", html(example))
    assert found, (purpose, html(example))
    if css_class:
        assert re.search(rf'class="([^"]*\s)?{re.escape(css_class)}(\s[^"]*)?"', found.group(0))


DEEP_LIST = "".join("\t" * i + "- a\n" for i in range(400))
STRAY_BRACKETS = "[a" * 8000  # 12 s to render before the check


@pytest.mark.parametrize(
    "text, reason",
    [
        (DEEP_LIST, "levels deep"),
        ("> " * 400 + "a", "levels deep"),
        (STRAY_BRACKETS, "“[”"),
        ("[" * 4000 + "x" + "]" * 4000, "“[”"),
        ("[a](" * 5000, "“(”"),  # 4 s to render before the check
    ],
)
def test_text_the_pipeline_cannot_render_is_refused_with_a_reason(text, reason):
    # Nesting past Python's recursion limit crashed the save (a 500); thousands of open
    # brackets took Python-Markdown tens of seconds, tying up a server.
    with pytest.raises(ValidationError) as refused:
        validate_markdown(text)
    assert reason in refused.value.messages[0]


@pytest.mark.parametrize(
    "text, shown",
    [
        # A video's embed code, copied from its "Share" menu.
        (
            'Try this:\n\n<iframe width="560" height="315" '
            'src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>',
            "<iframe>",
        ),
        ("Line one<br>Line two", "<br>"),
        ("<b>Stop</b> if it hurts.", "<b>"),
        ('See <a href="https://www.nhs.uk/">the NHS</a>.', "<a>"),
        ('<span style="color:red">Warning</span>', "<span>"),
        ("<p>Pasted from an email.</p>", "<p>"),
        ("Lie flat.</div>", "</div>"),
    ],
)
def test_html_code_readers_would_see_as_typed_is_refused_with_a_reason(text, shown):
    # Raw HTML is shown as text, never run: pasted embed codes and tags from a web page or
    # an email would reach readers of a health page as code.
    with pytest.raises(ValidationError) as refused:
        validate_markdown(text)
    assert "HTML" in refused.value.messages[0] and shown in refused.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "Rest for <5 minutes, or until the pain is <3 out of 10.",
        "A resting heart rate < 60 or > 100 beats a minute",
        "Read <https://www.nhs.uk/conditions/back-pain/>.",
        "In code, `<br>` stays as typed.",
        '```\n<div class="x">code</div>\n```',
        "Pick <a or b> as you like; p<0.05.",
    ],
)
def test_angle_brackets_in_ordinary_writing_are_not_taken_for_html(text):
    validate_markdown(text)


@pytest.mark.parametrize("text", ["![](/media/posts/neck.webp)", "![  ](/media/posts/neck.webp)"])
def test_a_picture_with_no_description_is_refused_with_a_reason(text, settings, tmp_path):
    # As for the featured image: a screen reader would say nothing, or the file's name, for
    # an exercise shown in a picture.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "neck.webp").write_bytes(b"RIFF")
    with pytest.raises(ValidationError) as refused:
        validate_markdown(f"Lie flat.\n\n{text}")
    assert "Describe" in refused.value.messages[0]
    assert "![what it shows]" in refused.value.messages[0]
    validate_markdown("![A chin tuck, seen from the side](/media/posts/neck.webp)")


def test_ordinary_writing_passes_the_check(demo, settings, tmp_path):
    validate_markdown(demo.body)
    validate_markdown("- a\n    - b\n        - c\n\n> quote\n\n[link](https://example.org) [^1]")
    settings.MEDIA_ROOT = tmp_path  # where the guide's picture is, once uploaded
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "….png").write_bytes(b"PNG")
    for _, example, _ in WRITING_GUIDE:
        validate_markdown(example)


def test_each_caller_gets_its_own_table_of_contents():
    first = render_markdown("## One\n\n### Two")
    first.toc[0]["children"].clear()
    assert render_markdown("## One\n\n### Two").toc[0]["children"][0]["id"] == "two"


def test_only_the_sizes_the_pipeline_gives_uploaded_pictures_pass_the_sanitizer():
    from knotsite.markup import sanitize_html

    ours = (
        '<img src="/media/images/a.png" alt="a" srcset="/media/images/a-480w.webp 480w, '
        '/media/images/a.png 1600w" sizes="(min-width: 46rem) 42rem, 100vw" loading="lazy" '
        'decoding="async">'
    )
    assert sanitize_html(ours) == ours
    for attribute in [
        'srcset="https://tracker.example/pixel.png 1w"',
        'srcset="javascript:alert(1) 1w"',
        'srcset="/media/a.png 1w, //tracker.example/b.png 2w"',
        'sizes="calc(100vw - expression(alert(1)))"',
        'loading="eager"',
        'decoding="sync"',
    ]:
        cleaned = sanitize_html(f'<img src="/a.png" alt="a" {attribute}>')
        assert attribute.split("=")[0] not in cleaned


# --- Links to this site's own pages ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link",
    [
        "/news/healthcare-blog/techniques-to-alleviate-upper-back-mucsle-knots/",  # typo
        "/news/healthcare-blogs/",
        "/faq/pain-symptoms/#when-is-back-pain-an-emergency",
        "/tags/knots/",
        "/authors/dr-nobody/",
        "/pages/privacy/",
        "/no-such-page/",
        "/news/healthcare-blog/techniques-to-alleviate-upper-back-muscle-knots/print/",
        "http://127.0.0.1:8000/faq/no-such-topic/",
    ],
)
def test_a_link_to_no_page_on_this_site_is_refused_with_a_reason(demo, link):
    """Readers would get "page not found" from a link an editor typed or cut short."""
    with pytest.raises(ValidationError) as refused:
        validate_markdown(f"Read [our advice]({link}) first.")
    message = refused.value.messages[0]
    assert "leads to no page on this site" in message
    assert link.removeprefix("http://127.0.0.1:8000").split("#")[0] in message


@pytest.mark.parametrize(
    "text, told",
    [
        # A browser takes an address with no "https://" as a page below the one showing the
        # text: "www.nhs.uk" on an article led to /news/healthcare-blog/<article>/www.nhs.uk.
        ("[the NHS page](www.nhs.uk/conditions/back-pain/)", "https://www.nhs.uk/conditions/"),
        ("[NHS advice](nhs.uk)", "write https://nhs.uk"),
        ("[NHS 111](111.nhs.uk)", "write https://111.nhs.uk"),
        ("[email us](care@clinic.example)", "write mailto:care@clinic.example"),
        ("[call us](0161 496 0000)", "write tel:01614960000"),
        ("[call us](+44 161 496 0000)", "write tel:+441614960000"),
        # A page of this site given from where the text happens to be: an answer shows on
        # the FAQ, its topic's page and its article, and would lead somewhere else from each.
        ("[the stretches](stretches/)", "from the first “/”"),
        ("[back](../)", "from the first “/”"),
        ("[search](?q=back+pain)", "from the first “/”"),
        ("![A stretch](media/images/a.png)", "from the first “/”"),
        ("[the leaflet](leaflet.pdf)", "from the first “/”"),  # a file's name, no site's
        ("[our page](clinic.html)", "from the first “/”"),
        ("[a page](www." + "a" * 5000 + ".com)", "write https://www.aaaa"),
    ],
)
def test_an_address_that_is_not_whole_is_refused_with_what_to_write(text, told):
    with pytest.raises(ValidationError) as refused:
        validate_markdown(f"Read {text} first.")
    message = refused.value.messages[0]
    assert "not a whole address" in message and told in message
    assert len(message) < 500  # an address pasted whole by mistake is not all said back


@pytest.mark.django_db
def test_texts_saved_before_the_whole_address_check_are_named_at_deploy(
    demo, make_question, settings
):
    """The check runs when a text is saved; one saved before it holds its "www.nhs.uk" link
    until edited. `migrate` (and `check --database`) name each, with where to mend it."""
    from django.core.checks import run_checks

    from articles.models import Post

    def warned():
        return [m for m in run_checks(databases=["default"]) if m.id == "knotsite.W001"]

    assert warned() == []
    question = make_question(answer="Read [the NHS](https://www.nhs.uk/).")
    stored = '<p>Read <a href="www.nhs.uk/conditions/back-pain/">the NHS</a>.</p>'
    type(question).objects.filter(pk=question.pk).update(answer_html=stored)
    Post.objects.filter(pk=demo.pk).update(body_html='<p><a href="stretches/">x</a></p>')
    messages = warned()
    assert len(messages) == 2
    by_text = {m.obj: m for m in messages}
    assert "https://www.nhs.uk/conditions/back-pain/" in by_text[question].msg
    assert f"/admin/faq/question/{question.pk}/change/" in by_text[question].hint
    assert "“stretches/”" in by_text[Post.objects.get(pk=demo.pk)].msg
    assert all(m.id != "knotsite.W001" for m in run_checks())  # no database: not asked


@pytest.mark.django_db
def test_texts_linking_to_pages_gone_since_they_were_saved_are_named_at_deploy(
    demo, make_post, make_question
):
    """A text's links are checked when it is saved; a page deleted since (from a shell, an
    import, a tag or topic deleted) leaves it sending readers to "page not found", named now
    by `migrate` (and `check --database`) with where to mend it."""
    from django.core.checks import run_checks

    def warned():
        return [m for m in run_checks(databases=["default"]) if m.id == "knotsite.W002"]

    soon_gone = make_post(slug="soon-gone")
    question = make_question(
        answer=f"Read [this]({soon_gone.get_absolute_url()}) and [that](/faq/)."
    )
    assert warned() == []
    soon_gone.delete()
    messages = warned()
    assert len(messages) == 1 and messages[0].obj == question
    assert soon_gone.get_absolute_url() in messages[0].msg and "/faq/" not in messages[0].msg
    assert f"/admin/faq/question/{question.pk}/change/" in messages[0].hint


@pytest.mark.django_db
def test_links_to_pages_that_are_there_or_will_be_are_kept(demo, make_post, client):
    from django.contrib.redirects.models import Redirect

    from articles.models import Post

    draft = make_post(status=Post.Status.DRAFT, slug="coming-soon")
    Redirect.objects.create(
        site_id=1, old_path="/old-knots-guide/", new_path=demo.get_absolute_url()
    )
    links = [
        demo.get_absolute_url(),
        demo.get_absolute_url() + "#warm-up-to-heat-therapy",
        draft.get_absolute_url(),  # goes live with this text, or before it
        "/news/",
        "/news/healthcare-blog/",
        "/News/Healthcare-Blog/",
        "/faq/",
        "/faq/?q=stiff+neck",
        "/faq/stretching-and-exercise/#how-long-should-i-hold-a-stretch",
        "/tags/exercise/",
        "/tags/",
        "/authors/knotsite-clinical-team/",
        "/about/",
        "/feeds/rss/",
        "/search/?q=knots",
        "/old-knots-guide/",
        "/faq",
        "http://127.0.0.1:8000/news/",
        "https://www.nhs.uk/no/such/page/",
        "#sources",
        "mailto:clinic@example.org",
        "tel:999",
    ]
    validate_markdown("\n\n".join(f"[a page]({link})" for link in links))


def test_a_picture_on_its_own_with_a_title_is_shown_with_that_caption():
    """Under an exercise's picture, readers see what it shows them to do; a title is only a
    tooltip, which phones never show."""
    out = html(
        "Then arch your back.\n\n"
        '![Cat-cow: back arched up](/media/posts/a.png "Step 2: breathe out as you arch")'
    )
    figure = re.search(r"<figure>(.*?)</figure>", out, re.S)
    assert figure, out
    assert re.fullmatch(
        r'<img alt="Cat-cow: back arched up" [^>]*src="/media/posts/a.png"[^>]*>'
        r"<figcaption>Step 2: breathe out as you arch</figcaption>",
        figure.group(1).strip(),
    ), figure.group(1)
    assert "title=" not in figure.group(1), "said once, not again as a tooltip"
    # Without a title, or in a sentence, a picture stays where it is.
    assert "<figure" not in html("![Cat-cow](/media/posts/a.png)")
    assert "<figure" not in html('Arch ![Cat-cow](/media/posts/a.png "Step 2") slowly.')


@pytest.mark.django_db
def test_checking_a_texts_links_costs_a_bounded_number_of_queries(
    demo, django_assert_max_num_queries
):
    # The preview checks on every pause in typing: a pasted list of a thousand addresses
    # must not tie up the server.
    many = "\n\n".join(f"[page {n}](/news/healthcare-blog/article-{n % 300}/)" for n in range(1000))
    with django_assert_max_num_queries(4 * 200 + 10), pytest.raises(ValidationError):
        validate_markdown(many)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/faq/%00/",
        "/%ff%fe/",
        "/media/../../etc/passwd",
        "/media/images/%00.png",
        "/news/" + "a/" * 300,
        "http://127.0.0.1:8000/%",
        "/faq/?q=%00",
        "//evil.example/x",
        "https://[x",
        "www." + "a" * 5000 + ".com",
    ],
)
def test_odd_addresses_in_a_text_get_a_reason_never_an_error(demo, address):
    for text in [f"[a page]({address})", f"![A stretch]({address})"]:
        try:
            validate_markdown(text)
        except ValidationError as refused:
            assert refused.messages[0]
