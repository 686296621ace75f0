import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat, Length
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from knotsite.editing import VersionedModel
from knotsite.links import texts_containing
from knotsite.markup import render_markdown, validate_markdown
from knotsite.moves import LONGEST_ADDRESS, closest_by_slug, record_move

from .images import (
    delete_stored_image,
    featured_image_name,
    store_image,
    text_image_name,
    validate_image,
)

# Top-level URL segments the site itself uses; a root category may not take them.
RESERVED_ROOT_SLUGS = frozenset(
    {
        "admin",
        "faq",
        "static",
        "media",
        "search",
        "feeds",
        "feed",
        "rss",
        "sitemap.xml",
        "robots.txt",
        "authors",
        "tags",
        "about",
        "preview",
        "accounts",
        "pages",
    }
)


def in_tree(path, field="path"):
    """A category path and every path below it: "news" and "news/…", never "newsletter".
    `path` is a string, or an expression such as OuterRef("path") in a subquery."""
    below = f"{path}/" if isinstance(path, str) else Concat(path, Value("/"))
    return Q(**{field: path}) | Q(**{f"{field}__startswith": below})


class CategoryQuerySet(models.QuerySet):
    def shown(self):
        """Categories with a published post in them or below them: only those have a page
        (like tags and FAQ topics), so no link leads readers to an empty section."""
        tree = in_tree(OuterRef("path"), "category__path")
        return self.filter(Exists(Post.objects.published().filter(tree)))

    def chain(self, path):
        """Every category on the way to `path`, root first, from one indexed query: for
        "news/healthcare-blog/a-post" that is News, then Healthcare Blog."""
        parts = path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        by_path = {c.path: c for c in self.filter(path__in=prefixes)}
        return [by_path[p] for p in prefixes if p in by_path]


class Category(VersionedModel):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    # Denormalised "news/healthcare-blog": one indexed lookup resolves any URL.
    path = models.CharField(max_length=500, unique=True, editable=False)
    # Denormalised "News › Healthcare Blog": lists and choices name a category by its place
    # in the tree without looking its parents up one query each.
    full_name = models.TextField(editable=False, default="")

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="unique_slug_per_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(parent=None), name="unique_root_slug"
            ),
        ]

    def __str__(self):
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        old_path, old_full_name = self.path, self.full_name
        self.path = self.build_path()
        self.full_name = f"{self.parent.full_name} › {self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            record_move(f"/{old_path}/", self.get_absolute_url())
            for slug in self.posts.values_list("slug", flat=True):
                record_move(f"/{old_path}/{slug}/", f"/{self.path}/{slug}/")
        if old_path and (old_path, old_full_name) != (self.path, self.full_name):
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return reverse("articles:resolve", kwargs={"path": self.path})

    def clean(self):
        if self.parent_id is None and self.slug in RESERVED_ROOT_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the site itself."})
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A category cannot be inside itself."})
            node = node.parent
        if self.slug:
            self._check_address_lengths()
            self._check_address_is_free()

    def _check_address_lengths(self):
        """The addresses in this part of the tree (its own, its subcategories', its posts')
        move with it: the longest must still fit a redirect."""
        new_path = self.build_path()
        longest = len(new_path)
        if self.path:  # already saved: its subtree, itself included, moves with it
            below = Category.objects.filter(in_tree(self.path))
            deepest = max(
                below.aggregate(n=models.Max(Length("path")))["n"],
                Post.objects.in_category_tree(self).aggregate(
                    n=models.Max(Length("category__path") + Length("slug") + 1)
                )["n"]
                or 0,
            )
            longest = deepest - len(self.path) + len(new_path)
        if longest + 2 > LONGEST_ADDRESS:  # "/" + path + "/"
            raise ValidationError(
                f"This would make an address in this part of the site longer than "
                f"{LONGEST_ADDRESS} characters (the longest would be {longest + 2}). Choose a "
                "shorter slug or a parent higher up."
            )

    def _check_address_is_free(self):
        """A category wins its address over an article (the view looks categories up first),
        so it may not take an article's, drafts included: they go live later."""
        if not self.parent_id:
            return  # every article lives inside a category, never at the top
        post = Post.objects.filter(category_id=self.parent_id, slug=self.slug).first()
        if post:
            raise ValidationError(
                {
                    "slug": f"{post.get_absolute_url()} is the address of the article "
                    f"“{post.title}”. Choose another slug or parent."
                }
            )

    def build_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug


