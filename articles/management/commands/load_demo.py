"""Load the demo content into a site that has none yet. `make run` runs this every time it
starts the site, so a site with content (the demo, changed by editors since, or the
clinic's own) is left as it is; --refresh puts the demo back as shipped on purpose."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Author, Category, Post, Tag
from faq.models import Question, Topic
from pages.models import Page

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
# Neighbouring questions a clinic's FAQ carries beside the seed article's own.
MORE_QUESTIONS = Path(__file__).resolve().parents[3] / "faq" / "demo" / "more_questions.json"

SEED_FAQ = [
    (
        "What causes muscle knots in the upper back?",
        "Muscle knots, or myofascial trigger points, often develop due to a combination of "
        "factors such as poor posture, prolonged sitting, overuse of muscles (like carrying a "
        "heavy backpack), or stress and anxiety which can cause muscle tension.",
    ),
    (
        "Can muscle knots go away on their own?",
        "Sometimes, with adequate rest and reduced stress, muscle knots can resolve without "
        "intensive treatment. However, active intervention through stretching, massage, heat "
        "therapy, and targeted exercises can speed up the process and prevent recurrence.",
    ),
    (
        "Are there any quick fixes for muscle knot pain?",
        "While there's no instant cure, applying heat with a heating pad or taking a warm "
        "shower can temporarily alleviate pain by relaxing the muscle fibers. Additionally, "
        "gentle stretches and using self-massage tools can provide immediate relief.",
    ),
    (
        "How often should I perform exercises to prevent muscle knots?",
        "Consistency is crucial for prevention. Aim to incorporate stretching and "
        "strengthening exercises into your routine at least three times a week. Adjust the "
        "frequency based on your comfort and the demands of your lifestyle.",
    ),
    (
        "Is it possible to prevent muscle knots completely?",
        "While it's challenging to prevent muscle knots entirely, maintaining good posture, "
        "staying active, regularly stretching, and managing stress can significantly reduce "
        "their frequency and severity.",
    ),
    (
        "When should I see a healthcare provider about muscle knots?",
        "If your muscle knots are persistent, severely painful, or accompanied by symptoms "
        "like numbness or tingling, it's wise to consult a healthcare provider. They can rule "
        "out other conditions and provide specialized treatments such as physical therapy or "
        "medications.",
    ),
]


def upsert(model, lookup, values):
    """Create or update one row, saving only when something changed, so a second run
    leaves every row (and its updated date) exactly as the first run left it."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, False


class Command(BaseCommand):
    help = (
        "Create the demo categories, the seed article, its FAQ and the About page, in a site "
        "that has no articles, questions or pages yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put the demo content back as shipped, over what editors changed, and "
            "recreate what they deleted.",
        )

    @transaction.atomic
    def handle(self, *args, refresh=False, **options):
        if not refresh and any(m.objects.exists() for m in (Post, Question, Page)):
            # What is there may be editors' work: the demo rewritten, or the clinic's own.
            self.stdout.write(
                "The site has content already; it is left as it is. To put the demo back "
                "as shipped, over any changes: python manage.py load_demo --refresh"
            )
            return
        news, _ = upsert(Category, {"parent": None, "slug": "news"}, {"name": "News"})
        blog, _ = upsert(
            Category,
            {"parent": news, "slug": "healthcare-blog"},
            {
                "name": "Healthcare Blog",
                "description": "Practical, physiotherapist-written advice on pain, posture "
                "and staying active.",
            },
        )
        author, _ = upsert(
            Author,
            {"slug": "knotsite-clinical-team"},
            {
                "name": "Knotsite Clinical Team",
                "credentials": "Chartered physiotherapists",
                "bio": "The physiotherapists of our clinic write the articles on this site "
                "from their everyday work with patients.",
                "is_team": True,
            },
        )
        reviewer, _ = upsert(
            Author,
            {"slug": "knotsite-clinical-review-panel"},
            {
                "name": "Knotsite Clinical Review Panel",
                "credentials": "Senior physiotherapists registered with the HCPC",
                "bio": "Every article is checked by a senior physiotherapist who did not write "
                "it, against current guidance, before it is published and at each review.",
                "is_team": True,
            },
        )
        post, created = upsert(
            Post,
            {"slug": "techniques-to-alleviate-upper-back-muscle-knots"},
            {
                "title": "Techniques to Alleviate Upper Back Muscle Knots",
                "summary": "Heat, foam rolling, chair stretches, cat-cow, self-massage and "
                "rows: practical ways to ease and prevent knots in your upper back, and when "
                "to see a doctor.",
                "body": (DEMO_DIR / "upper-back-knots.md").read_text(encoding="utf-8"),
                "category": blog,
                "author": author,
                "reviewer": reviewer,
                "last_reviewed": datetime.date(2026, 10, 12),
                "next_review_due": datetime.date(2027, 10, 12),
                "status": Post.Status.PUBLISHED,
                "published_at": datetime.datetime(2024, 4, 15, 9, 0, tzinfo=datetime.UTC),
            },
        )
        tags = [
            upsert(Tag, {"slug": slug}, {"name": name})[0]
            for slug, name in [
                ("back-pain", "Back pain"),
                ("muscle-knots", "Muscle knots"),
                ("exercise", "Exercise"),
                ("self-care", "Self-care"),
            ]
        ]
        if set(post.tags.all()) != set(tags):
            post.tags.set(tags)
        upsert(
            Page,
            {"slug": "about"},
            {
                "title": "About us and our editorial policy",
                "summary": "Who writes and reviews the articles on this site, and how we keep "
                "them accurate.",
                "body": (DEMO_DIR / "about.md").read_text(encoding="utf-8"),
            },
        )
        if created:
            # Fresh demo content was written for its release and not updated since.
            Post.objects.filter(pk=post.pk).update(
                created_at=post.published_at, updated_at=post.published_at
            )
        topic, _ = upsert(
            Topic,
            {"slug": "upper-back-muscle-knots"},
            {
                "name": "Frequently Asked Questions About Upper Back Muscle Knots",
                "order": 0,
            },
        )
        for order, (question, answer) in enumerate(SEED_FAQ):
            upsert(
                Question,
                {"question": question},
                {
                    "answer": answer,
                    "topic": topic,
                    "post": post,
                    "order": order,
                    "is_published": True,
                },
            )
        for block in json.loads(MORE_QUESTIONS.read_text(encoding="utf-8")):
            slug, name, order = block["topic"]
            topic, _ = upsert(Topic, {"slug": slug}, {"name": name, "order": order})
            for position, (question, answer) in enumerate(block["questions"]):
                upsert(
                    Question,
                    {"question": question},
                    {"answer": answer, "topic": topic, "order": position, "is_published": True},
                )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {post.get_absolute_url()}"))
