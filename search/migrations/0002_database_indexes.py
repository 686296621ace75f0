"""Each database's own full-text machinery, created here and kept in sync by the database:
SQLite gets FTS5 tables (porter-stemmed words with bm25; trigrams of the vocabulary for
typos) fed by triggers; PostgreSQL gets a GIN index on the weighted vector and a GiST trigram index on the words."""

from django.db import migrations

SQLITE_UP = [
    # `kind` is indexed too, so a search for questions never scores posts (and vice versa).
    "CREATE VIRTUAL TABLE search_document_fts USING fts5(kind, title, body, "
    "content='search_searchdocument', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_document_fts(rowid, kind, title, body) "
    "VALUES (new.id, new.kind, new.title, new.body); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_document_fts(search_document_fts, rowid, kind, title, body) "
    "VALUES ('delete', old.id, old.kind, old.title, old.body); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_searchdocument BEGIN "
    "INSERT INTO search_document_fts(search_document_fts, rowid, kind, title, body) "
    "VALUES ('delete', old.id, old.kind, old.title, old.body); "
    "INSERT INTO search_document_fts(rowid, kind, title, body) "
    "VALUES (new.id, new.kind, new.title, new.body); END",
    "CREATE VIRTUAL TABLE search_term_trigram USING fts5(word, content='search_searchterm', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_term_ai AFTER INSERT ON search_searchterm BEGIN "
    "INSERT INTO search_term_trigram(rowid, word) VALUES (new.id, new.word); END",
    "CREATE TRIGGER search_term_ad AFTER DELETE ON search_searchterm BEGIN "
    "INSERT INTO search_term_trigram(search_term_trigram, rowid, word) "
    "VALUES ('delete', old.id, old.word); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_term_ad",
    "DROP TRIGGER IF EXISTS search_term_ai",
    "DROP TABLE IF EXISTS search_term_trigram",
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_document_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
    # GiST, not GIN: it returns the nearest words first (ORDER BY word <-> %s LIMIT n).
    "CREATE INDEX search_term_word_trgm ON search_searchterm USING gist (word gist_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_document_vector_gin",
]
STATEMENTS = {"sqlite": (SQLITE_UP, SQLITE_DOWN), "postgresql": (POSTGRES_UP, POSTGRES_DOWN)}


def run(direction):
    def operation(apps, schema_editor):
        up_down = STATEMENTS.get(schema_editor.connection.vendor)
        if up_down is None:
            return  # another database: search falls back to plain matching
        for statement in up_down[direction]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(0), run(1))]
