import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Links to and from a source now say what they do to a screen reader ("Source 1",
    not "1"; knotsite.markup._SourcesSection): render stored posts again, as before."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_lists_where_editors_start_them"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
