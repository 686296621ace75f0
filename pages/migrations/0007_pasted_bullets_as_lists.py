import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Bullets pasted from a word processor ("•") are now list items, not one run-on
    line (knotsite.markup._ListMarkersAsTyped): render stored pages again, as before."""
    earlier = importlib.import_module("pages.migrations.0004_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_addresses_printed_once"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
