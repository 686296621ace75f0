from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify

from articles.models import Post
from knotsite.editing import VersionedModel
from knotsite.markup import render_markdown, validate_markdown
from knotsite.moves import KeepsOldAddresses, closest_by_slug
from knotsite.seo import answer_text
from search.query import meaningful, stems, words_of

# An answer is shown under its question's h3: its own headings start at h4.
ANSWER_HEADINGS_FROM = 4
# Ids the FAQ pages use themselves (templates/base.html, faq/templates): a question's anchor
# never takes one, or the skip link or the search results would jump to the question.
PAGE_IDS = frozenset(
    {"main", "faq-q", "faq-q-hint", "faq-live", "faq-results", "from-the-blog",
     "faq-topics-heading", "topic-questions", "topic-q"}
)  # fmt: skip


class TopicQuerySet(models.QuerySet):
    def shown(self):
        """Topics with a published question: only those have a page."""
        return self.filter(pk__in=Question.objects.published().values("topic"))

    def named_like(self, slug, limit=3):
        """Topics whose slug is much like `slug`, best first (a site has a handful)."""
        return closest_by_slug(self, slug, self.values_list("slug", flat=True), limit)

    def named_with(self, words, limit=3):
        """Topics whose name holds every word of `words` but the little ones, in any form
        ("exercises" in "Stretching and exercise"): what an address in other words than
        the topic's meant."""
        wanted = set(stems(meaningful(words_of(words))))
        if not wanted:  # nothing to look for: no query for the topics
            return []
        named = [topic for topic in self if wanted <= set(stems(words_of(topic.name)))]
        return named[:limit]


class Topic(KeepsOldAddresses, VersionedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveIntegerField(default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @staticmethod
    def url_for(slug):
        return reverse("faq:topic", kwargs={"slug": slug})


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """The one definition of which questions the public may see."""
        return self.filter(is_published=True).select_related("topic")

    def with_live_article(self):
        """live_article: the published article that shows the question too, else None. One
        query more for all the questions, however many."""
        articles = Post.objects.published().select_related("category")
        return self.prefetch_related(
            Prefetch(
                "post",
                articles.only("title", "slug", "category__path"),
                to_attr="live_article",
            )
        )

    def as_shown(self):
        """Only what pages show of each question: the FAQ page shows 10,000 of them, and
        reading and building every field of each (and its topic's) doubled its time."""
        return self.only(
            "slug",
            "question",
            "answer_html",
            "answer_text",
            "post_id",
            "topic__slug",
            "topic__name",
        )


class Question(VersionedModel):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    question = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="The question's anchor on the FAQ page (#slug). Filled in from the question.",
    )
    answer = models.TextField(help_text="Markdown.", validators=[validate_markdown])
    answer_html = models.TextField(editable=False, default="")
    # As search engines show it (JSON-LD): kept on save, as reading it out of the HTML on
    # every request took 160 ms per FAQ page at 10,000 questions.
    answer_text = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)
    post = models.ForeignKey(
        "articles.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text="The article whose page also shows this question.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "topic__name", "order", "pk"]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        self.answer = self.answer.replace("\x00", "")
        self.answer_html = self.render_answer(self.answer, self.slug)
        self.answer_text = answer_text(self.answer_html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "answer" in update_fields:
            kwargs["update_fields"] = {*update_fields, "answer_html", "answer_text"}
        super().save(*args, **kwargs)

    @staticmethod
    def render_answer(answer, slug):
        """An answer is shown under its question's h3, beside other answers and articles:
        its headings start at h4 and its ids (footnotes, "Sources") carry its own anchor."""
        return render_markdown(
            answer, anchor_prefix=f"{slug}--", top_heading=ANSWER_HEADINGS_FROM
        ).html

    def clean(self):
        if self.slug in PAGE_IDS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the FAQ page itself."})

    def get_absolute_url(self):
        """The question on its topic's page: the lightest page that holds it (the FAQ page
        holds it too, at the same anchor)."""
        return f"{self.topic.get_absolute_url()}#{self.slug}"

    def _unique_slug(self):
        base = slugify(self.question)[:100].strip("-") or "question"
        slug, n = base, 2
        while slug in PAGE_IDS or Question.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug
