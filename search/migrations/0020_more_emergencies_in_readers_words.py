"""Emergencies and a crisis as readers type them, each of which found no notice: chest pain
put as a chest that hurts or aches, or heart pain; bleeding that will not stop; a seizure
put as convulsions or an epileptic fit; a stroke's slurred speech, speech lost or a numb
face; something poisonous swallowed (bleach, a button battery); and thoughts of suicide put
as not wanting to be here, feeling hopeless, wanting to end it, not being able to go on.
Each is a sign the notices already name. Terms that would also name everyday questions of a
physiotherapy site are left out ("having a fit" holds the words of "having trouble getting
fit", "can't go on" those of "can't go on holiday with back pain", "can't speak" those of
"I can't speak to my GP until Monday"). The emergency notice's terms pass 2,000
characters: the box now holds 4,000. A notice staff have edited since it shipped is theirs
and left as it is."""

import importlib

from django.db import migrations, models

EARLIER = importlib.import_module("search.migrations.0017_warning_signs_in_readers_words")
LAST = importlib.import_module("search.migrations.0018_emergency_signs_in_readers_words")

MORE_EMERGENCY = (
    ", chest hurts, chest ache, heart pain, heart hurts, can't stop bleeding, "
    "cant stop bleeding, cannot stop bleeding, won't stop bleeding, wont stop bleeding, "
    "severe bleeding, convulsions, epileptic fit, slurring, can't speak properly, "
    "cant speak properly, cannot speak properly, suddenly can't speak, suddenly cant speak, "
    "numb face, droopy face, swallowed bleach, drank bleach, swallowed poison, "
    "swallowed battery, swallowed chemicals"
)
MORE_CRISIS = (
    ", don't want to be here, dont want to be here, do not want to be here, feel hopeless, "
    "want to end it, can't go on anymore, cant go on anymore, cannot go on anymore, "
    "no point living, no reason to go on"
)
EMERGENCY_SHIPPED = LAST.SHIPPED + LAST.MORE_EMERGENCY
_, _, CRISIS_SHIPPED, CRISIS_MESSAGE = EARLIER.CHANGES[1]
# (heading, terms as shipped, terms now, message as shipped)
CHANGES = [
    (LAST.HEADING, EMERGENCY_SHIPPED, EMERGENCY_SHIPPED + MORE_EMERGENCY, LAST.MESSAGE),
    (EARLIER.CHANGES[1][0], CRISIS_SHIPPED, CRISIS_SHIPPED + MORE_CRISIS, CRISIS_MESSAGE),
]


def add(apps, schema_editor, backwards=False):
    EARLIER.update_terms(apps, CHANGES, backwards)


def remove(apps, schema_editor):
    add(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0019_unanswered_searches")]

    operations = [
        migrations.AlterField(
            model_name="safetynotice",
            name="terms",
            field=models.CharField(
                help_text="Words or phrases, one per line or comma-separated. The notice is "
                "shown when a search holds every word of one of them, in any order and form "
                "(“chest pains” for “chest pain”), or, for a word the site never uses, a "
                "close misspelling. List everyday forms too: “can't breathe, cant breathe”.",
                max_length=4000,
            ),
        ),
        migrations.RunPython(add, remove),
    ]
