from django.db import models
from django.urls import reverse

from knotsite.editing import VersionedModel
from knotsite.markup import render_markdown, validate_markdown
from knotsite.moves import record_move


class Page(VersionedModel):
    """A standing page such as "About us and our editorial policy", written in Markdown."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="Meta description and share text.")
    body = models.TextField(help_text="Markdown, like articles.", validators=[validate_markdown])
    body_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = self.body.replace("\x00", "")
        self.body_html = render_markdown(self.body).html
        stored_slug = None
        if not self._state.adding:
            stored_slug = Page.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if stored_slug:
            record_move(self.url_for(stored_slug), self.get_absolute_url())

    def get_absolute_url(self):
        return self.url_for(self.slug)

    @staticmethod
    def url_for(slug):
        if slug == "about":
            return reverse("pages:about")
        return reverse("pages:detail", kwargs={"slug": slug})
