"""Searches readers made that the FAQ could not answer, for Editors to read and delete
(Authors keep to posts and questions)."""

import importlib

from django.db import migrations, models

EDITOR = {"search": ["view_unansweredsearch", "delete_unansweredsearch"]}


def grant_editors(apps, schema_editor):
    roles = importlib.import_module("articles.migrations.0005_editorial_roles")
    roles.grant(apps, "Editor", EDITOR)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0018_emergency_signs_in_readers_words"),
        ("articles", "0005_editorial_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnansweredSearch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("query", models.CharField(max_length=200, unique=True)),
                (
                    "found",
                    models.CharField(
                        choices=[("nothing", "Nothing"), ("some", "Only some of its words")],
                        max_length=10,
                        verbose_name="what it found",
                    ),
                ),
                (
                    "times",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Counted each time its results page was built: the same search again while that page is cached (up to ten minutes) counts once.",
                        verbose_name="times searched",
                    ),
                ),
                ("first_searched", models.DateTimeField()),
                ("last_searched", models.DateTimeField(db_index=True)),
            ],
            options={
                "ordering": ["-times", "-last_searched"],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
