from django.db import migrations


def render_again(apps, schema_editor):
    """A line typed on its own is kept as one (markdown.extensions.nl2br in knotsite.markup):
    an address or opening hours, a line each, had run into one line; render stored safety notices again (SafetyNotice.render_message)."""
    from knotsite.stored import compute_again
    from search.models import SafetyNotice as CurrentSafetyNotice

    def render(notice):
        notice.message_html = CurrentSafetyNotice.render_message(notice.message)

    SafetyNotice = apps.get_model("search", "SafetyNotice")
    compute_again(SafetyNotice.objects.only("pk", "message"), ["message_html"], render)


class Migration(migrations.Migration):
    dependencies = [("search", "0013_sound_of_each_word")]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
