from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from faq.models import Question

from .models import Category, Post

POSTS_PER_PAGE = 10


@require_safe
def home(request):
    posts = Post.objects.published().for_listing()[:6]
    return render(request, "articles/home.html", {"posts": posts})


@require_safe
def resolve(request, path):
    """One URL space for the category tree and its articles:
    /news/ and /news/healthcare-blog/ are categories, /news/healthcare-blog/<slug>/ a post."""
    category = Category.objects.filter(path=path).first()
    if category is not None:
        return category_detail(request, category)
    category_path, _, slug = path.rpartition("/")
    return post_detail(request, category_path, slug)


def category_detail(request, category):
    posts = Post.objects.published().in_category_tree(category).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "breadcrumbs": category.breadcrumb_categories(),
        "children": category.children.order_by("name"),
        "page_obj": page,
    }
    return render(request, "articles/category_detail.html", context)


def post_detail(request, category_path, slug):
    if not category_path:
        raise Http404("No such page.")
    post = get_object_or_404(
        Post.objects.published().select_related("category", "author"), slug=slug
    )
    if post.category.path != category_path:
        return redirect(post, permanent=True)
    context = {
        "post": post,
        "breadcrumbs": post.category.breadcrumb_categories(),
        "questions": Question.objects.published().filter(post=post).order_by("order", "pk"),
    }
    return render(request, "articles/post_detail.html", context)
