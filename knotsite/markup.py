"""The one Markdown pipeline for every piece of staff-written text.

Markdown -> HTML (Python-Markdown, raw HTML disabled) -> bleach allowlist + link filter.
Sanitizing is the last step: whatever an extension or an author produces, only the
allowlisted tags, attributes and URL schemes reach the stored HTML.
"""

import copy
import html as htmllib
import math
import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from urllib.parse import urlsplit
from xml.etree import ElementTree as etree

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# An article's "##" is an h2 under its h1 title; text shown under a heading of its own
# starts lower (faq.models.ANSWER_HEADINGS_FROM).
ARTICLE_HEADINGS_FROM = 2

# Callout types an author may use with `!!! type "Title"`; each is a CSS class.
CALLOUT_TYPES = frozenset({"note", "tip", "warning", "see-a-doctor", "urgent", "emergency"})

# What the admin shows editors beside every Markdown field: (what for, how to write it, what
# it makes). tests/test_markdown.py renders each example, so the guide follows the pipeline.
WRITING_GUIDE = (
    ("A section, listed under “On this page”", "## Warm up first", "h2"),
    ("A heading inside a section", "### With a foam roller", "h3"),
    (
        "Numbered steps, right under their lead-in or after a blank line",
        "To roll your upper back:\n1. Lie on your back.\n2. Roll slowly up and down.",
        "ol",
    ),
    ("A list", "- Heat\n- Gentle stretches", "ul"),
    (
        "Points under a step, indented by two spaces",
        "1. Lie on your back.\n  - Bend your knees.\n  - Cross your arms.\n2. Roll slowly.",
        "ul",
    ),
    (
        "A line of its own, as in an address (a blank line starts a new paragraph)",
        "Knotsite Clinic\n12 High Street",
        "br",
    ),
    ("Bold and italic", "**Stop** if it hurts. Go *gently*.", "strong"),
    ("A link", "[NHS advice](https://www.nhs.uk/conditions/back-pain/)", "a"),
    (
        "A source: numbered in the text, listed under “Sources”",
        "Heat can ease pain.[^nhs]\n\n[^nhs]: NHS. Back pain. https://www.nhs.uk/",
        "section.sources",
    ),
    (
        "A callout: note, tip, warning, see-a-doctor, urgent or emergency, its text indented "
        "by four spaces",
        '!!! see-a-doctor "When to see a doctor"\n    If the pain spreads to your arm, see a '
        "doctor.",
        "div.see-a-doctor",
    ),
    (
        "A table (one pasted from Word or a spreadsheet is made one, its first row the heads)",
        "| Stretch | Hold |\n| --- | --- |\n| Cat-cow | 10 breaths |",
        "table",
    ),
    (
        "A picture: upload it under Images, then paste the line its page gives",
        "![Cat-cow: back arched up, head down](/media/images/….png)",
        "img",
    ),
    (
        "A picture with a caption under it, on a line of its own",
        '![Cat-cow: back arched up](/media/images/….png "Breathe out as you arch")',
        "figcaption",
    ),
)

# The visible label of each care level, so a callout never relies on colour alone.
CARE_LEVEL_LABELS = {
    "see-a-doctor": "See a doctor",
    "urgent": "Urgent",
    "emergency": "Emergency",
}

