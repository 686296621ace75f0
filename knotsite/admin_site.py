"""The editorial admin: Django's, with a save that arrives after the session ended handed
back to the editor instead of lost in a redirect to the login page, and two-step sign-in
for the staff who turn it on (two_step.py)."""

from functools import partial, wraps

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse

from . import two_step
from .admin_input import InputCheckedAdmin
from .admin_safety import SESSION_ENDED, not_saved


class KnotsiteAdminSite(admin.AdminSite):
    site_header = "Knotsite editorial"
    site_title = "Knotsite admin"
    index_title = "Content"
    login_form = two_step.TwoStepAuthenticationForm

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model's admin, Django's and other apps' too, checks what it is sent.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, InputCheckedAdmin):
            admin_class = type(
                admin_class.__name__,
                (InputCheckedAdmin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        return super().has_permission(request) and two_step.is_verified_if_required(request.user)

    def get_urls(self):
        return [
            path(
                "two-step/",
                self.admin_view(partial(two_step.settings_view, admin_site=self)),
                name="two_step",
            ),
            path("two-step/qr.png", self.admin_view(two_step.qr_code_view), name="two_step_qr"),
            *super().get_urls(),
        ]

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            signing_out = request.path == reverse("admin:logout", current_app=self.name)
            if request.method == "POST" and not self.has_permission(request) and not signing_out:
                back = QueryDict(mutable=True)
                back[REDIRECT_FIELD_NAME] = request.get_full_path()
                login_url = reverse("admin:login", current_app=self.name)
                return not_saved(
                    request,
                    SESSION_ENDED,
                    status=403,
                    login_url=f"{login_url}?{back.urlencode(safe='/')}",
                )
            if (
                not signing_out
                and request.path not in self.two_step_paths()
                and self.has_permission(request)
                and two_step.must_turn_on(request.user)
            ):
                two_step_url = reverse("admin:two_step", current_app=self.name)
                if request.method == "POST":  # required since the form was opened
                    return not_saved(
                        request, two_step.REQUIRED, status=403, two_step_url=two_step_url
                    )
                return redirect(two_step_url)
            return protected(request, *args, **kwargs)

        return inner

    def index(self, request, extra_context=None):
        return super().index(
            request, {"waiting": waiting_for(request.user), **(extra_context or {})}
        )

    def two_step_paths(self):
        return {
            reverse(f"admin:{name}", current_app=self.name) for name in ("two_step", "two_step_qr")
        }


def waiting_for(user):
    """What waits for this member of staff, as (what, the list showing it): medical reviews
    overdue or falling due, posts scheduled or in draft, searches the FAQ did not answer.
    Each had been found only by opening its list and choosing a filter."""
    from articles.models import REVIEW_NOTICE_DAYS, Post
    from search.models import UnansweredSearch

    lists = []  # (what is waiting, as one and as many, the list showing it)
    if user.has_perm("articles.view_post"):
        posts, listed = Post.objects.all(), reverse("admin:articles_post_changelist")
        due = f"due for review within {REVIEW_NOTICE_DAYS} days"
        lists += [
            (
                posts.review_overdue(),
                "article",
                "articles",
                "overdue for medical review",
                f"{listed}?review=overdue",
            ),
            (posts.review_due_soon(), "article", "articles", due, f"{listed}?review=soon"),
            (posts.scheduled(), "article", "articles", "scheduled", f"{listed}?state=scheduled"),
            (posts.drafts(), "draft", "drafts", "", f"{listed}?state=draft"),
        ]
    if user.has_perm("search.view_unansweredsearch"):
        listed = reverse("admin:search_unansweredsearch_changelist")
        lists.append(
            (UnansweredSearch.objects.all(), "search", "searches", "that found no answer", listed)
        )
    waiting = []
    for things, one, many, what, url in lists:
        if count := things.count():
            waiting.append(
                (" ".join(filter(None, [str(count), one if count == 1 else many, what])), url)
            )
    return waiting
