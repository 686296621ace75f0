import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Lists pasted from Word, which copies them to plain text unindented with each level's own
    marker ("1." then "a." then "i."; "·" then "o" then "§"), ran their sub-steps and sub-points
    into the step above as text ("Lie down a. Bend your knees"); they are nested now
    (knotsite.markup.word_levels), and discs, circles, squares and dashes pasted as bullets are
    list items. A table pasted from Word or a spreadsheet, lines of cells between tabs, ran into
    one line of words; it is a table now (tables_from_tabs): render stored safety notices again."""
    earlier = importlib.import_module("search.migrations.0014_lines_typed_on_their_own")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0021_sub_steps_nested_as_typed"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
