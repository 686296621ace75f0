"""Throwaway PostgreSQL databases for the benchmarks: each run gets its own, dropped after."""

import urllib.parse
import uuid


def scratch_postgres(server_url, prefix):
    """Create an empty database through `server_url`: (the new database's URL, drop())."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlsplit(server_url)._replace(path=f"/{name}").geturl(), drop
