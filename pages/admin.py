from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

from knotsite.admin_safety import SaveFailureSafeAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(SaveFailureSafeAdmin, CompareVersionAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    markdown_fields = ["body"]
