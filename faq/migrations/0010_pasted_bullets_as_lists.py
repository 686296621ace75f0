import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Bullets pasted from a word processor ("•") are now list items, not one run-on
    line (knotsite.markup._ListMarkersAsTyped): render stored answers again, as before."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0009_addresses_printed_once"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
