"""Admin forms that never lose an editor's text: not when the database fails mid-save, not
when someone else saved or deleted the same object meanwhile, and not when the session ended
or the page went out of date before the save."""

import logging
import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe

from .editing import CONFLICT_MESSAGE, EditConflict
from .markup import ARTICLE_HEADINGS_FROM, WRITING_GUIDE

logger = logging.getLogger(__name__)

SAVE_FAILED = (
    "Your changes could not be saved because the database reported an error. Nothing you "
    "typed has been lost: it is still in the form below. Please try saving again in a moment."
)


SESSION_ENDED = (
    "Your session ended before this was saved, so your changes have NOT been saved. Nothing "
    "you typed is lost: it is below. Sign in again in a new tab, open the page again there "
    "and paste what you need."
)
STALE_PAGE = (
    "Your changes could not be saved because the page was out of date (you may have signed in "
    "again in another tab). Nothing you typed is lost: it is below. Open the page again and "
    "paste what you need."
)
DELETED_MESSAGE = (
    "Someone else deleted this {what} while you were editing it. Your changes have NOT been "
    "saved, and nothing you typed is lost: it is below. Copy what you need before you leave "
    "this page."
)
DELETED_ROW_MESSAGE = (
    "Someone else deleted this {what} while you were editing it, so it cannot be saved. Its "
    "text is still below: copy it into a new {what} if it should stay, then tick “Delete” on "
    "this one to save the rest."
)


# What a form sends that nobody typed: tokens, formset counters, buttons, initial values.
_PLUMBING = re.compile(
    r"^csrfmiddlewaretoken$|(^|-)version$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|^_|^initial-"
)


def submitted_text(request):
    """What the editor typed into the refused form, to hand back to them. Never a password
    or the CSRF token."""
    return [
        (name, ", ".join(value for value in values if value.strip()))
        for name, values in request.POST.lists()
        if not _PLUMBING.search(name)
        and "password" not in name
        and any(value.strip() for value in values)
    ]


