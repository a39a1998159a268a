"""The HTML export: one self-contained file that needs no network and keeps data inert."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builders import PAYLOADS, payload_records, sample_records
from coopmap.formats import html as html_export
from page_data import decode_records, page_payloads


def test_write_makes_one_self_contained_file(tmp_path: Path) -> None:
    path = html_export.write(sample_records(), tmp_path / "map.html", title="Projects")
    assert path == tmp_path / "map.html"
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Projects</title>" in page
    assert not re.search(r"<(script|img|iframe)[^>]*\bsrc=", page)
    assert "<link" not in page
    assert "tile.openstreetmap.org" not in page
    assert "Leaflet 1.9.3" in page
    assert "coopmap.install(" in page


def test_the_page_forbids_itself_any_request(tmp_path: Path) -> None:
    page = html_export.write(sample_records(), tmp_path / "map.html").read_text("utf-8")
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert "default-src 'none'" in policy
    assert "img-src data:;" in policy
    # The policy must come before anything it governs.
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_osm_tiles_are_the_only_thing_fetched_when_asked_for(tmp_path: Path) -> None:
    page = html_export.write(sample_records(), tmp_path / "map.html", tiles="osm").read_text()
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert "img-src data: https://tile.openstreetmap.org;" in policy
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in page


def test_every_record_is_in_the_file(tmp_path: Path) -> None:
    records = sample_records()
    page = html_export.write(records, tmp_path / "map.html").read_text("utf-8")
    layers = [p for p in page_payloads(page) if isinstance(p, dict) and "cols" in p]
    assert {r["id"] for layer in layers for r in decode_records(layer)} == {r.id for r in records}


@pytest.mark.parametrize("text", PAYLOADS)
def test_payloads_come_out_literal_and_inert(tmp_path: Path, text: str) -> None:
    page = html_export.write(payload_records(), tmp_path / "map.html", title=text).read_text()
    for payload in PAYLOADS:
        assert payload not in page
    assert page.count("<script") == 3
    decoded = json.dumps(page_payloads(page), ensure_ascii=False)
    for payload in PAYLOADS:
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in decoded


def test_a_page_of_many_records_carries_them_in_a_json_data_element(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = html_export.render(payload_records(), title="Small")
    assert '<script type="application/json"' not in small
    monkeypatch.setattr(html_export, "DATA_BLOCK_FROM", 1)
    page = html_export.render(payload_records(), title="Many")
    # What draws the records, and their attributes in an element read when first shown.
    [element, columns] = re.findall(r'<script type="application/json" id="(\w+)">', page)
    assert f'coopmap.store(coopmap.data("{element}")' in page
    assert columns == f"{element.removesuffix('_data')}_cols"
    for text in PAYLOADS:  # nothing comes out raw, nothing closes the element early
        assert text not in page
    assert page.count("</script>") == page.count("<script")
    values = [p for p in page_payloads(page) if isinstance(p, dict)]
    assert {"glFrom": 10_000, "columns": columns} in values  # the store's options
    [store] = [p for p in values if "pt" in p]
    assert "cols" not in store
    [cols] = [p for p in values if set(p) == {"cols"}]
    [records] = [decode_records({**store, **cols})]
    assert sorted(r["title"] for r in records) == sorted(r.title for r in payload_records())
