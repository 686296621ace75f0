from django.db import migrations


def render_again(apps, schema_editor):
    """Lists typed straight under a line of text, or numbered "1)", were run into the
    paragraph above them; render stored pages again (knotsite.markup._ListUnderText)."""
    from knotsite.markup import render_markdown
    from knotsite.stored import compute_again

    def render(page):
        page.body_html = render_markdown(page.body).html

    Page = apps.get_model("pages", "Page")
    compute_again(Page.objects.only("pk", "body"), ["body_html"], render)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_markdown_that_renders"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