ALLOWED_TAGS = frozenset(
    {
        "a",
        "section",
        "span",
        "abbr",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# Classes and ids come only from our own extensions, never free-form from authors.
_CLASSES = {
    "div": {"admonition", *CALLOUT_TYPES},
    "section": {"sources"},
    "span": {"callout-level"},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
    "sup": set(),
    "ol": set(),
    "hr": set(),
}
# A text shown beside others on one page (an FAQ answer) prefixes its ids with its own
# anchor and "--", which no generated heading id or slug contains: see render_markdown.
_ID = re.compile(r"^(?:[\w-]{1,120}--)?(?:(?:fn|fnref)-[\w-]{1,60}|[a-z0-9][a-z0-9_-]{0,80})$")
# What _SourcesSection names the links to and from a source.
_SOURCE_LINK_LABEL = re.compile(r"^(?:Source \d{1,4}|Back to where source \d{1,4} is cited)$")
_SIMPLE_ATTRS = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},  # and those _picture_attribute allows
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
_ID_TAGS = {"h2", "h3", "h4", "h5", "h6", "li", "sup", "div"}


# How wide a picture in the text is shown: the article's column on a wide screen, the
# screen's width on a phone (as the featured image).
PICTURE_SIZES = "(min-width: 46rem) 42rem, 100vw"
_SRCSET_ENTRY = re.compile(r"(/[\w/.-]{1,200}) \d{1,5}w")


def _picture_attribute(name, value):
    """What _UploadedPictures adds to a picture, and nothing else by those names: resized
    copies from this site's uploads only, our sizes, lazy loading."""
    from django.conf import settings

    if name == "srcset":
        entries = [_SRCSET_ENTRY.fullmatch(entry) for entry in value.split(", ")]
        return all(e and e.group(1).startswith(settings.MEDIA_URL) for e in entries)
    return {"sizes": PICTURE_SIZES, "loading": "lazy", "decoding": "async"}.get(name) == value


def _allowed_attribute(tag, name, value):
    if tag == "img" and name in {"srcset", "sizes", "loading", "decoding"}:
        return _picture_attribute(name, value)
    if name == "role":
        return tag == "div" and value == "note"
    if name == "aria-label":
        return tag == "a" and bool(_SOURCE_LINK_LABEL.match(value))
    if name == "aria-labelledby":
        return tag == "section" and value.endswith("sources") and bool(_ID.match(value))
    if name == "class":
        allowed = _CLASSES.get(tag, set())
        return bool(value) and all(part in allowed for part in value.split())
    if name == "id":
        return tag in _ID_TAGS and bool(_ID.match(value))
    if name in {"align"}:
        return value in {"left", "right", "center"}
    if name in {"width", "height", "colspan", "rowspan", "start"}:
        return value.isdigit() and len(value) <= 5
    if name == "scope":
        return value in {"col", "row"}
    return name in _SIMPLE_ATTRS.get(tag, set())


def _external_link_rel(attrs, new=False):
    """Links that leave the site never get a window.opener or a Referer. A link whose words
    are its own address (a source typed as <https://...>, or an address typed bare, which
    this makes a link: `new`) is marked "url", so that print, which writes every other
    link's address after it, does not write this one twice."""
    href = attrs.get((None, "href"), "")
    if new or attrs.get("_text", "").strip() == href:
        attrs[(None, "class")] = " ".join(filter(None, [attrs.get((None, "class")), "url"]))
    try:
        scheme = urlsplit(href).scheme
    except ValueError:  # e.g. "http://[not-an-ip]/": no browser could follow it either
        attrs.pop((None, "href"), None)
        return attrs
    if scheme in {"http", "https"}:
        attrs[(None, "rel")] = "noopener noreferrer"
    return attrs


class _PerThread(threading.local):
    """bleach's Cleaner keeps its HTML parser's state between calls and is not thread-safe:
    each thread (gunicorn's gthread workers, the test live server) builds its own, once."""

    def __init__(self):
        self.cleaner = bleach.sanitizer.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allowed_attribute,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[
                partial(LinkifyFilter, callbacks=[_external_link_rel], skip_tags={"pre", "code"})
            ],
        )


_per_thread = _PerThread()


HEADINGS = frozenset(f"h{n}" for n in range(1, 7))


class _HeadingLevels(Treeprocessor):
    """The page title is the only h1, so a `#` heading becomes an h2; and text shown under a
    heading of its own (an FAQ answer under its question's h3) starts below it."""

    def __init__(self, md, top):
        super().__init__(md)
        self.top = top

    def run(self, root):
        shift = self.top - 2
        for element in root.iter():
            if element.tag in HEADINGS:
                level = max(int(element.tag[1]), 2) + shift
                element.tag = f"h{min(level, 6)}"


class _PrefixAnchors(Treeprocessor):
    """Every id the text made (headings, footnotes, its "Sources") and every link to one of
    them gets the prefix, so texts shown together on one page never share an id."""

    def __init__(self, md, prefix):
        super().__init__(md)
        self.prefix = prefix

    def run(self, root):
        made = set()
        for element in root.iter():
            for name in ("id", "aria-labelledby"):
                if element.get(name):
                    made.add(element.get(name))
                    element.set(name, self.prefix + element.get(name))
        for element in root.iter("a"):
            target = element.get("href", "")
            if target.startswith("#") and target[1:] in made:
                element.set("href", f"#{self.prefix}{target[1:]}")


