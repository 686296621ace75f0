import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A list inside a list item indented by two or three spaces, as CommonMark and most
    editors nest them, ran into its item as text ("Lie down - bend your knees"), and an
    item's paragraph or picture indented so after a blank line left the list; they are
    nested now (knotsite.markup.lists_nested_by_fours): render stored posts again."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_pictures_with_captions"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
