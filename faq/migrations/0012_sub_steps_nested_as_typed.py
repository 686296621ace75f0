import importlib

from django.db import migrations


def render_again(apps, schema_editor):
    """A list inside a list item indented by two or three spaces, as CommonMark and most
    editors nest them, ran into its item as text ("Lie down - bend your knees"), and an
    item's paragraph or picture indented so after a blank line left the list; they are
    nested now (knotsite.markup.lists_nested_by_fours): render stored answers again, and
    keep each one's plain text (JSON-LD's) as its HTML now reads, as a save does."""
    for module, step in (
        ("0005_answers_with_their_own_anchors", "rerender_answers"),
        ("0007_answer_text", "keep_answer_text"),
    ):
        getattr(importlib.import_module(f"faq.migrations.{module}"), step)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0011_pictures_with_captions"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