class _CalloutTypes(Treeprocessor):
    """Callouts are notes for assistive technology, and care-level callouts carry their level
    as text. Unknown `!!! type` callouts fall back to a plain note instead of losing text."""

    def run(self, root):
        for element in root.iter("div"):
            classes = element.get("class", "").split()
            if "admonition" not in classes:
                continue
            kinds = [c for c in classes if c != "admonition" and c in CALLOUT_TYPES] or ["note"]
            element.set("class", " ".join(["admonition", *kinds]))
            element.set("role", "note")
            title = element.find("p")
            label = CARE_LEVEL_LABELS.get(kinds[0])
            if label and title is not None and title.get("class") == "admonition-title":
                level = etree.Element("span", {"class": "callout-level"})
                level.text = f"{label}: "
                level.tail = title.text
                title.text = None
                title.insert(0, level)


class _SourcesSection(Treeprocessor):
    """Footnotes become the article's numbered "Sources" section, with its own heading
    (so it appears in the table of contents) and back-links to where each is cited."""

    def __init__(self, md, level):
        super().__init__(md)
        self.level = level

    def run(self, root):
        for element in root.iter("div"):
            if element.get("class") == "footnote":
                element.tag = "section"
                element.set("class", "sources")
                element.set("aria-labelledby", "sources")
                for rule in element.findall("hr"):
                    element.remove(rule)
                heading = etree.Element(f"h{self.level}", {"id": "sources"})
                heading.text = "Sources"
                element.insert(0, heading)
                for number, source in enumerate(element.iter("li"), start=1):
                    for link in source.iter("a"):
                        if link.get("class") == "footnote-backref":
                            link.set("aria-label", f"Back to where source {number} is cited")
        # Read out alone, "1" or "leftwards arrow with hook" says nothing.
        for link in root.iter("a"):
            if link.get("class") == "footnote-ref":
                link.set("aria-label", f"Source {link.text}")


class _UploadedPictures(Treeprocessor):
    """A picture uploaded under Images (articles.Image) is shown at the size the reader's
    screen needs, from its resized copies; its width and height keep its room while it loads,
    so the text does not jump. Every picture in a text loads only when scrolled near."""

    def run(self, root):
        from django.conf import settings

        pictures = list(root.iter("img"))
        for picture in pictures:
            picture.set("loading", "lazy")
            picture.set("decoding", "async")
        from articles.images import TEXT_IMAGES

        folder = f"{settings.MEDIA_URL}{TEXT_IMAGES}"
        uploaded = [p for p in pictures if p.get("src", "").startswith(folder)]
        if not uploaded:
            return
        from articles.models import Image

        renditions = Image.objects.renditions_by_url({p.get("src") for p in uploaded})
        for picture in uploaded:
            copies = renditions.get(picture.get("src"))
            if not copies:
                continue
            picture.set("srcset", ", ".join(f"{c['url']} {c['width']}w" for c in copies))
            picture.set("sizes", PICTURE_SIZES)
            picture.set("width", str(copies[-1]["width"]))
            picture.set("height", str(copies[-1]["height"]))


class _CaptionedPictures(Treeprocessor):
    """A picture on a line of its own with a title, ![what it shows](address "caption"), is
    shown with the title as its caption: what the picture shows readers to do. A title alone
    is a tooltip, which phones never show and screen readers may skip."""

    def run(self, root):
        for paragraph in root.iter("p"):
            if len(paragraph) != 1 or (paragraph.text or "").strip():
                continue
            picture = paragraph[0]
            if picture.tag != "img" or not picture.get("title") or (picture.tail or "").strip():
                continue
            paragraph.tag = "figure"
            caption = etree.SubElement(paragraph, "figcaption")
            caption.text = picture.attrib.pop("title")
            picture.tail = None


class _TablesFromTabs(Preprocessor):
    """A table copied from Word or a spreadsheet arrives as lines of cells with a tab
    between each, and ran into one line of words ("Exercise Sets Reps Rows 3 10"): two lines
    or more in a row with as many cells each, two or more, are a table, its first line the
    heading row. Runs before Python-Markdown turns tabs into spaces (so it must set code
    between fences aside itself); a line indented, quoted or starting a list (Word's
    "1.<tab>Lie down") is no row."""

    def run(self, lines):
        return list(tables_from_tabs(lines))


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# What starts a numbered list item as Word and other editors paste them, "1." to "iv)".
_LIST_MARKER = re.compile(r"\d{1,9}[.)]|[a-z][.)]|[ivx]{1,4}[.)]")


