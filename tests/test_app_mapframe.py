"""The map page's st_folium with the map worked out once (app/mapframe.py) sends the component
what streamlit-folium's own ``st_folium`` sends, run after run."""

from __future__ import annotations

from typing import Any

import folium
import pytest
import streamlit_folium
from coopmap.app import mapframe

from builders import sample_records
from coopmap.maps import build_map
from coopmap.maps.view import view_group

RETURNED = ["last_active_drawing", "center", "zoom"]


@pytest.fixture
def sent(monkeypatch):
    calls: list[dict[str, Any]] = []

    def component(**kwargs: Any) -> None:
        kwargs.pop("on_change")
        calls.append(kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    return calls


def _detach(m: folium.Map, group: folium.FeatureGroup) -> None:
    m._children.pop(group.get_name(), None)


def test_the_component_gets_what_st_folium_gives_it(sent):
    records = sample_records()
    m = build_map(records, timeline=True)
    streamlit_folium.generate_leaflet_string(m)  # names settled, as the app's maps are
    m.get_root().render()
    for shown in (records[:2], records[1:], None):
        for show in (streamlit_folium.st_folium, mapframe.show):
            group = view_group(m, shown)
            options: dict[str, Any] = {"render": False, "use_container_width": True}
            if show is mapframe.show:
                options = {}
            show(
                m,
                key="atlas",
                height=620,
                returned_objects=RETURNED,
                feature_group_to_add=group,
                **options,
            )
            _detach(m, group)
        theirs, ours = sent[-2:]
        assert ours == theirs
        assert "coopmap.view" in ours["feature_group"]
    # Each run's view is its own; the map's script is the same each time.
    assert len({call["feature_group"] for call in sent}) == 3
    assert len({call["script"] for call in sent}) == 1