class AuthorQuerySet(models.QuerySet):
    def shown(self):
        """Authors who wrote or medically reviewed a published post: those readers meet."""
        live = Post.objects.published()
        return self.filter(Q(pk__in=live.values("author")) | Q(pk__in=live.values("reviewer")))


class Author(VersionedModel):
    """A named person (or team) who writes or medically reviews articles."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=200, blank=True, help_text="For example: “MSc, Chartered Physiotherapist”."
    )
    bio = models.TextField(blank=True)
    is_team = models.BooleanField(
        default=False, help_text="A team or panel rather than one person."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class TagQuerySet(models.QuerySet):
    def shown(self):
        """Tags on a published post, with how many carry them (`published_posts`): only
        those have a page."""
        live = self.filter(posts__in=Post.objects.published())
        return live.annotate(published_posts=models.Count("posts"))


class Tag(VersionedModel):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


# How far ahead editors are told of a medical review falling due.
REVIEW_NOTICE_DAYS = 30


def _review_notice_ends():
    return timezone.localdate() + datetime.timedelta(days=REVIEW_NOTICE_DAYS)


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff who may view posts in the admin also preview drafts and scheduled posts
        at their public URL; everyone else sees what is published."""
        if user and user.is_authenticated and user.is_staff and user.has_perm("articles.view_post"):
            return self.all()
        return self.published()

    def scheduled(self):
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Post.Status.DRAFT)

    def review_overdue(self):
        return self.filter(next_review_due__lt=timezone.localdate())

    def review_due_soon(self):
        """Reviews falling due within REVIEW_NOTICE_DAYS: time enough to book a reviewer."""
        return self.filter(next_review_due__range=(timezone.localdate(), _review_notice_ends()))

    def review_up_to_date(self):
        return self.filter(next_review_due__gt=_review_notice_ends())

    def in_category_tree(self, category):
        return self.filter(in_tree(category.path, "category__path"))

    def linked_from(self):
        """The texts outside these posts that link to any of them (one query per kind of
        text): what deleting them all leaves pointing at "page not found"."""
        posts = list(self.select_related("category"))
        return texts_containing([post.get_absolute_url() for post in posts], leaving_out=posts)

    def related_to(self, post, limit=3):
        """Published posts sharing the most tags with `post`, the newest first among those
        sharing as many; then the newest of its category.

        One query finds how many tags candidates share (a handful of counts, however many
        posts there are); then, best count first, the newest published posts with that count
        (ranked and filtered in SQL, so drafts never crowd published posts out and only the
        posts shown are loaded)."""
        others = self.exclude(pk=post.pk)
        tag_ids = [tag.pk for tag in post.tags.all()]
        related = []
        if tag_ids:
            shared = (
                Post.tags.through.objects.filter(tag_id__in=tag_ids)
                .exclude(post_id=post.pk)
                .values("post_id")
                .annotate(n=models.Count("tag_id"))
            )
            for n in sorted(shared.values_list("n", flat=True).distinct(), reverse=True):
                tier = shared.filter(n=n).values("post_id")
                related += others.filter(pk__in=tier).for_listing()[: limit - len(related)]
                if len(related) >= limit:
                    break
        if len(related) < limit:
            related += (
                others.filter(category_id=post.category_id)
                .exclude(pk__in=[p.pk for p in related])
                .for_listing()[: limit - len(related)]
            )
        return related

    def named_like(self, slug, limit=3):
        """Posts whose slug is much like `slug`: what a link mistyped or cut short (by an
        email program, say) meant, best first. Only slugs with the same first word are
        compared, so a made-up address is not compared with every post there is."""
        first_word = slug.split("-", 1)[0]
        slugs = self.filter(slug__startswith=first_word).values_list("slug", flat=True)
        return closest_by_slug(self.for_listing(), slug, slugs, limit)

    def for_listing(self):
        return (
            self.select_related("category", "author")
            .only(
                "title",
                "slug",
                "summary",
                "published_at",
                "updated_at",
                "reading_minutes",
                "category__path",
                "category__name",
                "author__name",
            )
            .order_by("-published_at", "-pk")
        )


