"""Emergencies of the NHS's "when to call 999" that the emergency notice did not name, each
of which a reader could search for and find no notice: sepsis (septicaemia), meningitis and
its rash that does not fade under a glass, sudden confusion, a heart attack's arm pain with
sweating, and a stroke's face that cannot be felt. The notice now names sepsis and
meningitis and their signs, so that, shown for "sepsis", it does not read as a mistake.
Terms that would also name everyday questions are left out ("confused about which
stretches", "sweating during exercise", "rash from a heat pad"). A notice staff have edited
since it shipped is theirs and left as it is."""

import importlib

from django.db import migrations

LAST = importlib.import_module("search.migrations.0020_more_emergencies_in_readers_words")
HEADING, _, SHIPPED, MESSAGE = LAST.CHANGES[0]

MORE_TERMS = (
    ", sepsis, septic, septicaemia, septicemia, blood poisoning, meningitis, rash fade, "
    "rash glass, non blanching rash, sudden confusion, suddenly confused, mottled skin, "
    "arm pain sweating, arm pain sweaty, arm pain cold sweat, can't feel face, "
    "cant feel face, cannot feel face"
)
NAMED = ", a seizure, or a severe allergic reaction;"
NAMED_NOW = (
    ", a seizure, a severe allergic reaction, or signs of sepsis or meningitis (sudden "
    "confusion; mottled, blue or grey skin; a rash that does not fade when you press a glass "
    "against it);"
)
assert NAMED in MESSAGE
MESSAGE_NOW = MESSAGE.replace(NAMED, NAMED_NOW)


def add(apps, schema_editor, backwards=False):
    from search.models import SafetyNotice as CurrentSafetyNotice

    SafetyNotice = apps.get_model("search", "SafetyNotice")
    before, after = ((SHIPPED, MESSAGE), (SHIPPED + MORE_TERMS, MESSAGE_NOW))
    if backwards:
        before, after = after, before
    SafetyNotice.objects.filter(heading=HEADING, terms=before[0], message=before[1]).update(
        terms=after[0],
        message=after[1],
        message_html=CurrentSafetyNotice.render_message(after[1]),
    )


def remove(apps, schema_editor):
    add(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0022_lists_and_tables_pasted_from_word")]

    operations = [
        migrations.RunPython(add, remove),
    ]
