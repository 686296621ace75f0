import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A picture on a line of its own with a title is shown with it as its caption, an uploaded
    picture from its resized copies, and every picture loads when scrolled near
    (knotsite.markup); render stored safety notices again, as before."""
    earlier = importlib.import_module("search.migrations.0014_lines_typed_on_their_own")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0014_lines_typed_on_their_own"),
        ("articles", "0015_pictures_for_the_text"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
