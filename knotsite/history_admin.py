"""Revision history in the admin (django-reversion, compared with django-reversion-compare),
with a plain answer when an old version cannot be put back."""

import json

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from .admin_safety import SaveFailureSafeAdmin


def forget_deleted_links(version):
    """Drop from this version's revision the links to what has been deleted since and may
    be left out: a person (its author, reviewer or creator), a tag, or an image (replaced
    or removed: its files are deleted, articles/models.py). The live object lost them the
    same way (on_delete=SET_NULL, the tag link removed), and a stored version that still
    names them cannot be put back at all, or shows a broken picture. Done to the stored
    versions for good."""
    for each in version.revision.version_set.all():
        if each.format != "json":
            continue
        model, data = each._model, json.loads(each.serialized_data)
        fields, changed = data[0]["fields"], False
        for field in model._meta.get_fields():
            value = fields.get(field.name)
            if isinstance(field, models.FileField) and value and not field.storage.exists(value):
                fields[field.name], changed = "", True
                if f"{field.name}_renditions" in fields:  # its resized copies went with it
                    fields[f"{field.name}_renditions"] = []
                continue
            if not value or not (field.many_to_many or (field.many_to_one and field.null)):
                continue
            ids = value if field.many_to_many else [value]
            kept = set(
                field.related_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)
            )
            if field.many_to_many and len(kept) < len(ids):
                fields[field.name], changed = [pk for pk in ids if pk in kept], True
            elif field.many_to_one and not kept:
                fields[field.name], changed = None, True
        if changed:
            each.serialized_data = json.dumps(data)
            each.save(update_fields=["serialized_data"])


def why_it_cannot_be_restored(version):
    """What in this version's revision (a post and its questions, say) the database would
    refuse today, as the editor should read it: an address another object has taken since,
    or something it belonged to that was deleted. None when it can be put back."""
    versions = list(version.revision.version_set.all())
    restored = {(each._model, str(each.object_id)) for each in versions}
    for each in versions:
        model, fields = each._model, each.field_dict
        others = model._default_manager.exclude(pk=each.object_id)
        for field in model._meta.concrete_fields:
            value = fields.get(field.attname)
            if value in (None, "") or field.primary_key:
                continue
            if field.unique and (taken := others.filter(**{field.attname: value}).first()):
                return (
                    f"“{each.object_repr}” cannot be restored: its {field.verbose_name} "
                    f"“{value}” is now used by “{taken}”. Give that "
                    f"{model._meta.verbose_name} another {field.verbose_name} first, then "
                    "restore this one."
                )
            if (
                field.many_to_one
                and (field.related_model, str(value)) not in restored  # comes back with it
                and not field.related_model._base_manager.filter(pk=value).exists()
            ):
                return (
                    f"“{each.object_repr}” cannot be restored: the {field.verbose_name} it "
                    "belonged to has been deleted since. Recover or recreate that first."
                )
    return None


class HistoryAdmin(SaveFailureSafeAdmin, CompareVersionAdmin):
    """Every save kept as a revision that can be compared and put back, and a deleted
    object recovered. django-reversion answers a revert the database refuses with the
    database's own error ("UNIQUE constraint failed") or a server error; this drops the links
    to people and tags deleted since, and says what else stands in the way."""

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        if refused := self._refused(version, self.has_add_permission(request)):
            messages.error(request, refused)
            return redirect(self._url("recoverlist"))
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        if refused := self._refused(version, self.has_change_permission(request)):
            messages.error(request, refused)
            return redirect(self._url("history"), quote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _refused(version, allowed):
        """Why this version cannot be put back, once the links it may lose are dropped;
        for staff allowed to restore it (django-reversion's view refuses the others)."""
        if not allowed:
            return None
        forget_deleted_links(version)
        return why_it_cannot_be_restored(version)

    def _url(self, view):
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"
