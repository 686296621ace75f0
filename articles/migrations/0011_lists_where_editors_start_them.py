from django.db import migrations


def render_again(apps, schema_editor):
    """Lists typed straight under a line of text, or numbered "1)", were run into the
    paragraph above them; render stored posts again (knotsite.markup._ListUnderText)."""
    from knotsite.markup import render_markdown

    Post = apps.get_model("articles", "Post")
    fields = ["body_html", "toc", "word_count", "reading_minutes"]
    batch = []
    for post in Post.objects.only("pk", "body").iterator(chunk_size=200):
        rendered = render_markdown(post.body)
        post.body_html, post.toc = rendered.html, rendered.toc
        post.word_count, post.reading_minutes = rendered.word_count, rendered.reading_minutes
        batch.append(post)
        if len(batch) == 200:
            Post.objects.bulk_update(batch, fields)
            batch = []
    Post.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_released_on_help"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
