"""A record is validated once on the way into a store and not again on the way out: the store's
own rows are rebuilt without validation (coopmap.model.trusted), and JSON the store did not
write that way (an older coopmap, another program) is validated and refused when invalid."""

from __future__ import annotations

import pytest

from builders import export_records, store_records
from coopmap.errors import StoreError, ValidationError
from coopmap.model import Project, record_from_dict
from coopmap.model.records import is_validated
from coopmap.model.trusted import records_from_stored
from coopmap.seed import load_seed
from coopmap.store import rows


def _records() -> list:
    """The store tests' and format tests' records, one of each id."""
    return list({record.id: record for record in [*store_records(), *export_records()]}.values())


def _refuse_validation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the store's validation fail loudly; the ids it was asked to validate."""
    asked: list[str] = []

    def refuse(data, /, *, where=None):
        asked.append(str(data.get("id")))
        raise AssertionError(f"validated {data.get('id')} again")

    monkeypatch.setattr(rows, "record_from_dict", refuse)
    return asked


def test_the_stores_own_json_builds_records_equal_to_validated_ones() -> None:
    records = [*_records(), *load_seed()]
    data = [record.to_dict() for record in records]
    rebuilt = records_from_stored(data)
    assert rebuilt == [record_from_dict(item) for item in data] == records
    assert [r.to_dict() for r in rebuilt] == data
    assert all(is_validated(record) for record in rebuilt)


def test_records_are_written_and_read_back_without_validating_them_again(
    store_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = store_factory()
    records = _records()
    asked = _refuse_validation(monkeypatch)
    assert store.add(records).written == len(records)
    read = store.records()
    assert read == records
    assert all(is_validated(record) for record in read)
    assert store.get(records[0].id) == records[0]
    assert asked == []


def test_a_copy_with_changes_skipped_validation_so_the_store_validates_it(store_factory) -> None:
    store = store_factory()
    good = Project(id="good", title="Good", sectors=["trade"])
    assert is_validated(good)
    blank = good.model_copy(update={"title": "  "})  # pydantic does not validate an update
    assert not is_validated(blank)
    with pytest.raises(ValidationError, match="good"):
        store.add(blank)
    assert store.get("good") is None


def test_stored_json_from_elsewhere_is_validated(store_factory, store_sql) -> None:
    store = store_factory()
    store.add(Project(id="old", title="Old", sectors=["trade"]))
    # as an older coopmap (or a GIS user) could have left it: a sector's name, spaces
    store_sql(
        "UPDATE records SET data = "
        """'{"kind":"project","id":"old","title":"  Old  ","sectors":["Transport"]}' """
        "WHERE id = 'old'"
    )
    record = store.get("old")
    assert record.title == "Old"
    assert [str(sector) for sector in record.sectors] == ["transport"]


def test_stored_json_that_is_no_record_is_a_store_error_naming_it(store_factory, store_sql) -> None:
    store = store_factory()
    store.add(Project(id="odd", title="Odd", sectors=["trade"]))
    store_sql(
        "UPDATE records SET data = "
        """'{"kind":"project","id":"odd","title":"Odd","sectors":["trade"],"colour":"red"}' """
        "WHERE id = 'odd'"
    )
    with pytest.raises(StoreError, match=r"stored record odd .* not valid.*colour"):
        store.records()
