import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Lists typed straight under a line of text, or numbered "1)", were run into the
    paragraph above them; render stored answers again (knotsite.markup._ListUnderText),
    as migration 0005 did."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0005_answers_with_their_own_anchors"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
