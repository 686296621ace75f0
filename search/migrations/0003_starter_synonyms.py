"""A starter list of the words readers use for the same things; staff extend it in admin."""

import functools

from django.db import migrations

STARTER = [
    ("knot, muscle knot, trigger point, myofascial trigger point", "Readers and clinicians"),
    ("doctor, gp, healthcare provider, physician, clinician", "Who to see"),
    ("physiotherapist, physio, physical therapist, physiotherapy, physical therapy", ""),
    ("tummy, abdomen, abdominal, belly, stomach, core", "Everyday and clinical words"),
    ("shoulder blade, scapula", ""),
    ("upper back, thoracic spine, mid back", ""),
    ("painkiller, pain relief, analgesic, ibuprofen, paracetamol", ""),
    ("ice, cold pack, cold compress", ""),
    ("heat, heating pad, hot water bottle, warm compress", ""),
    ("tingling, pins and needles", ""),
    ("numbness, numb", ""),
    ("stiff, stiffness, tight, tightness", ""),
    ("sore, ache, aching", ""),
    ("massage gun, percussion massager", ""),
    ("desk, workstation, office chair", ""),
    ("exercise, workout, work out", ""),
    ("screen, monitor, computer screen", ""),
    ("emergency, 999, 911, a&e, ambulance", ""),
    ("stress, anxiety, tension", ""),
]


def add_synonyms(apps, starter):
    """Add the (terms, note) groups not there yet; later migrations add more this way."""
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in starter:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def remove_synonyms(apps, starter):
    apps.get_model("search", "Synonym").objects.filter(terms__in=[t for t, _ in starter]).delete()


def synonyms_added(starter):
    """The operation that adds `starter`'s groups, and removes them when migrating back."""
    return migrations.RunPython(
        functools.partial(_apply, add_synonyms, starter=starter),
        functools.partial(_apply, remove_synonyms, starter=starter),
    )


def _apply(change, apps, schema_editor, starter):
    change(apps, starter)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_database_indexes")]

    operations = [synonyms_added(STARTER)]
