import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Links to and from a source now say what they do to a screen reader ("Source 1",
    not "1"; knotsite.markup._SourcesSection): render stored pages again, as before."""
    earlier = importlib.import_module("pages.migrations.0004_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_lists_where_editors_start_them"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
