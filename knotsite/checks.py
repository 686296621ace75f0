"""Deploy-time checks of the site's stored texts: run by `migrate` and `check --database`.

A text's addresses and links are checked when it is saved (knotsite.links); one saved
before a check existed, or linking to a page deleted since, is named here, with where to
mend it, instead of waiting for its next save."""

from collections import defaultdict

from django.core.checks import Tags, Warning, register
from django.core.exceptions import ValidationError

from .links import (
    admin_address,
    check_whole_addresses,
    leads_somewhere,
    site_pages_linked,
    stored_texts,
)


def _mend(model, text, problem, id):
    return Warning(
        f"{model._meta.verbose_name.capitalize()} {text.pk}: {problem}",
        hint=f"Mend it at {admin_address(text)}: a save is refused until it is.",
        obj=text,
        id=id,
    )


@register(Tags.database)
def stored_texts_lead_somewhere(app_configs, databases=None, **kwargs):
    """Every stored text read once (10,000 answers on a large FAQ, at every `migrate`), for
    both: addresses such as "www.nhs.uk", which readers' browsers look for below the page
    (knotsite.W001), and links to pages of this site gone since the text was saved, each
    page asked about once however many texts link to it (knotsite.W002)."""
    if not databases:
        return []
    partial = []
    linking = defaultdict(list)  # a page's path -> the texts linking to it
    for model, text, html in stored_texts():
        try:
            check_whole_addresses(html)
        except ValidationError as refused:
            partial.append(_mend(model, text, refused.messages[0], "knotsite.W001"))
        for path in site_pages_linked(html):
            linking[path].append((model, text))
    broken = defaultdict(list)  # (model, text) -> the paths of its links to no page
    for path, texts in linking.items():
        if not leads_somewhere(path):
            for linked in texts:
                broken[linked].append(path)
    return partial + [
        _mend(
            model,
            text,
            f"The link to {', '.join(paths)} leads to no page on this site: readers get "
            "“page not found”.",
            "knotsite.W002",
        )
        for (model, text), paths in broken.items()
    ]
