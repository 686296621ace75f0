from django.db import models
from django.urls import reverse

from knotsite.editing import VersionedModel
from knotsite.markup import render_markdown, validate_markdown
from knotsite.moves import KeepsOldAddresses, closest_by_slug


class PageQuerySet(models.QuerySet):
    def named_like(self, slug, limit=3):
        """Pages whose slug is much like `slug`, best first (a site has a handful): what a
        link to "/about-us/" or "/contact-us/", where most sites keep them, meant."""
        return closest_by_slug(self, slug, self.values_list("slug", flat=True), limit)

    def for_footer(self):
        """The pages linked at the foot of every page: About, and those staff add (a contact
        page, a privacy notice), by title."""
        return self.filter(in_footer=True).only("slug", "title").order_by("title")


class Page(KeepsOldAddresses, VersionedModel):
    """A standing page such as "About us and our editorial policy", written in Markdown."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="Meta description and share text.")
    body = models.TextField(help_text="Markdown, like articles.", validators=[validate_markdown])
    body_html = models.TextField(editable=False, default="")
    in_footer = models.BooleanField(
        "linked in the footer",
        default=True,
        help_text="Linked at the foot of every page. Untick for a page reached another way.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = self.body.replace("\x00", "")
        self.body_html = render_markdown(self.body).html
        super().save(*args, **kwargs)

    @staticmethod
    def url_for(slug):
        if slug == "about":
            return reverse("pages:about")
        return reverse("pages:detail", kwargs={"slug": slug})
