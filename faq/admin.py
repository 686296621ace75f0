from django.contrib import admin

from knotsite.admin_safety import SaveFailureSafeAdmin

from .models import Question, Topic


@admin.register(Topic)
class TopicAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Question)
class QuestionAdmin(SaveFailureSafeAdmin):
    list_display = ["question", "topic", "is_published", "order", "updated_at"]
    list_filter = ["is_published", "topic"]
    search_fields = ["question", "answer"]
    list_select_related = ["topic"]
    autocomplete_fields = ["topic", "post"]
    fields = ["topic", "question", "slug", "answer", "order", "is_published", "post"]
