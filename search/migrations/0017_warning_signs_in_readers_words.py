"""Emergencies and crises as readers type them, each of which found no notice: someone not
breathing, unresponsive or passed out; legs that cannot move or feel, a bladder or bowel
out of control ("lost control of my bladder" is not "loss of bladder control" to a search);
blood coughed or vomited up; a crash or a blow to the head; too many pills; and the words of
someone thinking of ending their life ("I want to end it all"). Terms that would also name
everyday questions of a physiotherapy site ("I hurt myself lifting", "left arm pain") are
left out. A notice staff have edited since it shipped is theirs and left as it is. The
terms box holds up to 2,000 characters, so staff can add more."""

import importlib

from django.db import migrations, models

STARTERS = importlib.import_module("search.migrations.0007_starter_safety_notices")
EARLIER = importlib.import_module("search.migrations.0010_more_warning_signs")
CRISIS = STARTERS.STARTER[1]

MORE_EMERGENCY = (
    ", not breathing, stopped breathing, isn't breathing, isnt breathing, unresponsive, "
    "no pulse, cardiac arrest, turning blue, lips blue, gasping for air, can't catch breath, "
    "passed out, fainted, blacked out, can't move legs, cant move legs, cannot move legs, "
    "can't feel legs, cant feel legs, cannot feel legs, legs giving way, paralysed, "
    "paralyzed, lost control of bladder, lost control of bowels, lost bladder control, "
    "wet myself, wetting myself, soiled myself, can't wee, cant wee, cannot wee, "
    "numb between legs, coughing up blood, coughing blood, vomiting blood, throwing up "
    "blood, car crash, hit my head, head injury, broken back, broken neck, took too many "
    "pills, taken too many pills, too many tablets, worst headache, sudden weakness"
)
MORE_CRISIS = (
    ", end it all, ending it all, don't want to be alive, dont want to be alive, "
    "don't want to live, dont want to live, better off dead, take my own life, "
    "taking my own life"
)
# (heading, terms as shipped, terms now, message as shipped)
CHANGES = [
    (
        EARLIER.EMERGENCY["heading"],
        EARLIER.EMERGENCY_TERMS,
        EARLIER.EMERGENCY_TERMS + MORE_EMERGENCY,
        EARLIER.EMERGENCY_MESSAGE,
    ),
    (CRISIS["heading"], CRISIS["terms"], CRISIS["terms"] + MORE_CRISIS, CRISIS["message"]),
]


def update_terms(apps, changes, backwards=False):
    """changes: (heading, terms as shipped, terms now, message as shipped). A notice still
    as shipped gets its new terms (backwards, its old ones); later migrations call this for
    terms added since."""
    SafetyNotice = apps.get_model("search", "SafetyNotice")
    for heading, shipped, now, message in changes:
        before, after = (now, shipped) if backwards else (shipped, now)
        SafetyNotice.objects.filter(heading=heading, terms=before, message=message).update(
            terms=after
        )


def add(apps, schema_editor, backwards=False):
    update_terms(apps, CHANGES, backwards)


def remove(apps, schema_editor):
    add(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0016_silent_first_letters")]

    operations = [
        migrations.AlterField(
            model_name="safetynotice",
            name="terms",
            field=models.CharField(
                help_text="Words or phrases, one per line or comma-separated. The notice is "
                "shown when a search holds every word of one of them, in any order and form "
                "(“chest pains” for “chest pain”), or, for a word the site never uses, a "
                "close misspelling. List everyday forms too: “can't breathe, cant breathe”.",
                max_length=2000,
            ),
        ),
        migrations.RunPython(add, remove),
    ]
