import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Lists pasted from Word, which copies them to plain text unindented with each level's own
    marker ("1." then "a." then "i."; "·" then "o" then "§"), ran their sub-steps and sub-points
    into the step above as text ("Lie down a. Bend your knees"); they are nested now
    (knotsite.markup.word_levels), and discs, circles, squares and dashes pasted as bullets are
    list items. A table pasted from Word or a spreadsheet, lines of cells between tabs, ran into
    one line of words; it is a table now (tables_from_tabs): render stored answers again, and
    keep each one's plain text (JSON-LD's) as its HTML now reads, as a save does (the two
    steps of the migration before, which this takes as they are)."""
    earlier = importlib.import_module("faq.migrations.0012_sub_steps_nested_as_typed")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0012_sub_steps_nested_as_typed"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
