import pytest
import shapely
from shapely.geometry import shape

from coopmap.errors import DateError, UnknownSectorError, UnknownStatusError, ValidationError
from coopmap.model import Event, Project, point_from_latlon, record_from_dict, validate_update
from coopmap.taxonomy import Precision, Sector, Status

ASTANA = {
    "name": "Astana",
    "geometry": {"type": "Point", "coordinates": [71.44598, 51.1801]},
    "precision": "city",
    "country": "KZ",
    "gazetteer_id": 1526273,
}


def railway(**changes):
    data = {
        "kind": "project",
        "id": "pj-lrt",
        "title": "Astana light railway",
        "sectors": ["transport"],
        "status": "agreed",
        "countries": ["KZ"],
        "locations": [ASTANA],
        "start": "2015",
        "organisations": [{"name": "China Railway Group", "role": "contractor"}],
        "specs": [{"key": "length", "value": 22.4, "unit": "km"}, {"key": "stations", "value": 18}],
        "amount": {"value": 1.9e9, "currency": "usd"},
        "sources": [{"title": "A report", "url": "https://example.org/a"}],
    }
    return {**data, **changes}


def test_project_round_trips_through_dict():
    project = record_from_dict(railway())
    assert isinstance(project, Project)
    assert project.status is Status.AGREED
    assert project.amount.currency == "USD"
    assert [str(s) for s in project.specs] == ["22.4 km", "18"]
    assert record_from_dict(project.to_dict()) == project


def test_geo_interface_is_a_geojson_feature():
    project = record_from_dict(railway())
    feature = project.__geo_interface__
    assert feature["type"] == "Feature"
    assert feature["id"] == "pj-lrt"
    assert shape(feature["geometry"]).equals(shapely.Point(71.44598, 51.1801))
    assert feature["properties"]["title"] == "Astana light railway"
    assert feature["properties"]["precision"] == "city"
    assert "geometry" not in feature["properties"]["locations"][0]
    assert shape(project).equals(shapely.Point(71.44598, 51.1801))


def test_several_locations_make_a_collection_and_lines_stay_lines():
    route = {
        "name": "route",
        "geometry": {"type": "LineString", "coordinates": [[71.40, 51.10], [71.47, 51.17]]},
        "precision": "exact",
        "geometry_source": "drawn",
    }
    project = record_from_dict(railway(locations=[ASTANA, route]))
    assert project.geometry.geom_type == "GeometryCollection"
    assert project.precision is Precision.EXACT
    assert [f["geometry"]["type"] for f in project.location_features()] == ["Point", "LineString"]


def test_event_with_dates_and_links():
    event = record_from_dict(
        {
            "kind": "event",
            "title": "Second World Internet Conference",
            "event_type": "conference",
            "start": "2015-12-16",
            "end": "2015-12-18",
            "links": [{"type": "announced_at", "project": "pj-lrt"}],
        }
    )
    assert isinstance(event, Event)
    assert event.id.startswith("second-world-internet-conference-")
    assert str(event.end) == "2015-12-18"


def test_unknown_sector_lists_the_valid_ones():
    with pytest.raises(UnknownSectorError) as info:
        record_from_dict(railway(sectors=["steel"]))
    message = str(info.value)
    assert "pj-lrt" in message
    assert "sectors" in message
    assert "'steel'" in message
    assert all(s.value in message for s in Sector)


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"status": "built"}, UnknownStatusError, "status"),
        ({"start": "sometime"}, DateError, "start"),
        ({"title": "   "}, ValidationError, "title"),
        ({"countries": ["XX"]}, ValidationError, "countries.0"),
        ({"sectors": []}, ValidationError, "sectors"),
        ({"amount": {"value": 3, "currency": "ZZZ"}}, ValidationError, "amount.currency"),
        ({"start": "2016", "end": "2015"}, ValidationError, "end"),
        (
            {"sources": [{"title": "x", "url": "javascript:alert(1)"}]},
            ValidationError,
            "sources.0.url",
        ),
        (
            {
                "locations": [
                    {**ASTANA, "geometry": {"type": "Point", "coordinates": [51.18, 171.4]}}
                ]
            },
            ValidationError,
            "locations.0.geometry",
        ),
        (
            {
                "locations": [
                    {
                        **ASTANA,
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]],
                        },
                    }
                ]
            },
            ValidationError,
            "locations.0.geometry",
        ),
    ],
)
def test_invalid_fields_name_record_field_and_reason(changes, error, field):
    with pytest.raises(error) as info:
        record_from_dict(railway(**changes), where="row 7")
    assert info.value.record.startswith("row 7")
    assert info.value.field == field
    assert info.value.reason


