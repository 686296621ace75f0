import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A picture on a line of its own with a title is shown with it as its caption, an uploaded
    picture from its resized copies, and every picture loads when scrolled near
    (knotsite.markup); render stored answers again, as before."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0010_lines_typed_on_their_own"),
        ("articles", "0015_pictures_for_the_text"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
