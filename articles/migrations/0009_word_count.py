from django.db import migrations, models


def count_words(apps, schema_editor):
    """Stored posts counted entities ("rsquo", "amp") and the halves of "it's" as words;
    count their words again, as a reader would, for the reading time and JSON-LD."""
    from knotsite.markup import render_markdown

    Post = apps.get_model("articles", "Post")
    batch = []
    for post in Post.objects.only("pk", "body").iterator(chunk_size=200):
        rendered = render_markdown(post.body)
        post.word_count = rendered.word_count
        post.reading_minutes = rendered.reading_minutes
        batch.append(post)
        if len(batch) == 200:
            Post.objects.bulk_update(batch, ["word_count", "reading_minutes"])
            batch = []
    Post.objects.bulk_update(batch, ["word_count", "reading_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_markdown_that_renders"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="word_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
    ]
