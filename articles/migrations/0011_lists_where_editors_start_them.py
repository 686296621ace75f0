from django.db import migrations


def render_again(apps, schema_editor):
    """Lists typed straight under a line of text, or numbered "1)", were run into the
    paragraph above them; render stored posts again (knotsite.markup._ListUnderText)."""
    from knotsite.markup import render_markdown
    from knotsite.stored import compute_again

    def render(post):
        rendered = render_markdown(post.body)
        post.body_html, post.toc = rendered.html, rendered.toc
        post.word_count, post.reading_minutes = rendered.word_count, rendered.reading_minutes

    Post = apps.get_model("articles", "Post")
    fields = ["body_html", "toc", "word_count", "reading_minutes"]
    compute_again(Post.objects.only("pk", "body"), fields, render)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_released_on_help"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
