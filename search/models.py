from django.contrib.postgres.search import SearchVectorField
from django.db import models

from knotsite.editing import VersionedModel


class SearchDocument(models.Model):
    """One searchable thing (an FAQ question or a blog post) as plain text. Each database
    indexes it its own way (search/backends.py); whether the public may see the thing is
    still decided by its own model's published() queryset at query time."""

    class Kind(models.TextChoices):
        QUESTION = "question", "FAQ question"
        POST = "post", "Blog post"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField()
    # PostgreSQL only: the weighted vector (title A, body B) behind a GIN index.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """Every word in the indexed text, for typo correction by trigram similarity."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.word


class Synonym(VersionedModel):
    """Words and phrases a reader may use for the same thing, matched in both directions."""

    terms = models.CharField(
        max_length=300,
        unique=True,
        help_text="Comma-separated words or phrases that mean the same, for example: "
        "“knot, trigger point, muscle knot”.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self):
        return [t.strip().lower() for t in self.terms.split(",") if t.strip()]
