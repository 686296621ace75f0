"""Each indexed word's sound, so that a word spelt as it sounds is one indexed lookup away
from the word meant ("excersize": exercise), however few letters in a row they share.

The column is nullable so that SQLite adds it in place: a non-null column makes Django
rebuild the table, which drops the triggers that feed the trigram index (migration 0002)."""

from django.db import migrations, models

from search.query import sound_of


def sounds_added(apps, schema_editor):
    SearchTerm = apps.get_model("search", "SearchTerm")
    terms = list(SearchTerm.objects.filter(sound=None).only("word"))
    for term in terms:
        term.sound = sound_of(term.word)
    SearchTerm.objects.bulk_update(terms, ["sound"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("search", "0012_readers_own_names")]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="sound",
            field=models.CharField(db_index=True, max_length=60, null=True),
        ),
        migrations.RunPython(sounds_added, migrations.RunPython.noop),
    ]
