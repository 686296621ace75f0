import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Two changes to rendering: a link showing its own address is marked "url", so that
    print does not write the address again after it (_external_link_rel), and
    bullets pasted from a word processor ("•") are list items, not one run-on line
    (_ListMarkersAsTyped), both in knotsite.markup: render stored pages again, as before."""
    earlier = importlib.import_module("pages.migrations.0004_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_sources_named_for_screen_readers"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
