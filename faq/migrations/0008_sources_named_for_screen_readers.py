import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """Links to and from a source now say what they do to a screen reader ("Source 1",
    not "1"; knotsite.markup._SourcesSection): render stored answers again, as before."""
    earlier = importlib.import_module("faq.migrations.0005_answers_with_their_own_anchors")
    earlier.rerender_answers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0007_answer_text"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
