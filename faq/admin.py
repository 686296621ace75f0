from django.contrib import admin

from articles.admin import can_publish
from knotsite.admin_safety import SaveFailureSafeAdmin
from knotsite.history_admin import HistoryAdmin

from .models import ANSWER_HEADINGS_FROM, Question, Topic


@admin.register(Topic)
class TopicAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["question", "topic", "is_published", "order", "updated_at"]
    list_filter = ["is_published", "topic"]
    search_fields = ["question", "answer"]
    list_select_related = ["topic"]
    autocomplete_fields = ["topic", "post"]
    fields = ["topic", "question", "slug", "answer", "order", "is_published", "post", "version"]
    markdown_fields = ["answer"]
    markdown_headings_from = ANSWER_HEADINGS_FROM

    def get_readonly_fields(self, request, obj=None):
        return [] if can_publish(request) else ["is_published"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Authors draft questions; a live answer changes only through an Editor.
        return obj is None or can_publish(request) or not obj.is_published

    def save_model(self, request, obj, form, change):
        if not change and not can_publish(request):
            obj.is_published = False
        super().save_model(request, obj, form, change)
