"""Addresses in staff text: pictures only from this site, and there; links to this site's
pages leading somewhere. A link typed by hand, mistyped or cut short would give readers
"page not found" in the middle of an article, a picture's address a broken picture."""

import html as htmllib
import re
from functools import cache, reduce
from operator import or_
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse

from .moves import mended_path

# Every Markdown text of the site, (app.Model, field): where links and pictures are written.
MARKDOWN_TEXTS = (
    ("articles.Post", "body"),
    ("faq.Question", "answer"),
    ("pages.Page", "body"),
    ("search.SafetyNotice", "message"),
)

_LINK = re.compile(r'<a [^>]*?href="([^"]*)"')
_IMAGE_SOURCE = re.compile(r'<img [^>]*?src="([^"]*)"')


def _slug_of(model):
    return lambda kwargs: model._default_manager.filter(slug=kwargs["slug"]).exists()


@cache  # the same for every address asked about
def _pages_with_an_object():
    """URL name -> whether the object its address names exists, in any state: a link to a
    draft is kept, as the draft may go live with the text that links to it, or before."""
    from articles.models import Author, Category, Post, Tag
    from faq.models import Topic
    from pages.models import Page

    def category_or_post(kwargs):
        path = kwargs["path"]
        if Category.objects.filter(path=path).exists():
            return True
        category, _, slug = path.rpartition("/")
        return Post.objects.filter(category__path=category, slug=slug).exists()

    def category(kwargs):
        return Category.objects.filter(path=kwargs["path"]).exists()

    return {
        "articles:resolve": category_or_post,
        "articles:category_rss": category,
        "articles:category_atom": category,
        "articles:tag": _slug_of(Tag),
        "articles:author": _slug_of(Author),
        "faq:topic": _slug_of(Topic),
        "pages:detail": _slug_of(Page),
        "pages:about": _slug_of(Page),
    }


def uploaded(path):
    """Whether a file uploaded to this site is at `path`, an address under MEDIA_URL."""
    try:
        return default_storage.exists(path.removeprefix(settings.MEDIA_URL))
    except (SuspiciousFileOperation, ValueError):  # "../", or a name no file can have
        return False


def leads_somewhere(path):
    """Whether a reader following a link to `path` (on this site) gets a page: one the site
    serves, an old address that redirects, or one mended by a redirect (capitals, a ")"
    left on its end)."""
    if "\x00" in path:
        return False  # no page has one in its address (and PostgreSQL cannot be asked)
    if path.startswith(settings.STATIC_URL):
        return True  # served by whitenoise, outside the URLconf
    if path.startswith(settings.MEDIA_URL):
        return uploaded(path)
    if Redirect.objects.filter(site_id=settings.SITE_ID, old_path=path).exists():
        return True
    for candidate in dict.fromkeys([path, path if path.endswith("/") else f"{path}/"]):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        exists = _pages_with_an_object().get(match.view_name)
        if exists is None or exists(match.kwargs):
            return True
    mended = mended_path(path)
    return bool(mended) and leads_somewhere(mended)


def _paths_on_this_site(addresses):
    """The paths of those `addresses` (as the rendered HTML holds them) that are on this
    site; not mailto:, tel:, "#sources" or another site's."""
    for found in addresses:
        address = urlsplit(htmllib.unescape(found))
        if (
            address.scheme in ("", "http", "https")
            and address.netloc in ("", settings.SITE_DOMAIN)
            and address.path.startswith("/")
        ):
            yield unquote(address.path)


_SITE_NAME = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?#:]|$)", re.I)  # www.nhs.uk/…
_EMAIL = re.compile(r"[^@\s/]+@[^@\s/]+\.[^@\s/]+")
_PHONE = re.compile(r"\+?[\d() -]{6,}")
_FILE_NAME = re.compile(
    r"[^/?#]+\.(?:html?|php|aspx?|pdf|docx?|jpe?g|png|gif|webp|svg)(?:[?#]|$)", re.I
)


def meant_address(address):
    """What an address typed without its beginning was meant to be: another site's page
    ("www.nhs.uk"), an email address or a phone number; None for a path ("stretches/")."""
    if _EMAIL.fullmatch(address):
        return f"mailto:{address}"
    if _PHONE.fullmatch(address) and sum(c.isdigit() for c in address) >= 6:
        return "tel:" + re.sub(r"[^\d+]", "", address)
    if _SITE_NAME.match(address) and not _FILE_NAME.match(address):  # not "leaflet.pdf"
        return f"https://{address}"
    return None


def _shortened(address, most=80):
    return address if len(address) <= most else address[:most] + "…"


