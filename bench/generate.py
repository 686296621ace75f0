"""Fill the bench database with plausible content: `python bench/generate.py POSTS QUESTIONS`.

Rows are bulk-inserted, but every body and answer is rendered by the real pipeline, exactly as a
save in the admin would store it.
"""

import datetime
import os
import random
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "knotsite.settings")
django.setup()

from django.utils import timezone  # noqa: E402

from articles.models import Category, Post, Tag  # noqa: E402
from faq.models import Question, Topic  # noqa: E402
from knotsite.markup import render_markdown  # noqa: E402
from knotsite.seo import answer_text  # noqa: E402

WORDS = [
    "back",
    "neck",
    "shoulder",
    "knot",
    "muscle",
    "stretch",
    "posture",
    "desk",
    "pain",
    "relief",
    "heat",
    "ice",
    "massage",
    "roller",
    "strength",
    "exercise",
    "tension",
    "stress",
    "sleep",
    "breathing",
    "physiotherapy",
    "doctor",
    "tingling",
    "numbness",
    "posture",
    "chair",
    "walking",
    "running",
    "hip",
    "knee",
    "ankle",
    "wrist",
    "elbow",
    "spine",
    "core",
    "rest",
    "recovery",
]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def main(posts=1000, questions=10000):
    rng = random.Random(42)
    blog = Category.objects.get(path="news/healthcare-blog")
    now = timezone.now()
    rendered_bodies = []
    for _ in range(20):
        body = "\n\n".join(
            f"## {sentence(rng, 4)[:-1]}\n\n{' '.join(sentence(rng) for _ in range(6))}\n\n"
            f"1. {sentence(rng, 6)}\n2. {sentence(rng, 6)}\n3. {sentence(rng, 6)}"
            for _ in range(5)
        )
        rendered_bodies.append((body, render_markdown(body)))
    Post.objects.bulk_create(
        [
            Post(
                title=f"Bench article {i}: {sentence(rng, 5)[:-1]}",
                slug=f"bench-article-{i}",
                summary=sentence(rng, 20),
                body=rendered_bodies[i % 20][0],
                body_html=rendered_bodies[i % 20][1].html,
                toc=rendered_bodies[i % 20][1].toc,
                reading_minutes=rendered_bodies[i % 20][1].reading_minutes,
                word_count=rendered_bodies[i % 20][1].word_count,
                category=blog,
                status=Post.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=i + 1),
            )
            for i in range(posts)
        ],
        batch_size=500,
    )
    # Tagged like real articles (one to three topics each), so related reading has work to do.
    tags = list(Tag.objects.all()) + [
        Tag.objects.get_or_create(slug=f"bench-tag-{t}", defaults={"name": f"Bench tag {t}"})[0]
        for t in range(12)
    ]
    Post.tags.through.objects.bulk_create(
        [
            Post.tags.through(post_id=post_id, tag_id=tag.pk)
            for post_id in Post.objects.filter(slug__startswith="bench-article-").values_list(
                "pk", flat=True
            )
            for tag in rng.sample(tags, rng.randint(1, 3))
        ],
        batch_size=1000,
    )
    topics = [
        Topic.objects.get_or_create(
            slug=f"bench-topic-{t}", defaults={"name": f"Topic {t}", "order": 10 + t}
        )[0]
        for t in range(20)
    ]
    batch = []
    for i in range(questions):
        answer = " ".join(sentence(rng) for _ in range(3))
        answer_html = Question.render_answer(answer, f"bench-question-{i}")
        batch.append(
            Question(
                topic=topics[i % len(topics)],
                question=f"{sentence(rng, 8)[:-1]}?",
                slug=f"bench-question-{i}",
                answer=answer,
                answer_html=answer_html,
                answer_text=answer_text(answer_html),
                order=i,
            )
        )
        if len(batch) == 1000:
            Question.objects.bulk_create(batch)
            batch = []
    Question.objects.bulk_create(batch)
    # Bulk inserts send no signals: index everything in one go, as the site would have.
    from search.indexing import rebuild_index

    rebuild_index()
    print(f"generated {posts} posts and {questions} questions")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
