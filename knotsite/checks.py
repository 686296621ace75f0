"""Deploy-time checks of the site's stored texts: run by `migrate` and `check --database`."""

from django.apps import apps
from django.core.checks import Tags, Warning, register
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse

from .links import MARKDOWN_TEXTS, check_whole_addresses


@register(Tags.database)
def texts_hold_whole_addresses(app_configs, databases=None, **kwargs):
    """A text saved before its addresses were checked (knotsite.links.check_whole_addresses)
    may still send readers to "www.nhs.uk" below its page: the check refuses it only at its
    next save, so each is named here, with where to mend it."""
    if not databases:
        return []
    warnings = []
    for label, field in MARKDOWN_TEXTS:
        model = apps.get_model(label)
        html = f"{field}_html"  # what readers get, as stored on save
        try:
            texts = list(model._base_manager.only("pk", html).order_by("pk"))
        except DatabaseError:  # not migrated yet: `migrate` checks before it migrates
            return []
        for text in texts:
            try:
                check_whole_addresses(getattr(text, html))
            except ValidationError as refused:
                meta = model._meta
                where = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[text.pk])
                warnings.append(
                    Warning(
                        f"{meta.verbose_name.capitalize()} {text.pk}: {refused.messages[0]}",
                        hint=f"Mend it at {where}: a save is refused until it is.",
                        obj=text,
                        id="knotsite.W001",
                    )
                )
    return warnings
