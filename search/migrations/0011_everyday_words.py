"""Readers' everyday words for what the FAQ says: "hot or cold for back pain?" (heat and
ice), "can I go to the gym?" (exercise), "get rid of knots fast" (quick fixes), "how to sit
at a computer" (desk), "foam roller" (foam rolling). Staff edit or remove these groups in
the admin."""

import importlib

from django.db import migrations

STARTER = [
    ("heat, hot", 'Readers ask "hot or cold?"'),
    ("ice, cold", ""),
    ("exercise, gym, training", ""),
    ("quick, fast, quickly", ""),
    ("desk, computer, laptop", ""),
    ("foam roller, foam rolling", ""),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0010_more_warning_signs")]

    operations = [
        importlib.import_module("search.migrations.0003_starter_synonyms").synonyms_added(STARTER)
    ]
