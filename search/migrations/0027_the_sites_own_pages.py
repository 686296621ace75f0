"""The site's own pages (About and its editorial policy, a privacy notice or contact page
staff add) are searched too: "privacy" or "editorial policy" found "No questions match",
and the FAQ search is the site's only search. On SQLite they get an FTS5 index of their own,
as questions and posts have (0004); the pages there now are indexed.
"""

import importlib

from django.db import migrations, models

from search.indexing import document_fields, terms_of, weighted_vector
from search.query import sound_of

_per_kind = importlib.import_module("search.migrations.0004_sqlite_index_per_kind")


def index_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchTerm = apps.get_model("search", "SearchTerm")
    words = set()
    for page in Page.objects.all():
        kind, title, body = document_fields(page)  # as every save indexes a page
        SearchDocument.objects.update_or_create(
            kind=kind, object_id=page.pk, defaults={"title": title, "body": body}
        )
        words |= terms_of(title, body)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, sound=sound_of(w)) for w in sorted(words)], ignore_conflicts=True
    )
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.filter(kind="page").update(vector=weighted_vector())


def unindex_pages(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.filter(kind="page").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0026_quoted_notice_terms_as_written"),
        ("pages", "0011_lists_and_tables_pasted_from_word"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("question", "FAQ question"),
                    ("post", "Blog post"),
                    ("page", "Site page"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(
            _per_kind.run(_per_kind.per_kind_up("page")),
            _per_kind.run(_per_kind.per_kind_down("page")),
        ),
        migrations.RunPython(index_pages, unindex_pages),
    ]
