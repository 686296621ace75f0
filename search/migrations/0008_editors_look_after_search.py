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
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="search", codename__in=EDITOR["search"]
    )
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_starter_safety_notices"),
        ("articles", "0005_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
