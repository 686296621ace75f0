from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.urls import reverse
from django.utils.html import format_html

from knotsite.admin_safety import SaveFailureSafeAdmin
from knotsite.history_admin import HistoryAdmin

from .engine import search_path
from .models import NOTICE_HEADINGS_FROM, SafetyNotice, Synonym, UnansweredSearch


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


@admin.register(UnansweredSearch)
class UnansweredSearchAdmin(admin.ModelAdmin):
    """What readers searched for and did not find: read, answered (a question, a synonym),
    then deleted. Made by readers' searches only, never added or changed here."""

    list_display = [
        "query",
        "found",
        "notice_shown",
        "times",
        "last_searched",
        "search_again",
        "answer_it",
    ]
    list_filter = ["found", "notice_shown"]
    search_fields = ["query"]
    date_hierarchy = "last_searched"
    readonly_fields = ["query", "found", "notice_shown", "times", "first_searched", "last_searched"]

    @admin.display(description="On the site")
    def search_again(self, search):
        return format_html(
            '<a href="{}" target="_blank">Search again</a>', search_path(search.query)
        )

    @admin.display(description="In the FAQ")
    def answer_it(self, search):
        url = f"{reverse('admin:faq_question_add')}?{urlencode({'question': search.query})}"
        return format_html('<a href="{}">Add a question</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