def tables_from_tabs(lines):
    """`lines` with each run of two or more lines of as many tab-separated cells written
    as a Markdown table, a blank line either side."""
    rows, fence = [], None  # the run of rows so far: (line, its cells); the open code fence
    for line in lines:
        cells = None if fence else _tab_cells(line)
        if cells and (not rows or len(cells) == len(rows[0][1])):
            rows.append((line, cells))
            continue
        yield from _table_or_lines(rows)
        rows = [(line, cells)] if cells else []
        if not cells:
            fence = _fence_after(line, fence)
            yield line
    yield from _table_or_lines(rows)


def _tab_cells(line):
    line = line.rstrip("\r")
    if "\t" not in line or line[:1] in " \t>":
        return None
    cells = [cell.strip() for cell in line.split("\t")]
    # One character but a digit is a bullet in a symbol font ("l" a disc, "Ø" an arrow).
    bullet = len(cells[0]) == 1 and not cells[0].isdigit()
    return cells if not bullet and not _LIST_MARKER.fullmatch(cells[0]) else None


def _fence_after(line, fence):
    """The code fence open after `line`: "```" opens one, and the same or longer closes it."""
    marks = _FENCE.match(line)
    if not marks:
        return fence
    if not fence:
        return marks.group(1)
    closes = marks.group(1)[0] == fence[0] and len(marks.group(1)) >= len(fence)
    return None if closes and not line[marks.end() :].strip() else fence


def _table_or_lines(rows):
    if len(rows) < 2:
        yield from (line for line, _ in rows)
        return
    written = [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |" for _, cells in rows
    ]
    yield from ["", written[0], "|" + " --- |" * len(rows[0][1]), *written[1:], ""]


class _ListMarkersAsTyped(Preprocessor):
    """Steps numbered "1)", as editors often type them, are numbered as "1." are
    (Python-Markdown knows only "1."; CommonMark takes both), and the bullets a word
    processor or a web page pastes ("•", "●", "○", "■", "·", a dash "–") are list items as "-"
    is: without this they ran into one line ("Do this: • Roll • Stop"). A no-break space
    after a marker, as pasted from web pages and documents, is a space. Word's points and
    sub-steps below the first level are nested (`word_levels`)."""

    # In order: the last works on what the first two leave ("1)", "•" are "1.", "-" by then).
    REWRITES = (
        (re.compile(r"^([ \t>]*\d{1,2})\)(?=[ \t\u00a0]+\S)"), r"\1."),
        (
            re.compile(
                r"^([ \t>]*)[\u2022\u25e6\u25aa\u00b7\u2023\u2043\u25cf\u25cb\u25a0\u2013]"
                r"(?=[ \t\u00a0]+\S)"
            ),
            r"\1-",
        ),
        (re.compile(r"^([ \t>]*(?:[-*+]|\d{1,2}\.))\u00a0+(?=\S)"), r"\1 "),
    )

    def run(self, lines):
        return list(word_levels(self.as_markdown(line) for line in lines))

    def as_markdown(self, line):
        for pattern, replacement in self.REWRITES:
            line = pattern.sub(replacement, line)
        return line


# Python-Markdown's: a tab is spaces to the next multiple of it before preprocessors run,
# so indentation typed with tabs is counted so here too.
TAB_LENGTH = 4
_INDENT = re.compile(r"[ \t]*")
_LIST_ITEM = re.compile(r"([ \t]*)((?:[-*+]|\d{1,9}\.)[ \t]+\S.*)")


# Word copies a list to plain text unindented, each marker followed by a tab (spaces to the
# next tab stop by the time preprocessors see it): a point's level is its bullet ("·" is
# "-" by now, then "o", then "§"), a sub-step's is its letter ("a.") or, below that, its
# Roman numeral ("i.").
_WORD_POINT = re.compile(r"(o|\u00a7) {3}(?=\S)")
_WORD_SUB_STEP = re.compile(r"([a-z]|[ivx]{2,4})[.)] +(?=\S)")
_ROMAN = re.compile(r"i{1,3}|iv|vi{0,3}|ix|x")


