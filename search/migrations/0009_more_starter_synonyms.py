"""More starter groups, from how readers put what the FAQ says: a hot bath is heat, "keep
moving" is the "stay active" advice, a rucksack is a bag and an anti-inflammatory is
ibuprofen. Staff edit or remove them in the admin."""

import importlib

from django.db import migrations

STARTER = [
    ("heat, hot bath, warm bath, hot shower, warm shower", "Heat at home"),
    ("stay active, staying active, keep moving, keep active", "Advice in readers' words"),
    ("bag, backpack, rucksack, handbag, shoulder bag", ""),
    ("ibuprofen, anti-inflammatory, anti inflammatory, nsaid, naproxen", ""),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_editors_look_after_search")]

    operations = [
        importlib.import_module("search.migrations.0003_starter_synonyms").synonyms_added(STARTER)
    ]
