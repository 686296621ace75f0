import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A picture on a line of its own with a title is shown with it as its caption, an uploaded
    picture from its resized copies, and every picture loads when scrolled near
    (knotsite.markup); render stored pages again, as before."""
    earlier = importlib.import_module("pages.migrations.0004_lists_where_editors_start_them")
    earlier.render_again(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0008_page_in_footer"),
        ("articles", "0015_pictures_for_the_text"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