def word_levels(lines):
    """`lines` with Word's points and sub-steps below the first level nested, two spaces a
    level, under the list item above them: "1.<tab>Lie down" and "a.<tab>Bend your knees"
    ran into one step ("Lie down a. Bend your knees"). A marker with no list of its kind
    above it, or no tab after it, is text as typed ("o dear")."""
    above = None  # the list item above: (ordered, level, its letter or numeral)
    for line in lines:
        point = _WORD_POINT.match(line)
        sub_step = _WORD_SUB_STEP.match(line)
        if sub_step and sub_step.end() % TAB_LENGTH:
            sub_step = None  # spaces typed, not a tab
        item = _LIST_ITEM.fullmatch(line)
        level = word = None
        if point and above and not above[0]:
            level, word = min(2 if point.group(1) == "o" else 3, above[1] + 1), point
        elif sub_step and above and above[0]:
            level, word = _sub_step_level(sub_step.group(1), above), sub_step
        if level:
            ordered = word is sub_step
            above = (ordered, level, word.group(1))
            line = f"{'  ' * (level - 1)}{'1.' if ordered else '-'} {line[word.end() :]}"
        elif item:  # an item typed unindented is the first level; Word's lists are such
            above = (item.group(2)[0].isdigit(), 1, "") if not item.group(1) else None
        elif line.strip():
            above = None
        yield line


def _sub_step_level(marker, above):
    """A sub-step's level under `above`: a letter is the second, a Roman numeral the third,
    unless it is the letter after the one above ("i." after "h.")."""
    _, level, marker_above = above
    follows_letter = len(marker) == len(marker_above) == 1 and ord(marker) == ord(marker_above) + 1
    if level >= 2 and _ROMAN.fullmatch(marker) and not (level == 2 and follows_letter):
        return 3
    return 2 if len(marker) == 1 else None


def lists_nested_by_fours(lines):
    """`lines` with what sits inside a list item indented four spaces a level, as
    Python-Markdown reads nesting, however far the editor indented it, and lists ended where
    the editor ended them. CommonMark, GitHub and most editors nest by two or three ("1. Lie
    down" and, under it, "  - Bend your knees", or after a blank line "   ![The stretch](…)"),
    which Python-Markdown ran into the step as text or took out of the list. A line indented
    two spaces or more past an item is inside it: a list item, or after a blank line, a
    paragraph or picture of that item. Only lines indented less than Python-Markdown wants
    move; the rest stay as typed.

    A list ends, as at a blank line, where lines of text not indented into it follow it and
    the list does not go on after them ("Steps:" under a list of what you need: a line typed
    on its own is one, as everywhere else), or where a list of the other kind starts
    (bullets after steps: CommonMark's rule). Python-Markdown had put both inside the last
    item. Text between two steps of one list stays the first step's, as typed."""
    lines = list(lines)
    open_items = []  # (typed indentation, ordered) of each item the next line may sit inside
    follows_blank = True
    goes_on = None  # for lines of text under a list: whether it goes on after them
    for n, line in enumerate(lines):
        indent = len(_INDENT.match(line).group(0).expandtabs(TAB_LENGTH))
        item = _LIST_ITEM.fullmatch(line)
        text = line.strip() and not item
        beside = None  # the item at this one's level just left, whose list this may go on
        if item or (text and follows_blank):
            left = _items_left(open_items, indent)  # beside the first of them, or out of the list
            beside = open_items[left] if left < len(open_items) else None
            del open_items[left:]
        elif text and open_items and _items_left(open_items, indent) == 0:
            if goes_on is None:  # asked once for all the lines of text, however many
                goes_on = _list_goes_on(open_items, lines, n + 1)
            if not goes_on:
                yield ""  # under the list, not indented into it: its own paragraph
                open_items = []
        # The outermost item keeps its place (a callout's text is indented by four).
        inside = open_items[0][0] + 4 * len(open_items) if open_items else indent
        if item:
            ordered = item.group(2)[0].isdigit()
            if beside and beside[1] != ordered and not follows_blank:
                yield ""  # a list of the other kind begins
            line = " " * inside + item.group(2)
            open_items.append((indent, ordered))
        elif text and follows_blank and indent < inside:
            line = " " * inside + line.lstrip()
        follows_blank = not line.strip()
        goes_on = goes_on if text else None
        yield line


