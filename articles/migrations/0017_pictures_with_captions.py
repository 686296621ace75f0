import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A picture on a line of its own with a title is shown with it as its caption, an uploaded
    picture from its resized copies, and every picture loads when scrolled near
    (knotsite.markup); render stored posts again, as before."""
    earlier = importlib.import_module("articles.migrations.0011_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_who_uploads_pictures"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
