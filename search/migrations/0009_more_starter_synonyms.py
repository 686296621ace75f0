"""More starter groups, from how readers put what the FAQ says: a hot bath is heat, "keep
moving" is the "stay active" advice, a rucksack is a bag and an anti-inflammatory is
ibuprofen. Staff edit or remove them in the admin."""

from django.db import migrations

STARTER = [
    ("heat, hot bath, warm bath, hot shower, warm shower", "Heat at home"),
    ("stay active, staying active, keep moving, keep active", "Advice in readers' words"),
    ("bag, backpack, rucksack, handbag, shoulder bag", ""),
    ("ibuprofen, anti-inflammatory, anti inflammatory, nsaid, naproxen", ""),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in STARTER:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=[t for t, _ in STARTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0008_editors_look_after_search")]

    operations = [migrations.RunPython(add, remove)]
