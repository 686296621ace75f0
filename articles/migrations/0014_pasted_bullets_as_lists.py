import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Bullets pasted from a word processor ("•") are now list items, not one run-on
    line (knotsite.markup._ListMarkersAsTyped): render stored posts again, as before."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_addresses_printed_once"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
