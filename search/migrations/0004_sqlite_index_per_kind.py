"""SQLite: one FTS5 index per kind of document instead of one index with a `kind` column.

With a large FAQ, "kind:question AND …" made every search read the posting list of nearly
every row, which cost more than the search itself. Each index reads its rows through a view
of its own kind, and the triggers route each row to its kind's index.
"""

import importlib

from django.db import migrations

# The shared index as 0002 made it: dropped going up, made again (and filled) going down.
_shared = importlib.import_module("search.migrations.0002_database_indexes")
SHARED_UP = [s for s in _shared.SQLITE_UP if "search_document" in s] + [
    "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')"
]
SHARED_DOWN = [s for s in _shared.SQLITE_DOWN if "search_document" in s]

KINDS = ("question", "post")
TOKENIZER = "porter unicode61 remove_diacritics 2"


def per_kind_up(kind):
    table, view = f"search_{kind}_fts", f"search_{kind}_text"
    return [
        f"CREATE VIEW {view} AS SELECT id, title, body FROM search_searchdocument "
        f"WHERE kind = '{kind}'",
        f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, content='{view}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON search_searchdocument "
        f"WHEN new.kind = '{kind}' BEGIN "
        f"INSERT INTO {table}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON search_searchdocument "
        f"WHEN old.kind = '{kind}' BEGIN "
        f"INSERT INTO {table}({table}, rowid, title, body) "
        f"VALUES ('delete', old.id, old.title, old.body); END",
        # One trigger for both halves of an update, so the old text always leaves first.
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON search_searchdocument "
        f"WHEN old.kind = '{kind}' OR new.kind = '{kind}' BEGIN "
        f"INSERT INTO {table}({table}, rowid, title, body) "
        f"SELECT 'delete', old.id, old.title, old.body WHERE old.kind = '{kind}'; "
        f"INSERT INTO {table}(rowid, title, body) "
        f"SELECT new.id, new.title, new.body WHERE new.kind = '{kind}'; END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def per_kind_down(kind):
    table, view = f"search_{kind}_fts", f"search_{kind}_text"
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{suffix}" for suffix in ("au", "ad", "ai")),
        f"DROP TABLE IF EXISTS {table}",
        f"DROP VIEW IF EXISTS {view}",
    ]


UP = SHARED_DOWN + [s for kind in KINDS for s in per_kind_up(kind)]
DOWN = [s for kind in KINDS for s in per_kind_down(kind)] + SHARED_UP


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0003_starter_synonyms")]

    operations = [migrations.RunPython(run(UP), run(DOWN))]
