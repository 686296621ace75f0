import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A line typed on its own is kept as one (markdown.extensions.nl2br in knotsite.markup):
    an address or opening hours, a line each, had run into one line; render stored answers again, as before."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0009_printed_addresses_and_pasted_bullets"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
