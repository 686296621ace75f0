"""RSS and Atom feeds of the blog, and of each category, from the published posts only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Category, Post

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    description = "New and updated articles from our physiotherapists."

    def title(self):
        return f"{settings.SITE_NAME}: latest articles"

    def link(self):
        return reverse("articles:home")

    def items(self):
        return (
            Post.objects.published()
            .select_related("category", "author")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.modified_at

    def item_author_name(self, post):
        return post.author.name if post.author else None

    def item_categories(self, post):
        return [post.category.name, *(tag.name for tag in post.tags.all())]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, path):
        return get_object_or_404(Category, path=path)

    def title(self, category):
        return f"{settings.SITE_NAME}: {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"Articles in {category.name}."

    def items(self, category):
        return (
            Post.objects.published()
            .in_category_tree(category)
            .select_related("category", "author")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, category):
        return self.description(category)
