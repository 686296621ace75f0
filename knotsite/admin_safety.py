"""Admin forms that never lose an editor's text when the database fails mid-save."""

import logging

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

SAVE_FAILED = (
    "Your changes could not be saved because the database reported an error. Nothing you "
    "typed has been lost: it is still in the form below. Please try saving again in a moment."
)


class SaveFailureSafeAdmin(admin.ModelAdmin):
    """On a database error during save, show the form again with the submitted text and a
    clear message instead of a 500. If even that cannot be drawn (the database is down),
    answer 503 with the submitted text on the page so it can be copied out."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
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
        except DatabaseError:
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
