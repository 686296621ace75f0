import reversion
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_after_confirming
from django.contrib.admin.utils import unquote
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from faq.models import ANSWER_HEADINGS_FROM, Question
from knotsite.admin_safety import EditorFieldsMixin, SaveFailureSafeAdmin
from knotsite.history_admin import HistoryAdmin

from .models import REVIEW_NOTICE_DAYS, Author, Category, Image, Post, Tag


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def texts_named(texts):
    """Each text as a link to its own admin page, saying what kind of text it is."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        ((_change_url(text), text, text._meta.verbose_name) for text in texts),
    )


def links_left(linked):
    """For a delete page's template: the texts whose links the delete would leave leading
    to "page not found" (templates/admin/articles/post/)."""
    return {"linked_count": len(linked), "linked_from": texts_named(linked)}


def warn_of_links_left(request, post, *, named):
    """After `post` stopped being live: the texts whose links to it now lead nowhere."""
    linked = post.linked_from()
    if linked:
        n = len(linked)
        messages.warning(
            request,
            format_html(
                "{} to {}, and their readers now find “page not found”: {}. Take the "
                "links out, or publish the article again.",
                "1 text links" if n == 1 else f"{n} texts link",
                named,
                texts_named(linked),
            ),
        )


def can_publish(request):
    """Editors publish; Authors write drafts for them (articles/migrations/0005)."""
    return request.user.has_perm("articles.publish_post")


@admin.register(Category)
class CategoryAdmin(SaveFailureSafeAdmin):
    list_display = ["name", "path", "parent"]
    list_select_related = ["parent"]
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

    def get_deleted_objects(self, objs, request):
        """The author or medical reviewer of articles that are live or scheduled is not
        deleted from under them (someone who left, a panel renamed): "Written by" and
        "Medically reviewed by" went from each, and readers saw no one vouching for the
        advice. Listed as protected, the delete is refused until each has another. A draft
        is reviewed again before it goes live."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        live = Post.objects.exclude(status=Post.Status.DRAFT).select_related("author", "reviewer")
        for role, field in [("written", "author"), ("medically reviewed", "reviewer")]:
            for post in live.filter(**{f"{field}__in": objs}):
                protected.append(
                    format_html(
                        'Article <a href="{}">{}</a> is {} by “{}”',
                        _change_url(post),
                        post,
                        role,
                        getattr(post, field),
                    )
                )
        return deleted, counts, perms_needed, protected


@admin.register(Image)
class ImageAdmin(SaveFailureSafeAdmin):
    """Pictures for the text: upload one, paste the Markdown line it gives where it belongs."""

    list_display = ["thumbnail", "alt", "markdown", "uploaded_at"]
    list_display_links = ["alt"]
    search_fields = ["alt"]
    readonly_fields = ["thumbnail", "markdown", "shown_in"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "alt", "version"]
        return ["thumbnail", "alt", "markdown", "shown_in", "version"]

    @admin.display(description="picture")
    def thumbnail(self, image):
        smallest = image.renditions[0]["url"] if image.renditions else image.file.url
        return format_html('<img src="{}" alt="" width="160">', smallest)

    @admin.display(description="Markdown to paste where the picture goes")
    def markdown(self, image):
        return format_html("<code>{}</code>", image.markdown)

    @admin.display(description="shown in")
    def shown_in(self, image):
        texts = [(_change_url(text), text) for text in image.shown_in()]
        if not texts:
            return "No text yet."
        return format_html_join(", ", '<a href="{}">{}</a>', texts)

    def get_deleted_objects(self, objs, request):
        """A picture a text shows cannot be deleted: readers would get a broken picture.
        The admin lists such texts as protected and refuses, as for a protected relation."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for text in image.shown_in():
                protected.append(
                    format_html(
                        '{} <a href="{}">{}</a> shows “{}”',
                        text._meta.verbose_name.capitalize(),
                        _change_url(text),
                        text,
                        image,
                    )
                )
        return deleted, counts, perms_needed, protected


class PublicationStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.drafts()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "published":
            return queryset.published()
        return queryset


class MedicalReviewFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {REVIEW_NOTICE_DAYS} days"),
            ("current", "Up to date"),
            ("never", "Never reviewed"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return queryset.review_overdue()
            case "soon":
                return queryset.review_due_soon()
            case "current":
                return queryset.review_up_to_date()
            case "never":
                return queryset.filter(last_reviewed__isnull=True)
        return queryset


class QuestionFormSet(BaseInlineFormSet):
    """Every question's form offers the same topics: read them once, not once per question."""

    @cached_property
    def topic_choices(self):
        return list(self.form.base_fields["topic"].choices)

    def add_fields(self, form, index):  # for each question's form and the empty one
        super().add_fields(form, index)
        if "topic" in form.fields:
            form.fields["topic"].choices = self.topic_choices


