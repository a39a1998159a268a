"""The GeoPackage store's tables, as numbered migrations.

:data:`MIGRATIONS` lists every change to the schema since the first, in order, like
:mod:`coopmap.store.pg_schema` does for PostGIS; a file records the version it is at in its
``meta`` table (``schema_version``), and :mod:`coopmap.store.gpkg` applies the missing
migrations, all in one transaction, whenever it opens an older file. A released migration is
never edited: a change to the schema is a new migration at the end.

Migration 1 is the whole first schema: the GeoPackage's own tables and coordinate reference
systems, coopmap's layers, and the registrations that make GDAL and QGIS see them.

This module is plain data.
"""

from __future__ import annotations

import sqlite3

from coopmap.store.base import Migration

_INITIAL = """
CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL PRIMARY KEY,
    organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    description TEXT
);
CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY,
    data_type TEXT NOT NULL,
    identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE,
    min_y DOUBLE,
    max_x DOUBLE,
    max_y DOUBLE,
    srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL,
    m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE records (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom GEOMETRY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'event')),
    title TEXT NOT NULL,
    sectors TEXT,
    status TEXT,
    event_type TEXT,
    start_date TEXT,
    end_date TEXT,
    countries TEXT,
    precision TEXT NOT NULL,
    organisations TEXT,
    draft BOOLEAN NOT NULL DEFAULT 0,
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at DATETIME NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE locations (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom GEOMETRY NOT NULL,
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE ON UPDATE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    precision TEXT NOT NULL,
    country TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    sectors TEXT,
    status TEXT,
    event_type TEXT,
    start_date TEXT,
    end_date TEXT,
    draft BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (record_id, position)
);
CREATE TABLE geocode_cache (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE TABLE meta (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER records_revision_insert AFTER INSERT ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
CREATE TRIGGER records_revision_update AFTER UPDATE ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
CREATE TRIGGER records_revision_delete AFTER DELETE ON records BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision';
    UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE table_name IN ('records', 'locations');
END;
INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
     'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
     'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326,
     'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
     || 'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
     || 'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
     || 'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('records', 'features', 'records', 'coopmap records, one feature each', 4326),
    ('locations', 'features', 'locations', 'coopmap record locations, one each', 4326),
    ('geocode_cache', 'attributes', 'geocode_cache', 'online geocoder answers', NULL);
INSERT INTO gpkg_geometry_columns VALUES
    ('records', 'geom', 'GEOMETRY', 4326, 0, 0),
    ('locations', 'geom', 'GEOMETRY', 4326, 0, 0);
INSERT INTO meta VALUES ('schema_version', '1'), ('revision', '0'), ('created_by', 'coopmap');
"""

_HISTORY = """
CREATE TABLE history (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    record_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('added', 'updated', 'deleted', 'restored')),
    changed_by TEXT NOT NULL,
    changed_at DATETIME NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX history_record_id ON history (record_id, fid);
CREATE TABLE deleted_records (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    deleted_at DATETIME NOT NULL,
    deleted_by TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX deleted_records_id ON deleted_records (id, fid);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
    ('history', 'attributes', 'history', 'every change to a coopmap record: who, when, what'),
    ('deleted_records', 'attributes', 'deleted_records', 'deleted coopmap records, restorable');
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "GeoPackage tables, records, locations, geocode cache and revision", _INITIAL),
    Migration(2, "history of changes and deleted records", _HISTORY),
)
"""Every migration, in order; ``MIGRATIONS[i].version == i + 1``."""


def latest() -> int:
    """The schema version this coopmap writes."""
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def statements(script: str, /) -> list[str]:
    """The statements of a script, one by one (triggers keep their inner semicolons).

    ``sqlite3``'s ``executescript`` would commit first; a migration runs inside a transaction.
    """
    found, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():  # the last statement may go without its semicolon
        found.append(current.strip())
    return found
