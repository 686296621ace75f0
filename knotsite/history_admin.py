"""Revision history in the admin (django-reversion, compared with django-reversion-compare),
with a plain answer when an old version cannot be put back."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from .admin_safety import SaveFailureSafeAdmin


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
    database's own error ("UNIQUE constraint failed"); this says what stands in the way."""

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        if problem := why_it_cannot_be_restored(version):
            messages.error(request, problem)
            return redirect(self._url("recoverlist"))
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        if problem := why_it_cannot_be_restored(version):
            messages.error(request, problem)
            return redirect(self._url("history"), quote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def _url(self, view):
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"