def _list_goes_on(open_items, lines, start):
    """Whether, after the lines of text from `lines[start]`, the list of `open_items` goes
    on: with a step of the same list at some level, or one inside the last."""
    for index in range(start, len(lines)):  # not lines[start:]: a copy for each would cost
        line = lines[index]  # time squared in the lines for a text alternating steps and text
        item = _LIST_ITEM.fullmatch(line)
        if not item:
            if line.strip():
                continue  # more of the text
            return False  # a blank line
        left = _items_left(open_items, len(item.group(1).expandtabs(TAB_LENGTH)))
        return left == len(open_items) or open_items[left][1] == item.group(2)[0].isdigit()
    return False


def _items_left(open_items, indent):
    """Where in `open_items` a line indented `indent` leaves them: it is inside an item when
    indented two spaces or more past it, so inside the items before the index, beside the
    one at it, and out of those after."""
    return next(
        (n for n, (typed, _) in enumerate(open_items) if indent < typed + 2), len(open_items)
    )


class _ListsNestedAsTyped(Preprocessor):
    def run(self, lines):
        return list(lists_nested_by_fours(lines))


class _ListUnderText(BlockProcessor):
    """A list may start right under a line of text, as in CommonMark: "Steps:" and then
    "1. Lie down" on the next line. Python-Markdown wants a blank line between, and without
    one ran the steps into the paragraph ("Steps: 1. Lie down 2. Roll"). Runs on each block
    as parsed, so it holds inside callouts and list items too. As in CommonMark, only a
    list numbered from 1 interrupts text: "opened in\n2019. It moved" stays a sentence."""

    # (A rule such as "- - -" never gets here: the rule processor has split the block.)
    START = re.compile(r"\n(?=(?:[-*+]|1\.)[ \t]+\S)")

    def test(self, parent, block):
        return bool(self.START.search(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        start = self.START.search(block).start()
        blocks.insert(0, block[start + 1 :])
        self.parser.parseBlocks(parent, [block[:start]])


class _SafeAuthoring(Extension):
    def __init__(self, anchor_prefix, top_heading):
        super().__init__()
        self.anchor_prefix, self.top_heading = anchor_prefix, top_heading

    def extendMarkdown(self, md):
        # Raw HTML typed by an author is shown as text, not parsed: Markdown is the only
        # markup language authors write. bleach still runs afterwards as the last word.
        md.preprocessors.deregister("html_block")
        # Before tabs are spaces (whitespace is normalised at 30).
        md.preprocessors.register(_TablesFromTabs(md), "tables_from_tabs", 31)
        # After fenced code (25) has set code blocks aside: "1)" in code stays as typed.
        md.preprocessors.register(_ListMarkersAsTyped(md), "list_markers_as_typed", 20)
        # After the markers are "-" and "1.", so "•" and "1)" sub-steps nest as well.
        md.preprocessors.register(_ListsNestedAsTyped(md), "lists_nested_as_typed", 19)
        # Just before a block is taken as one paragraph (10), after lists, tables, callouts.
        md.parser.blockprocessors.register(_ListUnderText(md.parser), "list_under_text", 11)
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_HeadingLevels(md, self.top_heading), "heading_levels", 30)
        md.treeprocessors.register(_CalloutTypes(md), "callout_types", 29)
        # After the inline patterns (20) have made the pictures.
        md.treeprocessors.register(_UploadedPictures(md), "uploaded_pictures", 15)
        md.treeprocessors.register(_CaptionedPictures(md), "captioned_pictures", 14)
        # After footnotes (50) has built its list, before the table of contents (5).
        md.treeprocessors.register(_SourcesSection(md, self.top_heading), "sources_section", 10)
        if self.anchor_prefix:  # after the table of contents (5) has given headings ids
            md.treeprocessors.register(_PrefixAnchors(md, self.anchor_prefix), "prefix", 1)


def _markdown(anchor_prefix, top_heading):
    return markdown.Markdown(
        extensions=[
            _SafeAuthoring(anchor_prefix, top_heading),
            "markdown.extensions.toc",
            "markdown.extensions.tables",
            "markdown.extensions.footnotes",
            "markdown.extensions.admonition",
            "markdown.extensions.smarty",
            "markdown.extensions.sane_lists",
            "markdown.extensions.def_list",
            "markdown.extensions.abbr",
            "markdown.extensions.fenced_code",
            # A line typed on its own stays one (an address, opening hours), as in the
            # editors' old site; a blank line starts a paragraph.
            "markdown.extensions.nl2br",
        ],
        extension_configs={
            "markdown.extensions.toc": {"toc_depth": "2-3", "permalink": False},
            "markdown.extensions.tables": {"use_align_attribute": True},
            "markdown.extensions.footnotes": {"SEPARATOR": "-", "BACKLINK_TITLE": "Back to text"},
        },
        output_format="html",
    )


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    word_count: int = 0

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / 200))