def not_saved(request, message, *, status, **context):
    """The page for a save that could not be made: why, and everything the editor typed."""
    response = TemplateResponse(
        request,
        "admin/save_failed.html",
        {
            # The admin's names, without each_context(): that needs the database, which may
            # be the very thing that failed.
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            "message": message,
            "fields": submitted_text(request),
            **context,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (its page was out of date): a signed-in editor gets
    back what they typed; anyone else a page in the site's design saying what to do."""
    logger.info("Stale form refused for %s: %s", request.path, reason)
    user = getattr(request, "user", None)
    if request.method == "POST" and user is not None and user.is_staff and submitted_text(request):
        return not_saved(request, STALE_PAGE, status=403)
    response = render(request, "403_csrf.html", status=403)
    add_never_cache_headers(response)
    return response


class MarkdownTextarea(forms.Textarea):
    """A Markdown field with a live preview beside it (static/js/markdown-preview.js) and,
    below it, how to write each part of an article."""

    class Media:
        css = {"all": ["css/prose.css", "css/admin-preview.css"]}
        js = ["js/markdown-preview.js"]

    def __init__(self, attrs=None, headings_from=ARTICLE_HEADINGS_FROM):
        preview = reverse("markdown_preview")
        # Text shown under a heading of its own, as FAQ answers are, says where it starts.
        if headings_from != ARTICLE_HEADINGS_FROM:
            preview += "?" + urlencode({"headings_from": headings_from})
        defaults = {"rows": 20, "data-markdown-preview": preview}
        super().__init__({**defaults, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        guide = render_to_string("admin/markdown_guide.html", {"guide": WRITING_GUIDE})
        return mark_safe(field + guide)  # noqa: S308 - both rendered by autoescaping templates


class VersionCheckedForm(forms.ModelForm):
    """Refuses a save made from a copy someone else has saved over since it was opened."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new object takes the model's default; an existing one must send its own.
            self.fields["version"].required = self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        pk_name = self._meta.model._meta.pk.name
        if self.has_error(pk_name, "invalid_choice"):
            # A formset row whose object someone else deleted after the page was opened.
            self.row_deleted(pk_name)
        elif self.version_matters():
            self.check_version(cleaned.get("version"))
        return cleaned

    def row_deleted(self, pk_name):
        # Say so, instead of an error on a hidden field that the page never shows.
        raise ValidationError(
            DELETED_ROW_MESSAGE.format(what=self._meta.model._meta.verbose_name), code="deleted"
        )

    def version_matters(self):
        return "version" in self.fields and self.instance.pk is not None

    def check_version(self, version):
        model = type(self.instance)
        current = (
            model._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and current != version:
            raise ValidationError(
                CONFLICT_MESSAGE.format(what=model._meta.verbose_name), code="conflict"
            )


class ListRowForm(VersionCheckedForm):
    """One row of an editable admin list (list_editable). The list posts every row it shows,
    so a row counts as changed only when the editor changed what the list edits; such a row
    is saved only if nobody saved its object since the list was opened. Otherwise a second
    editor's list would silently put back the old values of rows the first one changed."""

    # Declared, because the admin builds list forms with only the list_editable fields.
    version = forms.UUIDField(widget=forms.HiddenInput)
    vanished = False  # its object was deleted after the list was opened

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def has_changed(self):
        return not self.vanished and any(name != "version" for name in self.changed_data)

    def row_deleted(self, pk_name):
        # Nothing is left to save this row to, and the rest of the list must still save.
        self.vanished = True
        del self._errors[pk_name]

    def version_matters(self):
        return self.has_changed()

    def check_version(self, version):
        super().check_version(version)
        # The save then swaps from the version the editor saw, so a save that lands between
        # this check and that one is still caught.
        self.instance.version = version


# Texts as long as these (in characters) get a box that shows them whole.
LONG_LINE, SENTENCES = 100, 300


class EditorFieldsMixin:
    """Shared by model admins and inlines: the version token travels as a hidden field,
    the fields named in `markdown_fields` get the live preview (with the level their
    headings start at on the site), and "View on site" opens the page on this host."""

    form = VersionCheckedForm
    markdown_fields = ()
    markdown_headings_from = ARTICLE_HEADINGS_FROM

    def view_on_site(self, obj):
        """The page on this host, where the editor is signed in (a draft's preview needs
        that), rather than Django's redirect to the site's domain (KNOTSITE_DOMAIN)."""
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["widget"] = forms.HiddenInput
        elif db_field.name in self.markdown_fields:
            kwargs["widget"] = MarkdownTextarea(headings_from=self.markdown_headings_from)
        elif isinstance(db_field, models.CharField) and not db_field.choices:
            # Django's admin gives every short text one 20em box: a 200-character title
            # showed its first 38 characters, a summary of a sentence or two a few words.
            length = db_field.max_length or 0
            if length >= SENTENCES:
                kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})
            elif length >= LONG_LINE:
                kwargs["widget"] = forms.TextInput(attrs={"class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SaveFailureSafeAdmin(EditorFieldsMixin, admin.ModelAdmin):
    """On a database error or an edit conflict during save, show the form again with the
    submitted text and a clear message instead of a 500 or a silent overwrite. If even that
    cannot be drawn (the database is down), answer 503 with the submitted text on the page
    so it can be copied out. In the browser, leaving a form with unsaved changes asks first,
    and text that never reached the server is offered back (static/js/admin-unsaved-changes.js)."""

    class Media:
        js = ["js/admin-unsaved-changes.js"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self._deleted_meanwhile(request, object_id):
            return self._deleted_response(request)
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
            # No admin context: drawing the admin's menus needs the database.
            return not_saved(request, SAVE_FAILED, status=503, database_down=True)

    def _deleted_meanwhile(self, request, object_id):
        """A save posted for an object that is no longer there: Django would redirect with
        "doesn't exist", dropping everything the editor typed."""
        if request.method != "POST" or object_id is None:
            return False
        try:
            return not self.model._base_manager.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            return False  # not an id at all: Django's own answer is right

    def _deleted_response(self, request):
        opts = self.model._meta
        logger.info("Save of a deleted %s refused", opts.verbose_name)
        try:  # objects with revisions can be brought back
            recover_url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_recoverlist"
            )
        except NoReverseMatch:
            recover_url = None
        return not_saved(
            request,
            DELETED_MESSAGE.format(what=opts.verbose_name),
            status=409,
            recover_url=recover_url,
            **self.admin_site.each_context(request),
        )

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except EditConflict:
            # A row was saved by someone else between the list's checks and its save. The
            # list saves in one transaction, so nothing was stored; the second pass shows
            # the conflict on that row, with everything the editor typed.
            logger.info("Edit conflict in the %s list", self.model._meta.verbose_name)
            return super().changelist_view(request, extra_context)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ListRowForm)
        return super().get_changelist_form(request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "_knotsite_save_failed", False):
            return form

        class SaveFailedForm(form):
            def clean(self):
                super().clean()
                raise ValidationError(SAVE_FAILED)

        return SaveFailedForm
