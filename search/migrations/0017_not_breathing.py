"""The first thing a 999 call handler asks about, findable by search: someone not breathing,
unresponsive, with no pulse or turning blue (the emergency notice's message already says
to call 999 for someone collapsed or unconscious). A notice staff have edited since it
shipped is theirs and left as it is."""

import importlib

from django.db import migrations

EARLIER = importlib.import_module("search.migrations.0010_more_warning_signs")

SHIPPED = EARLIER.REWORDED
WITH_BREATHING = (
    EARLIER.EMERGENCY_TERMS + ", not breathing, stopped breathing, isn't breathing, "
    "isnt breathing, unresponsive, no pulse, cardiac arrest, turning blue, lips blue",
    EARLIER.EMERGENCY_MESSAGE,
)


def add(apps, schema_editor):
    EARLIER._reword_emergency(apps, SHIPPED, WITH_BREATHING)


def remove(apps, schema_editor):
    EARLIER._reword_emergency(apps, WITH_BREATHING, SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("search", "0016_silent_first_letters")]

    operations = [migrations.RunPython(add, remove)]
