"""More of readers' own names for what the FAQ says, found by asking the demo FAQ questions
as people type them: "abs" (the tummy muscles), a Theragun (a massage gun), the
"quickest" relief, co-codamol and pills (painkillers), a spasm (a cramp), working from
home (the desk), to "stop getting" knots (prevent them) and "how many times a week" (how
often).
Staff edit or remove these groups in the admin."""

import importlib

from django.db import migrations

STARTER = [
    ("tummy, abs, core muscles", "Readers' words for the FAQ's"),
    ("massage gun, theragun", ""),
    ("quick, quickest, fastest", ""),
    # Not "tablets": a reader may look down at one ("tablet neck").
    ("painkiller, co-codamol, codeine, pills, medication", ""),
    ("cramp, spasm", ""),
    ("desk, working from home, work from home, home office", ""),
    # Not "stop" alone: "when to stop a stretch" is no question of prevention.
    ("prevent, stop getting", ""),
    ("often, how many times, frequently", ""),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0011_everyday_words")]

    operations = [
        importlib.import_module("search.migrations.0003_starter_synonyms").synonyms_added(STARTER)
    ]
