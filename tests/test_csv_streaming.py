"""CSV files are read line by line, never held whole: the rows come as they are read, with
every line ending people's files have, and a broken byte is named by its line."""

from __future__ import annotations

import pytest

from coopmap.errors import RecordImportError
from coopmap.formats import csv as csv_format
from coopmap.formats import read_file

HEADER = b"id,title,sectors\n"


def test_rows_come_as_the_file_is_read(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(HEADER + b"pj-a,A,energy\npj-b,B,energy\npj-c,C\xff,energy\n")
    found = csv_format.rows(path)
    first = next(found)
    assert first.record.id == "pj-a"
    assert next(found).record.id == "pj-b"
    with pytest.raises(RecordImportError, match=r"not UTF-8 text .* on line 4, byte 7 of the line"):
        next(found)


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + HEADER + b'pj-a,A,energy\npj-b,"B\nC",energy\n',
        b'id,title,sectors\r\npj-a,A,energy\r\npj-b,"B\r\nC",energy\r\n',
        b'id,title,sectors\rpj-a,A,energy\rpj-b,"B\rC",energy\r',
        b'id;title;sectors\npj-a;A;energy\npj-b;"B\nC";energy',
    ],
    ids=["bom", "crlf", "cr", "semicolons-no-final-newline"],
)
def test_every_line_ending_and_a_byte_order_mark(tmp_path, content):
    path = tmp_path / "sheet.csv"
    path.write_bytes(content)
    reading = read_file(path, check_places=False)
    assert not reading.problems
    assert [(r.id, r.title) for r in reading.records] == [("pj-a", "A"), ("pj-b", "B C")]
