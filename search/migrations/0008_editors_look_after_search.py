"""Editors "change everything": synonyms and safety notices too (they were left to
superusers). Authors keep to posts and questions."""

import importlib

from django.db import migrations

EDITOR = {
    "search": [
        f"{action}_{model}"
        for model in ("synonym", "safetynotice")
        for action in ("add", "change", "delete", "view")
    ]
}


def grant_editors(apps, schema_editor):
    roles = importlib.import_module("articles.migrations.0005_editorial_roles")
    roles.grant(apps, "Editor", EDITOR)


def revoke_editors(apps, schema_editor):
    # Through the link table: unapplied across apps, Group and Permission may come from two
    # renderings of the model states, which remove() refuses to mix.
    links = apps.get_model("auth", "Group").permissions.through.objects
    links.filter(
        group__name="Editor",
        permission__content_type__app_label="search",
        permission__codename__in=EDITOR["search"],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_starter_safety_notices"),
        ("articles", "0005_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
