import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A link showing its own address is now marked "url", so that print does not write
    the address again after it (knotsite.markup._LinksShowingTheirAddress): render stored
    answers again, as before."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0008_sources_named_for_screen_readers"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
