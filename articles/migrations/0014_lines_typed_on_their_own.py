import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A line typed on its own is kept as one (markdown.extensions.nl2br in knotsite.markup):
    an address or opening hours, a line each, had run into one line; render stored posts again, as before."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_printed_addresses_and_pasted_bullets"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
