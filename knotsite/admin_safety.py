"""Admin forms that never lose an editor's text: not when the database fails mid-save,
and not when someone else saved the same object meanwhile."""

import logging

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.urls import reverse_lazy

from .editing import CONFLICT_MESSAGE, EditConflict

logger = logging.getLogger(__name__)

SAVE_FAILED = (
    "Your changes could not be saved because the database reported an error. Nothing you "
    "typed has been lost: it is still in the form below. Please try saving again in a moment."
)


class MarkdownTextarea(forms.Textarea):
    """A Markdown field with a live preview beside it (static/js/markdown-preview.js)."""

    class Media:
        css = {"all": ["css/prose.css", "css/admin-preview.css"]}
        js = ["js/markdown-preview.js"]

    def __init__(self, attrs=None):
        defaults = {"rows": 20, "data-markdown-preview": reverse_lazy("markdown_preview")}
        super().__init__({**defaults, **(attrs or {})})


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save made from a copy someone else has saved over since it was opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new object takes the model's default; an existing one must send its own.
            self.fields["version"].required = self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        if "version" in self.fields and self.instance.pk is not None:
            model = type(self.instance)
            current = (
                model._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != cleaned.get("version"):
                raise ValidationError(
                    CONFLICT_MESSAGE.format(what=model._meta.verbose_name), code="conflict"
                )
        return cleaned


class EditorFieldsMixin:
    """Shared by model admins and inlines: the version token travels as a hidden field,
    and the fields named in `markdown_fields` get the live preview."""

    form = VersionCheckedForm
    markdown_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["widget"] = forms.HiddenInput
        elif db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SaveFailureSafeAdmin(EditorFieldsMixin, admin.ModelAdmin):
    """On a database error or an edit conflict during save, show the form again with the
    submitted text and a clear message instead of a 500 or a silent overwrite. If even that
    cannot be drawn (the database is down), answer 503 with the submitted text on the page
    so it can be copied out."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's checks and its save; on the second pass
            # VersionCheckedForm sees the new version and explains.
            logger.info("Edit conflict on %s %s", self.model._meta.verbose_name, object_id)
        except DatabaseError:
            if request.method != "POST":
                raise
            logger.exception("Saving %s failed", self.model._meta.verbose_name)
            request._knotsite_save_failed = True
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
            return response
        except (DatabaseError, EditConflict):
            logger.exception("Re-showing the %s form failed", self.model._meta.verbose_name)
            return TemplateResponse(
                request,
                "admin/save_failed.html",
                {"message": SAVE_FAILED, "fields": self._submitted_text(request)},
                status=503,
            )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "_knotsite_save_failed", False):
            return form

        class SaveFailedForm(form):
            def clean(self):
                super().clean()
                raise ValidationError(SAVE_FAILED)

        return SaveFailedForm

    @staticmethod
    def _submitted_text(request):
        return [
            (name, value)
            for name, value in request.POST.items()
            if name != "csrfmiddlewaretoken" and value.strip()
        ]
