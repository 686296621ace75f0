import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A link showing its own address is now marked "url", so that print does not write
    the address again after it (knotsite.markup._LinksShowingTheirAddress): render stored
    posts again, as before."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_sources_named_for_screen_readers"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
