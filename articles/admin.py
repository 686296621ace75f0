from django.contrib import admin

from faq.models import Question
from knotsite.admin_safety import SaveFailureSafeAdmin

from .models import Author, Category, Post, Tag


@admin.register(Category)
class CategoryAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "path", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["path"]


@admin.register(Tag)
class TagAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "credentials", "is_team"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}


class QuestionInline(admin.StackedInline):
    model = Question
    fk_name = "post"
    extra = 0
    fields = ["topic", "question", "answer", "order", "is_published"]


@admin.register(Post)
class PostAdmin(SaveFailureSafeAdmin):
    list_display = ["title", "category", "status", "published_at", "updated_at"]
    list_filter = ["status", "category", "author", "published_at"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["category"]
    autocomplete_fields = ["category", "author", "reviewer", "tags"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "summary", "body"]}),
        (
            "Authorship and medical review",
            {"fields": ["author", "reviewer", "last_reviewed", "next_review_due"]},
        ),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
