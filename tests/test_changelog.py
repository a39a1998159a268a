"""How a record's changes read on the command line and in the app."""

import datetime as dt

from coopmap.display.changelog import change_lines, field_line, shorten
from coopmap.store.base import Change, FieldChange

LONG = "Cooperation areas named by the Chinese side: capacity, farm products, energy"


def test_a_change_at_the_end_of_a_long_value_stays_visible() -> None:
    line = field_line(FieldChange("title", LONG, LONG + " (edited)"), width=40)
    old, new = line.removeprefix("title: ").split(" -> ")
    assert old.startswith("…")
    assert new.endswith(' (edited)"')
    assert old != new


def test_short_and_unset_values_show_whole() -> None:
    assert field_line(FieldChange("status", "agreed", "operating")) == (
        'status: "agreed" -> "operating"'
    )
    assert field_line(FieldChange("notes", None, "n")) == 'notes: (not set) -> "n"'
    assert shorten("x" * 100, width=10) == '"xxxxxxxx…'


def test_the_lines_of_an_update() -> None:
    change = Change(
        id="pj-1",
        version=2,
        action="updated",
        user="analyst",
        at=dt.datetime(2016, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        fields=(FieldChange("status", "agreed", "under_construction"),),
    )
    assert change_lines(change) == [
        "2016-01-02 03:04:05 UTC  analyst  updated (version 2)",
        '    status: "agreed" -> "under_construction"',
    ]