def test_unknown_kind_is_an_error():
    with pytest.raises(ValidationError, match="kind"):
        record_from_dict({"title": "x"})


def test_point_from_latlon_checks_ranges_and_order():
    assert point_from_latlon(51.18, 71.45).coords[0] == (71.45, 51.18)
    with pytest.raises(ValidationError, match="latitude"):
        point_from_latlon(95, 10)


def test_validate_update_revalidates():
    project = record_from_dict(railway())
    assert validate_update(project, status="under construction").status is Status.UNDER_CONSTRUCTION
    with pytest.raises(UnknownSectorError):
        validate_update(project, sectors=["nope"])


def test_polygons_are_stored_with_rfc7946_winding():
    clockwise = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    project = record_from_dict(
        railway(locations=[{"name": "Block", "geometry": clockwise, "precision": "exact"}])
    )
    assert project.locations[0].geometry.exterior.is_ccw
    assert record_from_dict(project.to_dict()) == project


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"amount": {"value": float("inf"), "currency": "USD"}}, "amount.value", "finite number"),
        ({"amount": {"value": float("nan"), "currency": "USD"}}, "amount.value", "finite number"),
        (
            {"specs": [{"key": "length", "value": float("-inf")}]},
            "specs.0.value",
            "-inf is not a finite number",
        ),
        (
            {"locations": [{**ASTANA, "geometry": {"type": "Point", "coordinates": [1e999, 51]}}]},
            "locations.0.geometry",
            "coordinates must be finite numbers, not NaN or infinity",
        ),
        ({"notes": "before\x00after"}, "notes", "contains a NUL character"),
        ({"title": "Astana\x00"}, "title", "contains a NUL character"),
        ({"sources": [{"title": "A", "publisher": "\x00"}]}, "sources.0.publisher", "NUL"),
        ({"organisations": [{"name": "CRG\x00"}]}, "organisations.0.name", "NUL"),
        ({"specs": [{"key": "gauge", "value": "1\x00435"}]}, "specs.0.value", "NUL"),
    ],
)
def test_non_finite_numbers_and_nul_characters_are_refused(changes, field, reason):
    with pytest.raises(ValidationError) as info:
        record_from_dict(railway(**changes))
    assert info.value.field == field
    assert reason in info.value.reason


def test_nul_in_an_event_outcome_is_refused():
    with pytest.raises(ValidationError) as info:
        record_from_dict(
            {"kind": "event", "title": "Talks", "event_type": "talks", "outcomes": ["a\x00b"]}
        )
    assert info.value.field == "outcomes"


def test_point_from_latlon_refuses_non_finite_numbers():
    with pytest.raises(ValidationError) as info:
        point_from_latlon(51.18, float("nan"))
    assert (info.value.field, info.value.reason) == ("lon", "nan is not a finite number")


def test_tags_are_lower_case_labels_kept_once():
    project = Project(title="Plant", sectors=["energy"], tags="Umbrella; umbrella | gcdf:v3")
    assert project.tags == ["umbrella", "gcdf:v3"]
    assert record_from_dict(project.to_dict()) == project
    with pytest.raises(ValidationError, match="'a b' is not a tag") as caught:
        record_from_dict({"kind": "project", "title": "P", "sectors": ["energy"], "tags": ["a b"]})
    assert caught.value.field == "tags.0"  # the first tag
