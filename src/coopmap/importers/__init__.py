"""The place checks and the upload preview, until they move; files are read by
:mod:`coopmap.formats`."""
