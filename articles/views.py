from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from faq.models import Question
from knotsite import seo
from knotsite.moves import words_of_address
from knotsite.pagecache import session_user
from pages.views import page_not_found
from search.engine import notices_about, posts_about

from .models import Author, Category, Post, Tag

POSTS_PER_PAGE = 10
# Where feed readers look for a category's feed: <category>/feed/ and the like.
CATEGORY_FEED_GUESSES = {
    "feed": "articles:category_rss",
    "rss": "articles:category_rss",
    "atom": "articles:category_atom",
}


def paginate(request, queryset):
    """The page of `queryset` asked for, and its canonical address: the bare path for the
    first page, and for a number past the end or not a number, the page actually shown."""
    page_obj = Paginator(queryset, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    path = request.path if page_obj.number == 1 else f"{request.path}?page={page_obj.number}"
    return {"page_obj": page_obj, "canonical_url": seo.absolute_url(request, path)}


def crumbs_for(categories, *tail):
    return [("Home", "/"), *((c.name, c.get_absolute_url()) for c in categories), *tail]


@require_safe
def home(request):
    posts = Post.objects.published().for_listing()[:6]
    return render(request, "articles/home.html", {"posts": posts})


@require_safe
def resolve(request, path):
    """One URL space for the category tree and its articles:
    /news/ and /news/healthcare-blog/ are categories, /news/healthcare-blog/<slug>/ a post."""
    # One query finds the categories along the path: the page's own, or the post's.
    chain = Category.objects.chain(path)
    if chain and chain[-1].path == path:
        return category_detail(request, chain)
    if "/" not in path:  # every post lives inside a category: "/about-us/" meant a page?
        return page_not_found(request, path)
    return post_detail(request, chain, path)


def category_detail(request, breadcrumbs):
    category = breadcrumbs[-1]
    posts = Post.objects.published().in_category_tree(category).for_listing()
    page = paginate(request, posts)
    if not page["page_obj"].paginator.count:  # nothing to read here yet, nor to index
        raise Http404("No published article in this category.")
    crumbs = crumbs_for(breadcrumbs)
    context = {
        "category": category,
        "crumbs": crumbs,
        "children": category.children.shown().order_by("name"),
        **page,
        "feed_category": category,
        "ld_json": seo.ld_json(
            {"@context": "https://schema.org", **seo.breadcrumb_list(request, crumbs)}
        ),
    }
    return render(request, "articles/category_detail.html", context)


def post_not_found(request, category, chain, path):
    """A 404 that offers what the address may have meant: in a real category, the articles
    named like it, or else holding every word of it (or, for a feed reader's guess, the
    category's feed); below an article (its old AMP copy, a page of its comments), that
    article. Only there, so that bots trying made-up paths elsewhere cost a plain 404."""
    category_path, _, slug = path.rpartition("/")
    parent_path, _, parent_slug = category_path.rpartition("/")
    suggestions, words, notices = [], "", []
    if category and slug in CATEGORY_FEED_GUESSES:  # a feed reader guessing, as WordPress's
        return redirect(CATEGORY_FEED_GUESSES[slug], path=category.path, permanent=True)
    if category:
        words = words_of_address(slug)
        suggestions = Post.objects.published().named_like(slug) or posts_about(words)
        notices = notices_about(words)
    elif chain and chain[-1].path == parent_path:
        above = Post.objects.published().for_listing().filter(category=chain[-1], slug=parent_slug)
        suggestions = list(above[:1])
        if suggestions and slug == "amp":  # Google asks for a 301 to the article when AMP goes
            return redirect(suggestions[0], permanent=True)
    context = {
        "suggestions": suggestions,
        "suggesting": "article",
        "address_words": words,
        "notices": notices,
    }
    return render(request, "404.html", context, status=404)


def post_detail(request, breadcrumbs, path):
    category_path, _, slug = path.rpartition("/")
    category = breadcrumbs[-1] if breadcrumbs and breadcrumbs[-1].path == category_path else None
    try:
        post = (
            Post.objects.visible_to(session_user(request))
            .select_related("author", "reviewer")
            .prefetch_related("tags")
            .get(slug=slug)
        )
    except Post.DoesNotExist:
        return post_not_found(request, category, breadcrumbs, path)
    if category is None or post.category_id != category.pk:
        return redirect(post, permanent=True)  # its real address
    post.category = category
    questions = list(
        Question.objects.published().as_shown().filter(post=post).order_by("order", "pk")
    )
    crumbs = crumbs_for(breadcrumbs, (post.title, post.get_absolute_url()))
    image = seo.share_image(request, post)
    context = {
        "post": post,
        "crumbs": crumbs,
        "questions": questions,
        "related": Post.objects.published().related_to(post),
        "feed_category": post.category,
        "og_type": "article",
        "share_image": image,
        "ld_json": seo.ld_json(seo.article_graph(request, post, crumbs, questions, image)),
        "is_preview": not post.is_live,
    }
    response = render(request, "articles/post_detail.html", context)
    if not post.is_live:
        # A staff preview: never stored by us, a CDN or the browser, never indexed.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def listing_index(request, template, title, name, things):
    """The list of all tags or all authors that lead somewhere (`things`, given to the
    template as `name`): for a reader who cut the name off a tag's or an author's address,
    or came by the breadcrumbs."""
    if not things:
        raise Http404("Nothing published to list yet.")
    crumbs = [("Home", "/"), (title, request.path)]
    context = {
        name: things,
        "crumbs": crumbs,
        "ld_json": seo.ld_json(seo.breadcrumb_list(request, crumbs)),
    }
    return render(request, template, context)


@require_safe
def author_index(request):
    authors = Author.objects.shown().order_by("name")
    return listing_index(request, "articles/author_index.html", "Authors", "authors", authors)


@require_safe
def tag_index(request):
    tags = Tag.objects.shown().order_by("name")
    return listing_index(request, "articles/tag_index.html", "Topics", "tags", tags)


@require_safe
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    posts = Post.objects.published().filter(Q(author=author) | Q(reviewer=author)).for_listing()
    crumbs = [
        ("Home", "/"),
        ("Authors", reverse("articles:authors")),
        (author.name, author.get_absolute_url()),
    ]
    context = {
        "author": author,
        **paginate(request, posts),
        "crumbs": crumbs,
        "ld_json": seo.ld_json(seo.breadcrumb_list(request, crumbs)),
    }
    return render(request, "articles/author_detail.html", context)


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.published().filter(tags=tag).for_listing()
    page = paginate(request, posts)
    if not page["page_obj"].paginator.count:  # nothing to read here, nor for search engines
        raise Http404("No published article carries this tag.")
    crumbs = [
        ("Home", "/"),
        ("Topics", reverse("articles:tags")),
        (tag.name, tag.get_absolute_url()),
    ]
    context = {
        "tag": tag,
        **page,
        "crumbs": crumbs,
        "ld_json": seo.ld_json(seo.breadcrumb_list(request, crumbs)),
    }
    return render(request, "articles/tag_detail.html", context)