def sanitize_html(html):
    return _per_thread.cleaner.clean(html)


_WORD = re.compile(r"\w")  # "it’s" is one word; "&" and "↩" are none


def plain_text(rendered_html):
    """Rendered HTML as one line of text: no markup, no entities."""
    return " ".join(htmllib.unescape(strip_tags(rendered_html)).split())


def _toc_entries(tokens, prefix):
    return [
        {
            "id": prefix + t["id"],
            "name": htmllib.unescape(t["name"]),
            "children": _toc_entries(t["children"], prefix),
        }
        for t in tokens
        if _ID.match(prefix + t["id"])
    ]


# Far beyond what writing needs (three or four levels), far below where Python-Markdown runs
# out of stack (about 250 levels) or takes seconds to pair thousands of brackets.
MAX_NESTING = 40
MAX_OPEN_BRACKETS = 200

_LEAD = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+[ \t>]*)*")
_MARKER = re.compile(r"(?:^|[ \t>])(?:[-*+]|\d+[.)])(?=[ \t])")
_BRACKET = re.compile(r"\\.|[\[\]()]")


def _nesting(line):
    """Roughly how many lists and quotes a line sits inside: its indentation in steps of four,
    its ">" markers and the list markers that open its text."""
    lead = _LEAD.match(line).group(0)
    indent = len(_INDENT.match(line).group(0).expandtabs(TAB_LENGTH)) // 4
    return indent + lead.count(">") + len(_MARKER.findall(lead))


def check_markdown(text):
    """Refuse, with a reason an editor can act on, text the pipeline cannot render: lists or
    quotes nested past what Python-Markdown's recursion survives, or masses of unclosed "[" or
    "(" that it would look for the end of one by one (12 s for 8,000 "[")."""
    depth = max(map(_nesting, lists_nested_by_fours(text.splitlines())), default=0)
    if depth > MAX_NESTING:
        raise ValidationError(
            f"This text nests lists or quotes {depth} levels deep; the site shows at most "
            f"{MAX_NESTING}. Check the indentation of the deepest list.",
            code="too_deep",
        )
    open_brackets = deepest = open_parentheses = 0
    for match in _BRACKET.finditer(text):
        found = match.group()
        if found == "[":
            open_brackets += 1
            deepest = max(deepest, open_brackets)
        elif found == "]" and open_brackets:
            open_brackets -= 1
        elif found == "(":
            open_parentheses += 1
        elif found == ")" and open_parentheses:
            open_parentheses -= 1
    if open_parentheses > MAX_OPEN_BRACKETS:  # each "](" looks for its ")" to the very end
        raise ValidationError(
            f"This text has {open_parentheses} “(” that are never closed. A link's address "
            "is written (address), with its closing “)”.",
            code="brackets",
        )
    if open_brackets > MAX_OPEN_BRACKETS or deepest > MAX_NESTING:
        raise ValidationError(
            f"This text has too many “[” (up to {deepest} open at once, {open_brackets} "
            "never closed). Links are written [text](address); remove stray brackets, or type "
            "\\[ for one that should show as typed.",
            code="brackets",
        )


# Elements an author may paste from a web page, an email or a video's "Share" menu. Raw HTML
# is shown as text (never run), so readers would see the code itself. A tag counts only when
# it reads as one: closing, bare ("<b>", "<br/>") or with an attribute ("<a href=…"), so that
# "<5 minutes" or "<a or b>" in ordinary writing is not taken for one.
_HTML_ELEMENTS = (
    "a|abbr|address|article|aside|audio|b|big|blockquote|br|button|caption|center|cite|code|"
    "col|dd|del|details|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|"
    "hr|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|object|ol|p|picture|pre|q|"
    "s|script|section|small|source|span|strike|strong|style|sub|summary|sup|table|tbody|td|"
    "textarea|tfoot|th|thead|time|tr|tt|u|ul|video"
)
_PASTED_TAG = re.compile(
    rf"&lt;(?:/({_HTML_ELEMENTS})\s*&gt;|({_HTML_ELEMENTS})(?:\s*/?&gt;|\s+[\w:-]+\s*=))", re.I
)
_CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.S)
_EMBEDS = {"iframe", "embed", "object", "video", "audio", "script"}


