"""The app's reading of Streamlit's data-editor changes (app/editors.py)."""

from __future__ import annotations

import sys

from coopmap.paths import app_dir

sys.path.insert(0, str(app_dir()))

from editors import rows_from_editor


def test_rows_from_editor_apply_edits_deletions_and_additions():
    initial = [{"name": "CRCC", "role": "contractor"}, {"name": "Old", "role": "partner"}]
    changes = {
        "edited_rows": {0: {"role": "funder"}},
        "deleted_rows": [1],
        "added_rows": [{"name": "Astana LRT LLP", "role": "owner", "_index": 5}],
    }
    assert rows_from_editor(initial, changes) == [
        {"name": "CRCC", "role": "funder"},
        {"name": "Astana LRT LLP", "role": "owner"},
    ]
    assert rows_from_editor(initial, None) == initial
    # Streamlit keeps the edited row positions as strings in some versions.
    assert rows_from_editor(initial, {"edited_rows": {"1": {"name": "New"}}})[1]["name"] == "New"
