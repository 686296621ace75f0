"""Readers write "neck ache" or "neckache" for what the FAQ calls neck pain. Staff edit or
remove this group in the admin."""

import importlib

from django.db import migrations

STARTER = [("ache, pain", 'Readers write "neck ache" for neck pain')]


class Migration(migrations.Migration):
    dependencies = [("search", "0011_everyday_words")]

    operations = [
        importlib.import_module("search.migrations.0003_starter_synonyms").synonyms_added(STARTER)
    ]
