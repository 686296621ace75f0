"""Old links keep working: when a post, category or page changes URL, every earlier URL
answers with a permanent redirect (django.contrib.redirects) straight to the new one. A
link mistyped or cut short (by an email program, say) is answered with what it may have
meant."""

import difflib
import re

from django.conf import settings
from django.contrib.redirects.models import Redirect

# The longest path a redirect can hold (200): every address on the site must fit, so that
# any later rename or move can leave a redirect behind.
LONGEST_ADDRESS = Redirect._meta.get_field("old_path").max_length
# difflib's ratio: "techniques-to-alleviate-upper-back" is still the knots article.
SLUGS_ALIKE = 0.6


def closest_by_slug(objects, slug, slugs, limit=3):
    """Those of `objects` whose slug, one of `slugs`, is much like `slug`, best first: what
    a link mistyped or cut short meant. Never a redirect: a guess is offered on the 404
    page, not taken for the reader."""
    close = difflib.get_close_matches(slug, slugs, n=limit, cutoff=SLUGS_ALIKE)
    found = {obj.slug: obj for obj in objects.filter(slug__in=close)}
    return [found[name] for name in close if name in found]


# Enough words to say what a page was about; more only slow the search down.
ADDRESS_WORDS = 8


def words_of_address(slug):
    """What the last part of a missing page's address says in words, as a reader would
    search for it ("upper-back-knots": "upper back knots"), or "" when it holds none (a
    number, a date)."""
    words = [word for word in slug.split("-") if word.isalpha()]
    return " ".join(words[:ADDRESS_WORDS])


# What a sentence leaves on the end of a pasted link: punctuation, quotes, brackets, spaces.
STRAY_END = re.compile(r"[^\w/-]+$")
# A page's address: slug-like segments, each ending in "/" (never "//": off the site).
PAGE_ADDRESS = re.compile(r"(?:/[-\w]+)+/")


def mended_path(path):
    """The page address `path` meant, without what a sentence left on its end (")", ".",
    a space) and in small letters as every slug the admin makes; None when there is nothing
    to mend or it would not be a page address (files, anything leading off the site)."""
    mended = STRAY_END.sub("", path).lower()
    if not mended.endswith("/"):
        mended += "/"
    if mended != path and PAGE_ADDRESS.fullmatch(mended):
        return mended
    return None


def record_move(old_path, new_path):
    if not old_path or old_path == new_path:
        return
    site_id = settings.SITE_ID
    redirects = Redirect.objects.filter(site_id=site_id)
    # Coming back to an earlier URL: it is live again, so it must not redirect.
    redirects.filter(old_path=new_path).delete()
    # Earlier moves point straight at the new URL: no chains.
    redirects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
    )


class KeepsOldAddresses:
    """For a model whose address is `url_for(slug)`: a new slug leaves a permanent redirect
    from the old address. Put it before the model base class."""

    def save(self, *args, **kwargs):
        stored_slug = None
        if not self._state.adding:
            stored = type(self)._default_manager.filter(pk=self.pk)
            stored_slug = stored.values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if stored_slug:
            record_move(self.url_for(stored_slug), self.get_absolute_url())

    def get_absolute_url(self):
        return self.url_for(self.slug)