class Post(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences for listings and search results."
    )
    body = models.TextField(
        help_text="Markdown. Use ## for section headings.", validators=[validate_markdown]
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    reviewer = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_posts",
        verbose_name="medical reviewer",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="“Released on” date. A published post dated in the future stays hidden "
        "until then. Publishing a draft releases it now unless you change this date in the "
        "same save.",
    )
    featured_image = models.ImageField(
        upload_to=featured_image_name,
        blank=True,
        validators=[validate_image],
        help_text="Optional. JPEG, PNG or WebP, at most 5 MB and 6000 × 6000 pixels.",
    )
    featured_image_alt = models.CharField(
        "image description (alt text)",
        max_length=250,
        blank=True,
        help_text="Required with an image: what it shows, for readers who cannot see it.",
    )
    # Resized copies for srcset, made once on save: [{"url", "width", "height"}, ...].
    featured_image_renditions = models.JSONField(editable=False, default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [("publish_post", "Can publish, schedule and unpublish posts")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # PostgreSQL text cannot hold NUL; it is never meaningful in Markdown.
        self.body = self.body.replace("\x00", "")
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.word_count = rendered.word_count
        self.reading_minutes = rendered.reading_minutes
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {
                *update_fields,
                *("body_html", "toc", "word_count", "reading_minutes"),
            }
        old_url, old_image, old_renditions = self._stored()
        self._prepare_featured_image()
        super().save(*args, **kwargs)
        record_move(old_url, self.get_absolute_url())
        self._let_go_of(old_image, old_renditions)

    def clean(self):
        errors = {}
        if self.category_id and self.slug:
            address = self.get_absolute_url()
            if len(address) > LONGEST_ADDRESS:
                errors["slug"] = (
                    f"This makes the article's address longer than {LONGEST_ADDRESS} characters "
                    f"(it would be {len(address)}). Choose a shorter slug."
                )
            else:
                category = Category.objects.filter(path=address.strip("/")).first()
                if category:
                    errors["slug"] = (
                        f"{address} is the address of the category “{category.name}”. "
                        "Choose another slug."
                    )
        if self.featured_image and not self.featured_image_alt.strip():
            errors["featured_image_alt"] = "Describe the image for readers who cannot see it."
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must be after the last review."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("articles:resolve", kwargs={"path": f"{self.category.path}/{self.slug}"})

    def linked_from(self):
        """The other texts that link to this article: their readers get "page not found"
        once it is unpublished or deleted."""
        return texts_containing([self.get_absolute_url()], leaving_out=[self])

    def _stored(self):
        """(address, featured image, its copies) as the row holds them before this save.
        Asked by key: a version restored from History is an object made afresh."""
        stored = None
        if self.pk is not None:
            fields = ["category__path", "slug", "featured_image", "featured_image_renditions"]
            stored = Post.objects.filter(pk=self.pk).values_list(*fields).first()
        if not stored:
            return None, "", []
        path, slug, image, renditions = stored
        return f"/{path}/{slug}/", image, renditions

    def _let_go_of(self, image, renditions):
        """The featured image stored before this save, if this save replaced or removed it
        (maybe because it must not be shown: a patient's face): it stops being served too,
        once the save is committed."""
        if image and image != self.featured_image.name:
            forget_image_once_committed(image, renditions)

    def _prepare_featured_image(self):
        if not self.featured_image:
            self.featured_image_renditions = []
        elif not self.featured_image._committed:
            self.featured_image_renditions = store_image(self.featured_image)

    @property
    def featured_image_srcset(self):
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.featured_image_renditions)

    @property
    def is_live(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def state(self):
        """Draft, Scheduled or Published, as editors think of it."""
        if self.is_live:
            return "Published"
        return "Scheduled" if self.status == self.Status.PUBLISHED else "Draft"

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    @property
    def modified_at(self):
        """When readers' copy last changed: a post saved before it went live changed for
        them when it went live."""
        return max(self.updated_at, self.published_at)

    @property
    def was_updated(self):
        """Show an "Updated" date only when it is a later day than the release, on the
        readers' calendar (a UTC date can be the day before theirs)."""
        return timezone.localdate(self.updated_at) > timezone.localdate(self.published_at)


class ImageQuerySet(models.QuerySet):
    def renditions_by_url(self, urls):
        """{address: its resized copies} for the uploaded pictures among `urls`."""
        names = [url.removeprefix(settings.MEDIA_URL) for url in urls]
        found = self.filter(file__in=names).values_list("file", "renditions")
        return {f"{settings.MEDIA_URL}{name}": renditions for name, renditions in found}


class Image(VersionedModel):
    """A picture for the text of an article, an answer or a page (an exercise, a stretch),
    uploaded once and shown wherever its Markdown line is pasted."""

    file = models.ImageField(
        "image",
        upload_to=text_image_name,
        validators=[validate_image],
        help_text="JPEG, PNG or WebP, at most 5 MB and 6000 × 6000 pixels. To show another "
        "picture, upload it as a new image.",
    )
    alt = models.CharField(
        "description (alt text)",
        max_length=250,
        help_text="What it shows, for readers who cannot see it: “Cat-cow: back arched up, "
        "head down”. The Markdown line below starts with it; change it there for one text.",
    )
    # Resized copies for srcset, made once on upload: [{"url", "width", "height"}, ...].
    renditions = models.JSONField(editable=False, default=list)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        if not self.file._committed:
            self.renditions = store_image(self.file)
        super().save(*args, **kwargs)

    @property
    def markdown(self):
        """The line an editor pastes into a text to show this picture there."""
        alt = self.alt.replace("[", r"\[").replace("]", r"\]")
        return f"![{alt}]({self.file.url})"

    def shown_in(self):
        """The texts whose Markdown shows this picture (its address is a random name, so
        finding it in a text is finding the picture)."""
        return texts_containing([self.file.url])


def forget_image_once_committed(name, renditions):
    """Delete an upload's files once the change that let go of it is committed, so a
    rolled-back one leaves it whole."""
    transaction.on_commit(lambda: delete_stored_image(name, renditions))


@receiver(post_delete, sender=Image)
def _forget_a_deleted_pictures_files(sender, instance, **kwargs):
    # A picture is deleted when it should not be shown (a face, a wrong exercise): its files
    # go too. (Only unused pictures can be deleted, and pictures keep no revisions.)
    forget_image_once_committed(instance.file.name, instance.renditions)


@receiver(pre_save, sender=Post)
def _let_go_of_an_image_a_restore_replaces(sender, instance, raw, **kwargs):
    # A version restored from History is saved raw (django-reversion), past Post.save.
    if raw:
        _, image, renditions = instance._stored()
        instance._let_go_of(image, renditions)


@receiver(post_delete, sender=Post)
def _forget_a_deleted_posts_image(sender, instance, **kwargs):
    # Recovering the post from its history brings it back without it (history_admin.py).
    if image := instance.featured_image:
        forget_image_once_committed(image.name, instance.featured_image_renditions)