def check_whole_addresses(html):
    """Refuse links and pictures whose address is neither whole ("https://…", "mailto:…")
    nor from the site's root ("/faq/"), but "#sources". A browser takes "www.nhs.uk" as a
    page below the one showing the text, which is not there; and a text shows on several
    pages (an answer on the FAQ, on its topic's page and with its article), from each of
    which "stretches/" would lead somewhere else."""
    for found in _LINK.findall(html) + _IMAGE_SOURCE.findall(html):
        address = htmllib.unescape(found)
        if not address or address.startswith(("/", "#")) or ":" in address.split("/")[0]:
            continue  # from the root, on the page, or with its scheme ("https:", "mailto:")
        meant = meant_address(address)
        advice = (
            f"For that address, write {_shortened(meant)}."
            if meant
            else "For a page of this site, give its address from the first “/”: open the "
            "page and copy its address from the browser."
        )
        raise ValidationError(
            f"“{_shortened(address)}” is not a whole address: readers' browsers would look "
            f"for it below whichever page shows this text, and find nothing. {advice}",
            code="partial_address",
        )


def check_images(html):
    """Refuse images from other sites: the Content-Security-Policy (img-src 'self') keeps
    readers' browsers from fetching them, so that what a reader opens on a health site is
    never reported to a third party, and they would show as broken pictures."""
    hosts = []
    for source in _IMAGE_SOURCE.findall(html):
        host = urlsplit(htmllib.unescape(source)).netloc
        if host and host != settings.SITE_DOMAIN and host not in hosts:
            hosts.append(host)
    if hosts:
        raise ValidationError(
            f"This text shows an image from another site ({', '.join(hosts)}). Readers' "
            "browsers load images from this site only, so it would show as a broken "
            "picture. Use an image uploaded to this site, or link to the page instead.",
            code="offsite_image",
        )


def check_site_pictures(html):
    """Refuse a picture of this site's that is not there (a typo in its address, a line
    copied from a copy of the site elsewhere)."""
    for path in _paths_on_this_site(_IMAGE_SOURCE.findall(html)):
        if path.startswith(settings.MEDIA_URL) and not uploaded(path):
            raise ValidationError(
                f"No picture is uploaded at {path}. Upload it under Images, then paste the "
                "Markdown line its page gives.",
                code="missing_image",
            )


# Far more than a text links to; each costs a query or two, on every preview.
MOST_CHECKED = 200


def site_pages_linked(html):
    """The paths of this site's pages that `html` links to, each once."""
    return list(dict.fromkeys(_paths_on_this_site(_LINK.findall(html))))


def check_site_links(html):
    """Refuse links to this site's pages that lead to none, naming each."""
    paths = site_pages_linked(html)
    broken = [path for path in paths[:MOST_CHECKED] if not leads_somewhere(path)]
    if broken:
        raise ValidationError(
            f"The link to {', '.join(broken)} leads to no page on this site: readers would get "
            "“page not found”. Open the page you mean and copy its address from the browser.",
            code="broken_link",
        )


def stored_texts():
    """(model, text, its HTML as readers get it) for every text of the site, each kind read
    in one query; none before the tables exist (`migrate` checks before it migrates)."""
    for label, field in MARKDOWN_TEXTS:
        model = apps.get_model(label)
        html = f"{field}_html"
        try:
            texts = list(model._base_manager.only("pk", html).order_by("pk"))
        except DatabaseError:
            return
        for text in texts:
            yield model, text, getattr(text, html)


def admin_address(text):
    """Where staff mend `text` (an article, an answer, a page, a notice)."""
    meta = text._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[text.pk])


def links_elsewhere(html):
    """The addresses on other sites that `html` links to (its sources), each once."""
    addresses = (urlsplit(htmllib.unescape(found)) for found in _LINK.findall(html))
    return list(
        dict.fromkeys(
            address.geturl()
            for address in addresses
            if address.scheme in ("http", "https") and address.netloc != settings.SITE_DOMAIN
        )
    )


def texts_containing(addresses, leaving_out=()):
    """The texts, in any state, whose Markdown holds any of `addresses` (a picture's, some
    articles'), but those in `leaving_out`. One query per kind of text, however many
    addresses; only from the admin's pages that ask before a picture or an article goes."""
    # An article's address also leads there without its trailing slash (it redirects), but
    # then only where it ends: "/heat-or-ice" is not "/heat-or-ice-for-kids".
    stems = {address.rstrip("/") or address for address in addresses}
    ending = re.compile("(?:" + "|".join(map(re.escape, stems)) + r")(?![\w-])")
    found = []
    for label, field in MARKDOWN_TEXTS:
        model = apps.get_model(label)
        holding = reduce(or_, (Q(**{f"{field}__contains": stem}) for stem in stems))
        left_out = [text.pk for text in leaving_out if isinstance(text, model)]
        texts = model._base_manager.filter(holding).exclude(pk__in=left_out)
        found += [text for text in texts if ending.search(getattr(text, field))]
    return found
