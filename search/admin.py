from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget

from knotsite.admin_safety import SaveFailureSafeAdmin
from knotsite.history_admin import HistoryAdmin

from .models import NOTICE_HEADINGS_FROM, SafetyNotice, Synonym


@admin.register(Synonym)
class SynonymAdmin(SaveFailureSafeAdmin):
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


@admin.register(SafetyNotice)
class SafetyNoticeAdmin(HistoryAdmin):
    list_display = ["heading", "level", "terms"]
    list_filter = ["level"]
    search_fields = ["heading", "terms", "message"]
    fields = ["heading", "level", "terms", "message", "version"]
    markdown_fields = ["message"]
    markdown_headings_from = NOTICE_HEADINGS_FROM

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "terms":  # some fifty of them: a box shows them all
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 8})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
