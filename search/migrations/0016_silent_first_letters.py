"""A word's sound no longer has the letters not heard at its start (knot, gnaw, wrist,
psoas: search.query.sound_of), so "nots" is found as knots: store those words' sounds again."""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

from search.query import sound_of

SILENT_STARTS = ("kn", "gn", "wr", "ps")


def sounds_stored_again(apps, schema_editor):
    SearchTerm = apps.get_model("search", "SearchTerm")
    starting = reduce(or_, (Q(word__startswith=start) for start in SILENT_STARTS))
    terms = list(SearchTerm.objects.filter(starting).only("word"))
    for term in terms:
        term.sound = sound_of(term.word)
    SearchTerm.objects.bulk_update(terms, ["sound"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("search", "0015_pictures_with_captions")]

    operations = [migrations.RunPython(sounds_stored_again, migrations.RunPython.noop)]
