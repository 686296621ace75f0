"""Readers' words for posture, tension and tummy exercises, found by asking the demo FAQ as
people type: how to "sit up straight", and "slouching" or a "hunched" back, found nothing
about posture ("sit up straight" offered what causes knots, for "sitting"); "tense
shoulders" missed the answer on tension in the shoulders, and "sit ups" and "core strength"
the one on strengthening the tummy muscles.
Staff edit or remove these groups in the admin."""

import importlib

from django.db import migrations

STARTER = [
    (
        "posture, sit up straight, sitting up straight, slouch, slouching, hunched, hunching",
        "Readers' words for posture",
    ),
    ("tension, tense, tensed up", ""),
    ("tummy, sit ups, sit-ups, crunches", ""),
    # Stemmed apart ("strength", "strengthen"): "core strength" missed the tummy muscles.
    ("strength, strengthen, strengthening", ""),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0023_sepsis_meningitis_and_confusion")]

    operations = [
        importlib.import_module("search.migrations.0003_starter_synonyms").synonyms_added(STARTER)
    ]
