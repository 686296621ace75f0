from django.contrib import admin

from knotsite.history_admin import HistoryAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    list_display = ["title", "slug", "in_footer", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    markdown_fields = ["body"]