class QuestionInline(EditorFieldsMixin, admin.StackedInline):
    model = Question
    formset = QuestionFormSet
    fk_name = "post"
    extra = 0
    fields = ["topic", "question", "answer", "order", "is_published", "version"]
    markdown_fields = ["answer"]
    markdown_headings_from = ANSWER_HEADINGS_FROM

    def get_readonly_fields(self, request, obj=None):
        return [] if can_publish(request) else ["is_published"]

    def get_queryset(self, request):
        # Each question's "View on site" link is on its topic's page.
        return super().get_queryset(request).select_related("topic")


@admin.register(Post)
class PostAdmin(HistoryAdmin):
    list_display = ["title", "state", "category", "published_at", "next_review_due", "updated_at"]
    list_filter = [PublicationStateFilter, MedicalReviewFilter, "category", "author"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["category"]
    autocomplete_fields = ["category", "author", "reviewer", "tags"]
    inlines = [QuestionInline]
    markdown_fields = ["body"]
    actions = ["publish_now", "unpublish", "delete_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "summary", "body", "version"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt"]}),
        (
            "Authorship and medical review",
            {"fields": ["author", "reviewer", "last_reviewed", "next_review_due"]},
        ),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    @admin.display(description="State", ordering="status")
    def state(self, post):
        if post.state == "Scheduled":
            return f"Scheduled for {timezone.localtime(post.published_at):%d %b %Y, %H:%M}"
        return post.state

    def get_readonly_fields(self, request, obj=None):
        fields = ["created_at", "updated_at"]
        return fields if can_publish(request) else [*fields, "status", "published_at"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request):
            return True
        # An Author changes only their own drafts; live text goes through an Editor.
        return obj.created_by_id == request.user.pk and obj.status == Post.Status.DRAFT

    def has_publish_permission(self, request):
        return can_publish(request)

    def save_model(self, request, obj, form, change):
        was_live = change and Post.objects.published().filter(pk=obj.pk).exists()
        self._save_post(request, obj, form, change)
        if was_live and not obj.is_live:
            warn_of_links_left(request, obj, named="this article")

    def _save_post(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not can_publish(request):
            obj.status = Post.Status.DRAFT
        elif change and self._released_with_a_stale_date(form, obj):
            was = timezone.localtime(obj.published_at)
            obj.published_at = timezone.now()
            self.message_user(
                request,
                f"“Released on” said {was:%d %b %Y, %H:%M}, a date already past when the "
                "draft was published; the post is released now, so it shows as new. To "
                "give it that earlier date, enter it and save again.",
                messages.INFO,
            )
        super().save_model(request, obj, form, change)

    @staticmethod
    def _released_with_a_stale_date(form, post):
        """A draft published from its form with a past "Released on" the editor did not
        touch: that date is when the draft was begun (or last dated), not a choice, and
        would file the new article weeks back in listings and feeds. A date typed in the
        same save, or one still to come, is the editor's and stands."""
        return (
            form.initial.get("status") == Post.Status.DRAFT
            and post.status == Post.Status.PUBLISHED
            and "published_at" not in form.changed_data
            and post.published_at <= timezone.now()
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is Question and not can_publish(request):
            for inline_form in formset.forms:
                if inline_form.instance.pk is None:
                    inline_form.instance.is_published = False
        super().save_formset(request, form, formset, change)

    @admin.action(permissions=["publish"], description="Publish now")
    def publish_now(self, request, queryset):
        now = timezone.now()
        changed = self._save_each(
            request,
            (post for post in queryset if post.state != "Published"),
            "Published now from the list",
            status=Post.Status.PUBLISHED,
            published_at=now,
        )
        self.message_user(request, f"Published {changed} post(s).", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Unpublish (back to draft)")
    def unpublish(self, request, queryset):
        posts = list(queryset.exclude(status=Post.Status.DRAFT).select_related("category"))
        live = [post for post in posts if post.is_live]
        changed = self._save_each(
            request, posts, "Unpublished from the list", status=Post.Status.DRAFT
        )
        self.message_user(request, f"Moved {changed} post(s) back to draft.", messages.SUCCESS)
        for post in live:
            warn_of_links_left(request, post, named=f"“{post.title}”")

    @admin.action(permissions=["delete"], description=delete_after_confirming.short_description)
    def delete_selected(self, request, queryset):
        """Django's, its confirmation page also naming the texts left linking to them."""
        response = delete_after_confirming(self, request, queryset)
        if isinstance(response, TemplateResponse):  # asking, not yet deleted
            response.context_data.update(links_left(queryset.linked_from()))
        return response

    def delete_view(self, request, object_id, extra_context=None):
        post = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if post is not None:
            extra_context = {**(extra_context or {}), **links_left(post.linked_from())}
        return super().delete_view(request, object_id, extra_context)

    @staticmethod
    def _save_each(request, posts, comment, **changes):
        """One save per post, so each gets its revision and every cached page updates."""
        count = 0
        for post in posts:
            with reversion.create_revision():
                for name, value in changes.items():
                    setattr(post, name, value)
                post.save()
                reversion.set_user(request.user)
                reversion.set_comment(comment)
            count += 1
        return count
