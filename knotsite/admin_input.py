"""What the admin is sent, checked before Django uses it: add links' values, the ids a
list action or a lookup field sends, a list's date. Django takes some of them as they
come, and a value nobody could have chosen ("abc", a number too big for the database, the
year 9999) was a server error instead of a form error or the page without it. Every
model's admin gets these checks, Django's and other apps' too (admin_site.py)."""

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError


def _holds(field, value):
    """Whether `field` (a key: an integer id in range for the database) can hold `value`."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class KeysCheckedMixin:
    """Django's lookup widgets fetch what the posted form chose, to show it again, by the
    values as sent: one that is no id ("abc", a number too big for the database) was a
    server error instead of the form with its error and the editor's text."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if _holds(target, v)], attr)


class CheckedAutocompleteSelect(KeysCheckedMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(KeysCheckedMixin, AutocompleteSelectMultiple):
    pass


class KeysCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django checks that each id chosen is one, but not that the database can hold it: on
    SQLite a number too big for it was a server error, not "not a valid value"."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value if isinstance(value, (list, tuple)) else ():
            if not _holds(target, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DatesCheckedChangeList(ChangeList):
    """A list by date (?published_at__year=2024) whose date cannot be opens the whole list,
    as Django does for "?published_at__year=abc"; it let the year 9999 (the next year is
    past the last a date can hold) and a year too big for a number be a server error.
    (Django's ticket #37357, fixed after 5.2.)"""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class InputCheckedAdmin:
    """Mixed into every model admin the site registers."""

    def get_changelist(self, request, **kwargs):
        return DatesCheckedChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeysCheckedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """Values an add link carries for the form (?category=3&tags=1,2), less any the
        field cannot hold: Django hands them to the widgets unchecked, and "?category=abc"
        or "?published_at=tuesday" was a 500 instead of the form."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.concrete:  # a reverse relation, not a field of this form
                continue
            try:
                if field.many_to_many:
                    initial[name] = [field.target_field.to_python(v) for v in value]
                elif field.is_relation:
                    initial[name] = field.target_field.to_python(value)
                else:
                    initial[name] = field.to_python(value)
            except ValidationError:
                del initial[name]
        return initial

    def response_action(self, request, queryset):
        # Django filters by the posted ids unchecked: "abc" was a 500, not a bad request.
        if not all(
            _holds(self.opts.pk, pk) for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        ):
            raise BadRequest("The selected items are not items of this list.")
        return super().response_action(request, queryset)
