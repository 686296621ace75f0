from django.db import migrations, models


def count_words(apps, schema_editor):
    """Stored posts counted entities ("rsquo", "amp") and the halves of "it's" as words;
    count their words again, as a reader would, for the reading time and JSON-LD."""
    from knotsite.markup import render_markdown
    from knotsite.stored import compute_again

    def count(post):
        rendered = render_markdown(post.body)
        post.word_count, post.reading_minutes = rendered.word_count, rendered.reading_minutes

    Post = apps.get_model("articles", "Post")
    compute_again(Post.objects.only("pk", "body"), ["word_count", "reading_minutes"], count)


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
