"""Signs the emergency notice names, as readers type them, each of which found no notice:
a heart attack's pressure on the chest, a severe allergic reaction's swelling throat, tongue
or lips, someone who cannot be woken, and, for back pain, numbness in the groin or no
feeling in the bottom. Terms that would also name everyday questions are left out ("heavy
chest" holds the words of "a heavy bag on my chest", "can't wake" those of "can't wake up
without back pain"). A notice staff have edited since it shipped is theirs and left as
it is."""

import importlib

from django.db import migrations

EARLIER = importlib.import_module("search.migrations.0017_warning_signs_in_readers_words")
HEADING, _, SHIPPED, MESSAGE = EARLIER.CHANGES[0]

MORE_EMERGENCY = (
    ", chest pressure, crushing chest, squeezing chest, throat swelling, swollen throat, "
    "tongue swelling, swollen tongue, lips swelling, swollen lips, can't swallow, "
    "cant swallow, cannot swallow, won't wake up, wont wake up, can't wake him, "
    "cant wake him, can't wake her, cant wake her, can't wake them, cant wake them, "
    "numb groin, numb private parts, can't feel bum, cant feel bum, cannot feel bum, "
    "can't feel bottom, cant feel bottom, cannot feel bottom"
)


def add(apps, schema_editor, backwards=False):
    EARLIER.update_terms(apps, [(HEADING, SHIPPED, SHIPPED + MORE_EMERGENCY, MESSAGE)], backwards)


def remove(apps, schema_editor):
    add(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0017_warning_signs_in_readers_words")]

    operations = [migrations.RunPython(add, remove)]
