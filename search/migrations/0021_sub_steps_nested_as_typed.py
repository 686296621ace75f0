import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A list inside a list item indented by two or three spaces, as CommonMark and most
    editors nest them, ran into its item as text ("Lie down - bend your knees"), and an
    item's paragraph or picture indented so after a blank line left the list; they are
    nested now (knotsite.markup.lists_nested_by_fours): render stored safety notices again."""
    earlier = importlib.import_module("search.migrations.0014_lines_typed_on_their_own")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0020_more_emergencies_in_readers_words"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
