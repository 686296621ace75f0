"""Authors upload pictures for the texts they write; Editors also change their descriptions
and remove those no text shows."""

import importlib

from django.db import migrations

AUTHOR = {"articles": ["add_image", "view_image"]}
EDITOR = {"articles": ["add_image", "change_image", "delete_image", "view_image"]}


def grant(apps, schema_editor):
    roles = importlib.import_module("articles.migrations.0005_editorial_roles")
    roles.grant(apps, "Author", AUTHOR)
    roles.grant(apps, "Editor", EDITOR)


def revoke(apps, schema_editor):
    links = apps.get_model("auth", "Group").permissions.through.objects
    links.filter(
        group__name__in=["Author", "Editor"],
        permission__content_type__app_label="articles",
        permission__codename__in=EDITOR["articles"],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_pictures_for_the_text")]

    operations = [migrations.RunPython(grant, revoke)]
