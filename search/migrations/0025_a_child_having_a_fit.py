"""A child "having a fit" (a seizure, as most parents in the UK say it) found no notice: the
emergency notice names seizures, convulsions and epileptic fits, but "fit" alone is also
fitness. A term in quotes now counts only for its words together and in order, so the notice
lists "having a fit" and "had a fit" that way ("having a hard time fitting in exercise" shows
none). A notice staff have edited since it shipped is theirs and left as it is."""

import importlib

from django.db import migrations, models

EARLIER = importlib.import_module("search.migrations.0017_warning_signs_in_readers_words")
LAST = importlib.import_module("search.migrations.0023_sepsis_meningitis_and_confusion")
SHIPPED = LAST.SHIPPED + LAST.MORE_TERMS
MORE_TERMS = ', "having a fit", "had a fit"'
CHANGES = [(LAST.HEADING, SHIPPED, SHIPPED + MORE_TERMS, LAST.MESSAGE_NOW)]


def add(apps, schema_editor, backwards=False):
    EARLIER.update_terms(apps, CHANGES, backwards)


def remove(apps, schema_editor):
    add(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0024_slouching_and_sitting_up_straight")]

    operations = [
        migrations.AlterField(
            model_name="safetynotice",
            name="terms",
            field=models.CharField(
                help_text="Words or phrases, one per line or comma-separated. The notice is "
                "shown when a search holds every word of one of them, in any order and form "
                "(“chest pains” for “chest pain”), or, for a word the site never uses, a close "
                "misspelling. List everyday forms too: “can't breathe, cant breathe”. A phrase "
                "in quotes shows the notice only for its words together and in that order: "
                '“"having a fit"” (not “having a hard time fitting in exercise”).',
                max_length=4000,
            ),
        ),
        migrations.RunPython(add, remove),
    ]
