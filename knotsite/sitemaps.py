from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Author, Category, Post, Tag
from faq.models import Question, Topic
from pages.models import Page


class SecureSitemap(Sitemap):
    protocol = "https" if settings.HTTPS else None


class PostSitemap(SecureSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Post.objects.published().select_related("category").order_by("pk")

    def lastmod(self, post):
        return post.modified_at


class CategorySitemap(SecureSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.shown().order_by("path")


class ListingSitemap(SecureSitemap):
    """Authors who wrote or reviewed a published post, and tags that have one."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return [*Author.objects.shown().order_by("slug"), *Tag.objects.shown().order_by("slug")]


class FaqTopicSitemap(SecureSitemap):
    """Each FAQ topic's page, where every one of its published questions is (its lastmod:
    the newest change among those; filtered first, so the Max counts only them)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Topic.objects.filter(questions__in=Question.objects.published())
            .annotate(last_changed=Max("questions__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, topic):
        return topic.last_changed


class StaticSitemap(SecureSitemap):
    changefreq = "weekly"

    def items(self):
        return ["articles:home", "faq:index", "articles:tags", "articles:authors"]

    def location(self, name):
        return reverse(name)


class PageSitemap(SecureSitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Page.objects.order_by("slug")

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "listings": ListingSitemap,
    "faq-topics": FaqTopicSitemap,
    "pages": PageSitemap,
}