def check_pasted_html(html):
    """Refuse HTML code shown as text (outside code, where an author shows it on purpose)."""
    tags = []
    for closing, opening in _PASTED_TAG.findall(_CODE.sub("", html)):
        tag = f"</{closing.lower()}>" if closing else f"<{opening.lower()}>"
        if tag not in tags:
            tags.append(tag)
    if tags:
        hint = (
            " Players from other sites cannot be embedded (readers' browsers load nothing "
            "from them): link to the video instead."
            if any(tag.strip("</>") in _EMBEDS for tag in tags)
            else ""
        )
        raise ValidationError(
            f"This text has HTML code in it ({', '.join(tags[:3])}), which readers would see "
            "as typed: the site shows Markdown only. Write it in Markdown (see “How to "
            f"write” under the field).{hint}",
            code="html",
        )


_UNDESCRIBED_IMAGE = re.compile(r'<img alt="\s*"')


def check_image_descriptions(html):
    """Refuse a picture with no description, as for the featured image: a screen reader would
    say nothing, or the file's name, for an exercise shown only in the picture."""
    if _UNDESCRIBED_IMAGE.search(html):
        raise ValidationError(
            "Describe each picture for readers who cannot see it, between the brackets: "
            "![what it shows](address).",
            code="image_alt",
        )


def check_rendered(html):
    """What the rendered text may not show readers: addresses that are not whole, images
    from other sites, not uploaded or with no description, pasted code, links to pages of
    this site that are not there."""
    from .links import (  # DB, storage
        check_images,
        check_site_links,
        check_site_pictures,
        check_whole_addresses,
    )

    check_whole_addresses(html)
    check_images(html)
    check_image_descriptions(html)
    check_site_pictures(html)
    check_pasted_html(html)
    check_site_links(html)


# About 25,000 words, far longer than any article. Rendering takes up to 5 s per 100,000
# characters of headings or lists: a whole book pasted in would outlast the server's timeout,
# and the editor would get an error page in place of the form holding their text.
MAX_LENGTH = 150_000


def check_length(text):
    """Refuse, before any rendering, a text too long to render within one request."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"This text is {len(text):,} characters long; the site takes at most "
            f"{MAX_LENGTH:,} in one text. Split it into parts, each an article of its own.",
            code="too_long",
        )


def validate_markdown(text):
    """A model field validator: the text is not too long, renders (render_markdown raises the
    reason) and shows nothing readers' browsers will refuse to load, nor code they would see
    as typed. Stored texts are rendered again whatever their length (a render-again migration
    must not fail on one saved before a limit)."""
    check_length(text)
    check_rendered(render_markdown(text).html)


def render_markdown(text, *, anchor_prefix="", top_heading=ARTICLE_HEADINGS_FROM):
    """Render staff Markdown to sanitized HTML plus its table of contents. Text that cannot
    be rendered raises ValidationError with the reason (check_markdown).

    Text shown beside other texts on one page (the FAQ's answers, an article's questions)
    passes its own anchor_prefix ending in "--", and the level its headings start at."""
    rendered = _render((text or "").replace("\x00", ""), anchor_prefix, top_heading)
    return replace(rendered, toc=copy.deepcopy(rendered.toc))  # callers get their own toc


# An admin save validates each Markdown field (validate_markdown) and then renders it again
# in Model.save(), in one request: the output depends on the text alone (and on the uploaded
# pictures it names, whose copies never change), so the second time is read back instead of
# rendered. Sized for a post and its inline questions.
@lru_cache(maxsize=32)
def _render(text, anchor_prefix, top_heading):
    check_markdown(text)
    md = _markdown(anchor_prefix, top_heading)
    try:
        converted = md.convert(text)
    except RecursionError:  # a nesting check_markdown's rough count did not see
        raise ValidationError(
            "This text is nested too deeply to show. Check the indentation of its lists, "
            "quotes and callouts.",
            code="too_deep",
        ) from None
    html = sanitize_html(converted)
    words = sum(1 for word in plain_text(html).split() if _WORD.search(word))
    return Rendered(html=html, toc=_toc_entries(md.toc_tokens, anchor_prefix), word_count=words)
