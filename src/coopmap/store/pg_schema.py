"""The PostGIS store's tables, as numbered migrations.

:data:`MIGRATIONS` lists every change to the schema since the first, in order; a database
records the ones it has in ``schema_version``, and :mod:`coopmap.store.postgis` applies the
missing ones, all in one transaction, whenever it opens a store. A released migration is never
edited: a change to the schema is a new migration at the end.

The statements name no schema, so a store can live in any schema of a shared database: put it
first on the search path, e.g. ``postgresql://host/db?options=-csearch_path%3Datlas,public``
(PostGIS's types and functions stay where the extension was installed).

This module is plain data: it imports no database driver.
"""

from __future__ import annotations

from coopmap.store.base import Migration

__all__ = ["MIGRATIONS", "SCHEMA_VERSION_TABLE", "Migration", "latest"]

SCHEMA_VERSION_TABLE = """
CREATE TABLE schema_version (
    version integer PRIMARY KEY CHECK (version >= 1),
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""
"""Made before the first migration: one row per applied migration."""

_INITIAL = """
CREATE TABLE records (
    id text PRIMARY KEY,
    fid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind text NOT NULL CHECK (kind IN ('project', 'event')),
    title text NOT NULL,
    sectors text[] NOT NULL DEFAULT '{}',
    status text,
    event_type text,
    start_date text COLLATE "C",
    end_date text COLLATE "C",
    countries text[] NOT NULL DEFAULT '{}',
    precision text NOT NULL,
    organisations text,
    draft boolean NOT NULL DEFAULT false,
    version integer NOT NULL CHECK (version >= 1),
    updated_at timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL,
    geom geometry(Geometry, 4326)
);
COMMENT ON TABLE records IS
    'coopmap records, one row each; data is what coopmap reads, the other columns derive from it';
CREATE INDEX records_geom_idx ON records USING gist (geom);
CREATE INDEX records_sectors_idx ON records USING gin (sectors);
CREATE INDEX records_countries_idx ON records USING gin (countries);

CREATE TABLE locations (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id text NOT NULL REFERENCES records (id) ON DELETE CASCADE ON UPDATE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    precision text NOT NULL,
    country text,
    kind text NOT NULL,
    title text NOT NULL,
    sectors text[] NOT NULL DEFAULT '{}',
    status text,
    event_type text,
    start_date text COLLATE "C",
    end_date text COLLATE "C",
    draft boolean NOT NULL DEFAULT false,
    geom geometry(Geometry, 4326) NOT NULL,
    UNIQUE (record_id, position)
);
COMMENT ON TABLE locations IS 'coopmap record locations, one row each';
CREATE INDEX locations_geom_idx ON locations USING gist (geom);
CREATE INDEX locations_country_idx ON locations (country);

CREATE TABLE geocode_cache (
    key text PRIMARY KEY,
    value jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO meta VALUES ('revision', '0'), ('created_by', 'coopmap');

-- The revision goes up with every statement that changes records, whoever runs it (a GIS
-- user editing the table too), so caches keyed on it never go stale.
CREATE FUNCTION coopmap_bump_revision() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT FROM changed) THEN
        UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'revision';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER records_revision_insert AFTER INSERT ON records
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION coopmap_bump_revision();
CREATE TRIGGER records_revision_update AFTER UPDATE ON records
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION coopmap_bump_revision();
CREATE TRIGGER records_revision_delete AFTER DELETE ON records
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION coopmap_bump_revision();
"""

_HISTORY = """
CREATE TABLE history (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id text NOT NULL,
    version integer NOT NULL,
    action text NOT NULL CHECK (action IN ('added', 'updated', 'deleted', 'restored')),
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changes jsonb NOT NULL
);
COMMENT ON TABLE history IS 'every change to a coopmap record: who, when, which fields';
CREATE INDEX history_record_id_idx ON history (record_id, fid);

CREATE TABLE deleted_records (
    fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL,
    version integer NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    deleted_by text NOT NULL,
    data jsonb NOT NULL
);
COMMENT ON TABLE deleted_records IS 'deleted coopmap records, kept so they can be restored';
CREATE INDEX deleted_records_id_idx ON deleted_records (id, fid);
"""

_REVISION_ONCE = """
-- One bump per transaction, not per statement: a bulk insert runs one statement per row, and
-- updating the one revision row 100,000 times in a transaction leaves a chain of dead row
-- versions that each update walks again (100,000 records took 291 s instead of about 20).
-- The flag is local to the transaction (and to a savepoint rolled back with its changes), so
-- the next transaction bumps again; readers see the new revision when the changes commit.
CREATE OR REPLACE FUNCTION coopmap_bump_revision() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF current_setting('coopmap.revision_bumped', true) IS DISTINCT FROM 'yes'
            AND EXISTS (SELECT FROM changed) THEN
        UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'revision';
        PERFORM set_config('coopmap.revision_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "records, locations, geocode cache and revision counter", _INITIAL),
    Migration(2, "history of changes and deleted records", _HISTORY),
    Migration(3, "the revision goes up once per transaction", _REVISION_ONCE),
)
"""Every migration, in order; ``MIGRATIONS[i].version == i + 1``."""


def latest() -> int:
    """The schema version this coopmap writes."""
    return MIGRATIONS[-1].version if MIGRATIONS else 0
