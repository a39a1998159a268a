"""The record form's state machine without Streamlit (coopmap.editing.session): a plain dict
stands for the session state."""

from __future__ import annotations

from coopmap.dates import DatePrecision
from coopmap.editing import FormSession, build_record, vertex_count
from coopmap.model import Event, Project

RAILWAY = Project(
    id="pj-lrt",
    title="Astana light railway",
    sectors=["transport"],
    status="under_construction",
    start="2015-05",
    countries=["KZ"],
    organisations=[{"name": "China Railway Group", "role": "contractor"}],
    amount={"value": 1.9e9, "currency": "USD"},
)


def rows_of(session: FormSession):
    return session.starting_rows  # the tables as opened, unedited


def test_opening_a_record_gives_back_the_same_record_unchanged():
    session = FormSession({})
    session.open(RAILWAY, version=3)
    assert session.base() == RAILWAY
    assert session.version == 3
    assert session.get("title") == "Astana light railway"
    assert session.date("start").precision is DatePrecision.MONTH
    values = session.values(rows_of(session), new_location=None)
    result = build_record(values, base=session.base())
    assert result.ok, result.errors
    assert result.record.to_dict() == RAILWAY.to_dict()


def test_each_opening_starts_a_new_generation_of_widget_keys():
    state: dict = {}
    session = FormSession(state)
    session.open(RAILWAY, version=1)
    first = session.key("title")
    state[first] = "typed but not saved"
    session.open(None, version=None, kind="event")
    assert session.key("title") != first
    assert session.get("title") == ""
    assert session.get("kind") == "event"
    assert session.base() is None
    assert session.version is None


def test_a_drawing_is_taken_once_and_can_be_discarded():
    session = FormSession({})
    session.open(None, version=None)
    line = {"type": "LineString", "coordinates": [[71.4, 51.1], [71.5, 51.2], [71.6, 51.1]]}
    assert session.take_drawing(line)
    assert not session.take_drawing(dict(line))  # the map returns it again on every rerun
    assert session.drawing == line
    assert vertex_count(line) == 3
    session.discard_drawing()
    assert session.drawing is None
    assert not session.take_drawing(None)


def test_outcomes_and_the_conflict_message():
    session = FormSession({})
    session.open(RAILWAY, version=2)
    session.fail({})
    assert session.errors == {"record": "the record is not valid"}
    assert session.notice is None
    session.tell("Saved")
    assert session.notice == ("success", "Saved")
    message = session.conflict_message(RAILWAY, 5)
    assert "you opened version 2, the store now has version 5" in message


def test_links_keep_their_projects_as_choices_and_the_preview_draws_the_places():
    event = Event(
        id="ev-talks",
        title="Talks",
        event_type="meeting",
        links=[{"type": "discussed_at", "project": "pj-gone"}],
    )
    session = FormSession({})
    session.open(event, version=1)
    assert session.link_choices([RAILWAY]) == {
        "pj-lrt": "Astana light railway",
        "pj-gone": "pj-gone (not in the store)",
    }
    place = {
        "name": "Astana",
        "geometry": {"type": "Point", "coordinates": [71.45, 51.18]},
        "precision": "exact",
    }
    preview = session.preview(place)
    assert [location.name for location in preview.locations] == ["Astana"]
