"""The record-editing rules, without Streamlit (coopmap.editing)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import shapely

from coopmap.dates import DatePrecision, PartialDate
from coopmap.editing import (
    LINK_COLUMNS,
    DateParts,
    FormValues,
    amount_of,
    amount_texts,
    build_record,
    current_status,
    drawn_location,
    editor_rows,
    link_rows,
    link_type_label,
    links_of,
    organisation_rows,
    outcomes_of,
    outcomes_text,
    parse_number,
    participant_rows,
    place_location,
    project_labels,
    source_rows,
    spec_rows,
    status_history_of,
    status_rows,
)
from coopmap.errors import DateError, ValidationError
from coopmap.model import Amount, Event, Project, Source, StatusChange, validate_update
from coopmap.places import Place
from coopmap.taxonomy import GeometrySource, Precision

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
PAYLOADS = [
    "{{ 7*7 }}",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "${alert(1)}",
]


def project(**changes: Any) -> FormValues:
    values: dict[str, Any] = {
        "kind": "project",
        "title": "Astana light railway",
        "sectors": ["transport", "construction"],
        "status": "under_construction",
        "start": DateParts(MONTH, 2015, 5),
        "countries": ["KZ"],
    }
    return FormValues(**{**values, **changes})


TALKS = FormValues(kind="event", title="Talks", event_type="talks")


# --- dates ---------------------------------------------------------------------------------------


def test_a_date_keeps_the_precision_chosen_and_never_invents_a_day():
    assert DateParts(YEAR, 2015).to_date() == PartialDate(2015)
    assert str(DateParts(MONTH, 2015, 5).to_date()) == "2015-05"
    assert str(DateParts(DAY, 2015, 5, 7).to_date()) == "2015-05-07"
    # Parts finer than the precision (left in the form after narrowing it) are dropped.
    assert str(DateParts(MONTH, 2015, 5, 17).to_date()) == "2015-05"
    assert str(DateParts(YEAR, 2015, 5, 17).to_date()) == "2015"
    assert DateParts().to_date() is None
    assert DateParts(None, 2015, 5).to_date() is None


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        (DateParts(YEAR), "enter a year"),
        (DateParts(MONTH, 2015), "choose a month"),
        (DateParts(DAY, 2015, 2), "enter a day"),
        (DateParts(DAY, 2015, 2, 30), "day 30 is not in 2015-02 (1 to 28)"),
        (DateParts(MONTH, 2015, 13), "month 13 is not between 1 and 12"),
    ],
)
def test_an_incomplete_or_impossible_date_says_what_is_missing(parts, reason):
    with pytest.raises(DateError) as caught:
        parts.to_date()
    assert caught.value.reason == reason


def test_date_parts_of_a_stored_date_round_trip():
    for text in ("2015", "2015-05", "2015-05-07"):
        parts = DateParts.of(text)
        assert parts.precision == PartialDate.parse(text).precision
        assert str(parts.to_date()) == text
    assert DateParts.of(None) == DateParts()


# --- rows from data editors ----------------------------------------------------------------------


def test_editor_rows_become_organisations_specs_participants_sources():
    assert organisation_rows(
        [
            {"name": " CRCC ", "role": "contractor"},
            {"name": "", "role": None},  # the blank row a dynamic editor shows
            {"name": "Astana LRT LLP", "role": float("nan")},
        ]
    ) == [{"name": "CRCC", "role": "contractor"}, {"name": "Astana LRT LLP"}]
    assert spec_rows(
        [
            {"key": "length", "value": "22.4", "unit": "km"},
            {"key": "stations", "value": "18", "unit": None},
            {"key": "gauge", "value": "standard", "unit": ""},
            {"key": "cost", "value": "inf"},
        ]
    ) == [
        {"key": "length", "value": 22.4, "unit": "km"},
        {"key": "stations", "value": 18},
        {"key": "gauge", "value": "standard"},
        {"key": "cost", "value": "inf"},
    ]
    assert participant_rows([{"name": "Karim Massimov", "kind": "person", "country": "kz"}]) == [
        {"name": "Karim Massimov", "kind": "person", "country": "KZ"}
    ]
    assert source_rows([{"title": "Report", "url": " https://example.org/r ", "date": None}]) == [
        {"title": "Report", "url": "https://example.org/r"}
    ]


# --- records from form values --------------------------------------------------------------------


def test_a_valid_project():
    result = build_record(
        project(
            organisations=[{"name": "CRCC", "role": "contractor"}, {"name": "", "role": None}],
            specs=[{"key": "length", "value": "22.4", "unit": "km"}],
            sources=[{"title": "Report", "url": "https://example.org/report", "date": "2016-01"}],
            notes="  first phase  ",
        )
    )
    assert result.ok, result.errors
    record = result.record
    assert isinstance(record, Project)
    assert record.id.startswith("astana-light-railway-")
    assert record.sectors == ["transport", "construction"]
    assert record.status == "under_construction"
    assert str(record.start) == "2015-05"
    assert record.start.precision == MONTH
    assert record.end is None
    assert [(o.name, o.role) for o in record.organisations] == [("CRCC", "contractor")]
    assert str(record.specs[0]) == "22.4 km"
    assert record.sources[0].url == "https://example.org/report"
    assert record.notes == "first phase"


def test_a_valid_event():
    result = build_record(
        FormValues(
            kind="event",
            title="Li Keqiang and Karim Massimov hold talks in Beijing",
            event_type="talks",
            start=DateParts(DAY, 2015, 12, 14),
            participants=[
                {"name": "Karim Massimov", "kind": "person", "role": "prime minister"},
                {"name": "", "kind": None},
            ],
            # Project fields left in the form are ignored for an event.
            status="operating",
            organisations=[{"name": "CRCC"}],
        )
    )
    assert result.ok, result.errors
    assert isinstance(result.record, Event)
    assert result.record.event_type == "talks"
    assert str(result.record.start) == "2015-12-14"
    assert [p.name for p in result.record.participants] == ["Karim Massimov"]


def test_every_problem_is_reported_by_field_at_once():
    result = build_record(
        project(
            title="   ",
            sectors=["railways"],
            status="finished",
            start=DateParts(DAY, 2015, 2, 30),
            sources=[{"title": "Report", "url": "javascript:alert(1)"}],
            organisations=[{"role": "boss"}],
        )
    )
    assert result.record is None
    assert not result.ok
    errors = result.errors
    assert set(errors) == {"title", "sectors", "status", "start", "sources", "organisations"}
    assert errors["title"] == "must not be empty"
    assert errors["sectors"].startswith("unknown sector 'railways'; valid: transport, ict,")
    assert errors["status"].startswith("unknown status 'finished'; valid: announced,")
    assert errors["start"] == "day 30 is not in 2015-02 (1 to 28)"
    assert errors["sources"] == (
        "row 1, url: a source link must start with http://, https://, urn: or doi:"
    )
    assert "row 1, name: required" in errors["organisations"]
    assert "row 1, role: Input should be 'contractor'" in errors["organisations"]


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        (project(sectors=[]), "sectors", "a project needs at least one sector"),
        (project(end=DateParts(YEAR, 2014)), "end", "end 2014 is before start 2015-05"),
        (FormValues(kind="event", title="Talks"), "event_type", "required"),
        (project(countries=["XX"]), "countries", "'XX' is not an ISO 3166-1 alpha-2"),
        (project(specs=[{"key": "length", "unit": "km"}]), "specs", "row 1, value: required"),
        (project(status_date=DateParts(YEAR)), "status_date", "enter a year"),
        (FormValues(kind="plan", title="x"), "kind", "choose project or event"),
    ],
)
def test_field_errors(values, field, reason):
    result = build_record(values)
    assert result.record is None
    assert reason in result.errors[field], result.errors


def test_text_that_looks_like_code_is_kept_as_it_was_typed():
    text = " ".join(PAYLOADS)
    result = build_record(
        project(
            title=text,
            notes=text,
            organisations=[{"name": payload, "role": "partner"} for payload in PAYLOADS],
        )
    )
    assert result.ok, result.errors
    assert result.record.title == text
    assert result.record.notes == text
    assert [o.name for o in result.record.organisations] == PAYLOADS


def test_editing_keeps_the_id_and_what_the_form_does_not_show():
    stored = build_record(project()).record
    stored = validate_update(stored, amount={"value": 1.9e9, "currency": "USD"})
    values = FormValues.of(stored)
    assert values.start == DateParts(MONTH, 2015, 5)
    edited = build_record(replace(values, title="Astana LRT, phase 1"), base=stored)
    assert edited.ok, edited.errors
    assert edited.record.id == stored.id  # the id does not follow the new title
    assert edited.record.title == "Astana LRT, phase 1"
    assert edited.record.amount == stored.amount


def test_a_stored_record_keeps_its_kind():
    stored = build_record(project()).record
    values = replace(FormValues.of(stored), kind="event")
    result = build_record(values, base=stored)
    assert result.errors["kind"] == "a stored project cannot become an event"


def test_every_seed_record_survives_the_form_unchanged():
    from coopmap.seed import load_seed

    for record in load_seed():
        result = build_record(FormValues.of(record), base=record)
        assert result.ok, (record.id, result.errors)
        assert result.record == record


def test_editor_rows_of_a_record_fill_the_editors():
    stored = build_record(project(specs=[{"key": "length", "value": "22.4", "unit": "km"}])).record
    rows = editor_rows(stored)
    assert rows["specs"] == [{"key": "length", "value": "22.4", "unit": "km"}]
    assert rows["organisations"] == []
    assert rows["participants"] == []
    assert editor_rows(None) == {
        "organisations": [],
        "participants": [],
        "specs": [],
        "sources": [],
    }


# --- amount, outcomes and links ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,900,000,000", 1.9e9),
        ("1 900 000 000", 1.9e9),
        ("1\u202f900\u00a0000", 1_900_000),
        ("1_000_000", 1e6),
        ("1'000'000", 1e6),
        ("1.9e9", 1.9e9),
        ("250000.50", 250000.5),
        ("1,234,567.891", 1234567.891),
        ("-5", -5),
    ],
)
def test_a_sum_is_read_as_people_type_it(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,5", "use a dot for decimals and commas only between thousands"),
        ("12,34,567", "use a dot for decimals and commas only between thousands"),
        ("1,9000", "use a dot for decimals and commas only between thousands"),
        ("two million", "is not a number; enter digits"),
        ("{{ 7*7 }}", "is not a number; enter digits"),
        ("", "is not a number; enter digits"),
        ("inf", "is not a finite number"),
        ("nan", "is not a finite number"),
    ],
)
def test_a_sum_that_is_not_a_plain_number_is_refused(text, reason):
    with pytest.raises(ValueError, match="is not") as caught:
        parse_number(text)
    assert reason in str(caught.value)
    assert repr(text) in str(caught.value)


def test_the_amount_fields_give_an_amount_or_nothing():
    assert amount_of("2,000,000,000", " usd ") == ({"value": 2e9, "currency": "USD"}, {})
    assert amount_of("  ", "") == (None, {})


@pytest.mark.parametrize(
    ("value", "currency", "errors"),
    [
        (
            "-5",
            "XYZ",
            {
                "amount": "an amount cannot be negative (-5)",
                "currency": "'XYZ' is not an ISO 4217 currency code",
            },
        ),
        ("", "KZT", {"amount": "enter the amount in KZT, or clear the currency"}),
        ("100", "", {"currency": "give the amount's currency as an ISO 4217 code: USD, CNY, KZT…"}),
    ],
)
def test_a_bad_amount_is_refused_by_field(value, currency, errors):
    assert amount_of(value, currency) == (None, errors)


def test_a_sum_with_a_decimal_comma_is_refused_not_read_as_fifteen():
    amount, errors = amount_of("1,5", "USD")
    assert amount is None
    assert set(errors) == {"amount"}
    assert errors["amount"].startswith("'1,5' is not a number")


@pytest.mark.parametrize("value", [1.9e9, 1234567.891, 250000.5, 0.5, 1e-7, 0, 1e21])
def test_a_stored_amount_reads_back_to_the_same_value(value):
    text, currency = amount_texts(Amount(value=value, currency="CNY"))
    assert currency == "CNY"
    assert parse_number(text) == value
    assert amount_of(text, currency) == ({"value": value, "currency": "CNY"}, {})


def test_an_amount_shows_with_thousands_separators():
    assert amount_texts(Amount(value=1.9e9, currency="USD")) == ("1,900,000,000", "USD")
    assert amount_texts(Amount(value=2500.75, currency="KZT")) == ("2,500.75", "KZT")
    assert amount_texts(None) == ("", "")


def test_outcomes_are_the_non_blank_lines_tidied():
    assert outcomes_of("Loan agreed.\n\n  Contract   signed. \r\n\t\n") == [
        "Loan agreed.",
        "Contract signed.",
    ]
    assert outcomes_of("  \n") == []
    assert outcomes_of(outcomes_text(PAYLOADS)) == PAYLOADS


def test_project_labels_are_titles_in_title_order_with_ids_where_titles_repeat():
    records = [
        build_record(project(title="Shymkent refinery")).record,
        build_record(project(title="astana light railway")).record,
        build_record(TALKS).record,
    ]
    twin = build_record(project(title="Shymkent refinery")).record.model_copy(
        update={"id": "pj-shymkent-2"}
    )
    labels = project_labels([*records, twin], also=["pj-gone", records[0].id])
    first, lower = records[0].id, records[1].id
    assert list(labels) == [lower, "pj-shymkent-2", first, "pj-gone"]
    assert labels[lower] == "astana light railway"
    assert labels[first] == f"Shymkent refinery ({first})"
    assert labels["pj-shymkent-2"] == "Shymkent refinery (pj-shymkent-2)"
    assert labels["pj-gone"] == "pj-gone (not in the store)"  # events are never offered
    assert project_labels([]) == {}


def test_link_rows_become_links():
    rows = [
        {"type": "signed_at", "project": "pj-astana-light-rail"},
        {"type": None, "project": float("nan")},  # the blank row a dynamic editor shows
        {"type": "announced_at", "project": " pj-automobile-assembly "},
    ]
    links, errors = links_of(rows, projects={"pj-astana-light-rail", "pj-automobile-assembly"})
    assert errors == {}
    assert links == [
        {"type": "signed_at", "project": "pj-astana-light-rail"},
        {"type": "announced_at", "project": "pj-automobile-assembly"},
    ]
    assert links_of([], projects=set()) == ([], {})


def test_bad_link_rows_are_reported_by_row_and_give_no_links():
    rows = [
        {"type": "signed_at", "project": "pj-astana-light-rail"},
        {"type": "x", "project": "nope"},
        {"type": None, "project": "pj-astana-light-rail"},
        {"type": "signed_at", "project": None},
    ]
    links, errors = links_of(rows, projects={"pj-astana-light-rail": "Astana light railway"})
    assert links == []
    assert errors == {
        "links": "row 2: unknown link type 'x'; row 2: no stored project has the id 'nope'; "
        "row 3: choose how the event relates to the project; row 4: choose the project"
    }
    # Without the stored projects any id is taken; the type is still checked.
    assert links_of([{"type": "discussed_at", "project": "nope"}]) == (
        [{"type": "discussed_at", "project": "nope"}],
        {},
    )


def test_an_events_links_fill_the_links_editor():
    event = build_record(replace(TALKS, links=[{"type": "discussed_at", "project": "pj-gone"}]))
    assert link_rows(event.record) == [{"type": "discussed_at", "project": "pj-gone"}]
    assert link_rows(build_record(project()).record) == []
    assert link_rows(None) == []
    assert [link_type_label(value) for value in LINK_COLUMNS] == ["type", "project"]
    assert link_type_label("progress_reported_at") == "progress reported at"


def test_a_projects_amount_is_set_changed_and_cleared_through_the_form():
    stored = build_record(project(amount=("1,900,000,000", "usd"))).record
    assert (stored.amount.value, stored.amount.currency) == (1.9e9, "USD")
    values = FormValues.of(stored)
    assert values.amount == ("1,900,000,000", "USD")
    changed = build_record(replace(values, amount=("2.5e9", "CNY")), base=stored).record
    assert (changed.amount.value, changed.amount.currency) == (2.5e9, "CNY")
    assert build_record(replace(values, amount=("", "")), base=stored).record.amount is None


def test_a_bad_amount_is_reported_with_the_other_problems_and_gives_no_record():
    result = build_record(project(title="", amount=("1,5", "")))
    assert result.record is None
    assert set(result.errors) == {"title", "amount", "currency"}


def test_an_events_outcomes_and_links_are_set_through_the_form():
    values = FormValues(
        kind="event",
        title="Light rail loan agreed",
        event_type="signing",
        outcomes="Loan agreed.\n\n  Contract   signed. \n",
        links=[{"type": "signed_at", "project": "pj-astana-light-rail"}, {"type": None}],
        amount=("not read for an event", ""),
    )
    result = build_record(values, projects={"pj-astana-light-rail"})
    assert result.ok, result.errors
    assert result.record.outcomes == ["Loan agreed.", "Contract signed."]
    assert [(link.type, link.project) for link in result.record.links] == [
        ("signed_at", "pj-astana-light-rail")
    ]
    # Opened again, emptied: both go.
    reopened = FormValues.of(result.record)
    assert reopened.outcomes == "Loan agreed.\nContract signed."
    assert reopened.links == [{"type": "signed_at", "project": "pj-astana-light-rail"}]
    emptied = replace(reopened, outcomes="", links=[])
    cleared = build_record(emptied, base=result.record, projects=set()).record
    assert (cleared.outcomes, cleared.links) == ([], [])


def test_a_link_to_a_project_not_stored_is_refused():
    values = replace(TALKS, links=[{"type": "discussed_at", "project": "pj-gone"}])
    result = build_record(values, projects={"pj-astana-light-rail"})
    assert result.record is None
    assert result.errors == {"links": "row 1: no stored project has the id 'pj-gone'"}


def test_an_outcome_the_model_refuses_is_reported_under_outcomes():
    result = build_record(replace(TALKS, outcomes="Loan\x00 agreed"))
    assert result.record is None
    assert set(result.errors) == {"outcomes"}
    assert "contains a NUL character" in result.errors["outcomes"]


# --- status history ------------------------------------------------------------------------------

REPORT = {"title": "Capacity cooperation report", "url": "https://example.org/report"}


def history_row(status: Any, since: Any = None, title: Any = None, link: Any = None) -> dict:
    return {"status": status, "since": since, "source_title": title, "source_link": link}


def with_history(**changes: Any) -> Project:
    """A stored project whose history is announced 2015-05 (with a source), agreed 2015-12."""
    values = project(
        status="agreed",
        status_history=[
            history_row("announced", "2015-05", REPORT["title"], REPORT["url"]),
            history_row("agreed", "2015-12"),
        ],
        **changes,
    )
    result = build_record(values)
    assert result.ok, result.errors
    return result.record


def test_history_rows_become_status_changes_oldest_first():
    rows = [
        history_row("announced", " 2015-05 ", f" {REPORT['title']} ", REPORT["url"]),
        history_row(None, "", "  ", float("nan")),  # the blank row a dynamic editor shows
        history_row("Under construction", "2016", "Site visit"),  # a label reads as its status
        history_row("operating", "2017-09-01", "Opening", "doi:10.1000/xyz"),
    ]
    changes, errors = status_history_of(rows)
    assert errors == {}
    assert changes == [
        StatusChange(status="announced", date="2015-05", source=REPORT),
        StatusChange(status="under_construction", date="2016", source={"title": "Site visit"}),
        StatusChange(
            status="operating",
            date="2017-09-01",
            source={"title": "Opening", "url": "doi:10.1000/xyz"},
        ),
    ]
    assert changes[0].date.precision == MONTH  # no day made up
    # The first entry may be undated and have no source; nothing at all is no history.
    assert status_history_of([history_row("announced")]) == ([StatusChange(status="announced")], {})
    assert status_history_of([history_row(None), {}]) == ([], {})


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [history_row("announced", "2015"), history_row("agreed", "2016-13")],
            "status history row 2: since: '2016-13' is not a date: month 13 is not between 1 "
            "and 12",
        ),
        (
            [history_row("agreed", "spring 2016")],
            "status history row 1: since: 'spring 2016' is not a date; write YYYY, YYYY-MM or "
            "YYYY-MM-DD",
        ),
        (
            [history_row("agreed", "2016", "Report", "javascript:alert(1)")],
            "status history row 1: source link: a source link must start with http://, "
            "https://, urn: or doi:",
        ),
        (
            [history_row("agreed", "2016", None, "https://example.org")],
            "status history row 1: source title: give the title of the source the link points to",
        ),
        (
            [history_row(None, "2016", "Report"), history_row("finished", "2017")],
            "status history row 1: status: choose the status; status history row 2: status: "
            "unknown status 'finished'; valid: announced, agreed,",
        ),
        (
            [history_row("agreed", "2016-05"), history_row("operating", "2016-03")],
            "status history: entry 2 (operating, 2016-03) is dated before the entry above it "
            "(agreed, 2016-05); list the history oldest first",
        ),
        (
            [history_row("agreed", "2016"), history_row("operating")],
            "status history: entry 2 (operating) needs a date",
        ),
    ],
)
def test_bad_history_rows_are_reported_by_row_and_field_and_give_no_history(rows, message):
    changes, errors = status_history_of(rows)
    assert changes == []
    assert list(errors) == ["status_history"]
    assert errors["status_history"].startswith(message)


def test_a_row_naming_a_known_source_keeps_what_the_editor_does_not_show():
    full = {**REPORT, "publisher": "Xinhua", "date": "2015-12"}
    rows = [history_row("agreed", "2016", REPORT["title"], REPORT["url"])]
    [change], _ = status_history_of(rows, sources=[full])
    assert change.source == Source(**full)
    # Another link is another source: only what the row says.
    rows = [history_row("agreed", "2016", REPORT["title"], "https://example.org/other")]
    [change], _ = status_history_of(rows, sources=[full])
    assert change.source == Source(title=REPORT["title"], url="https://example.org/other")


def test_every_seed_projects_history_reads_back_from_its_rows():
    from coopmap.seed import load_seed

    projects = [record for record in load_seed() if isinstance(record, Project)]
    assert any(project.status_history for project in projects)
    for record in projects:
        values = FormValues.of(record)
        assert values.status_history == status_rows(record)
        assert len(values.status_history) == len(record.status_history)
        result = build_record(values, base=record)
        assert result.ok, (record.id, result.errors)
        assert result.record == record
        assert result.record.status_history == record.status_history
    assert status_rows(build_record(TALKS).record) == []
    assert status_rows(None) == []


def test_editing_a_rows_date_or_source_saves_it():
    stored = with_history()
    values = FormValues.of(stored)
    assert values.status_history == [
        history_row("announced", "2015-05", REPORT["title"], REPORT["url"]),
        history_row("agreed", "2015-12"),
    ]
    rows = [dict(row) for row in values.status_history]
    rows[0]["since"] = "2015-04-20"
    rows[1].update(source_title="Signing news", source_link="urn:news:1")
    result = build_record(replace(values, status_history=rows), base=stored)
    assert result.ok, result.errors
    first, second = result.record.status_history
    assert (str(first.date), first.source) == ("2015-04-20", Source(**REPORT))
    assert second.source == Source(title="Signing news", url="urn:news:1")
    assert result.record.status == "agreed"


def test_a_row_added_to_the_table_is_the_new_status():
    stored = with_history(status_date=DateParts(MONTH, 2015, 12))
    values = FormValues.of(stored)
    row = history_row("under_construction", "2016", "Site visit", "https://example.org/visit")
    result = build_record(
        replace(values, status_history=[*values.status_history, row]), base=stored
    )
    assert result.ok, result.errors
    assert result.record.status == "under_construction"
    assert [c.status for c in result.record.status_history] == [
        "announced",
        "agreed",
        "under_construction",
    ]
    # Deleting the last row makes the one above it current again.
    result = build_record(replace(values, status_history=values.status_history[:1]), base=stored)
    assert result.record.status == "announced"
    assert len(result.record.status_history) == 1


def test_a_status_chosen_in_the_box_is_added_once():
    stored = with_history()
    values = FormValues.of(stored)
    chosen = replace(values, status="operating", status_date=DateParts(YEAR, 2017))
    appended = build_record(chosen, base=stored).record
    assert appended.status == "operating"
    assert appended.status_history[-1] == StatusChange(status="operating", date="2017")
    assert len(appended.status_history) == 3
    # The same status also added as a row (with its source): one entry, the row.
    row = history_row("operating", "2017-09", "Opening", "https://example.org/opening")
    both = build_record(replace(chosen, status_history=[*values.status_history, row]), base=stored)
    assert both.ok, both.errors
    assert len(both.record.status_history) == 3
    assert both.record.status_history[-1].source.title == "Opening"
    # Without a date it could not follow the history (only the first entry may be undated).
    result = build_record(replace(chosen, status_date=DateParts()), base=stored)
    assert result.record is None
    assert result.errors == {
        "status_date": "give the date the project is operating as of: the status is added to "
        "the status history after its last entry (Agreed from 2015-12)"
    }
    # A status dated before the history's last entry is refused under its date.
    early = replace(values, status="operating", status_date=DateParts(YEAR, 2014))
    result = build_record(early, base=stored)
    assert result.record is None
    assert result.errors == {
        "status_date": "operating as of 2014 is dated before the status history's last entry "
        "(agreed, 2015-12)"
    }


def test_a_record_without_history_keeps_its_status_after_the_rows_added():
    stored = build_record(project(status_date=DateParts(MONTH, 2015, 12))).record
    assert (stored.status, stored.status_history) == ("under_construction", [])
    values = FormValues.of(stored)
    assert values.status_history == []
    rows = [history_row("announced", "2014", "Visit")]
    result = build_record(replace(values, status_history=rows), base=stored)
    assert result.ok, result.errors
    assert result.record.status == "under_construction"
    assert [str(change) for change in result.record.status_history] == [
        "Announced from 2014",
        "Under construction from 2015-12",
    ]
    # A new record with the box left at Unknown takes its status from the table.
    new = build_record(project(status="unknown", status_history=rows)).record
    assert (new.status, len(new.status_history)) == ("announced", 1)


def test_current_status_follows_the_table_while_the_box_is_as_opened():
    stored = with_history()
    history = [StatusChange(status="agreed"), StatusChange(status="operating", date="2017")]
    assert current_status("agreed", history, base=stored) == "operating"
    assert current_status("suspended", history, base=stored) == "suspended"
    assert current_status("agreed", [], base=stored) == "agreed"
    assert current_status("unknown", history) == "operating"
    assert current_status("agreed", history) == "agreed"


def test_bad_history_rows_are_reported_with_the_other_problems():
    stored = with_history()
    values = FormValues.of(stored)
    rows = [*values.status_history, history_row("operating", "2016-13")]
    result = build_record(replace(values, title="", status_history=rows), base=stored)
    assert result.record is None
    assert set(result.errors) == {"title", "status_history"}
    assert result.errors["status_history"].startswith("status history row 3: since: '2016-13'")


def test_code_in_a_history_source_is_kept_as_it_was_typed():
    rows = [history_row("agreed", "2016", payload, "https://example.org") for payload in PAYLOADS]
    result = build_record(project(status="agreed", status_history=rows))
    assert result.ok, result.errors
    assert [c.source.title for c in result.record.status_history] == PAYLOADS
    assert [row["source_title"] for row in status_rows(result.record)] == PAYLOADS


# --- locations -----------------------------------------------------------------------------------

ASTANA = Place("Astana", 51.1801, 71.44598, "KZ", Precision.CITY, geonameid=1526273)
ROUTE = {"type": "LineString", "coordinates": [[71.40, 51.09], [71.43, 51.13], [71.47, 51.17]]}


def test_a_drawn_line_becomes_the_location_of_the_place():
    location = drawn_location(ROUTE, name="Astana", place=ASTANA)
    assert location["geometry_source"] == GeometrySource.DRAWN
    assert location["geometry"]["type"] == "LineString"
    assert location["country"] == "KZ"
    assert location["resolved_name"] == "Astana"
    assert location["precision"] == "near"
    result = build_record(project(locations=[location]))
    assert result.ok, result.errors
    assert result.record.geometry == shapely.LineString(ROUTE["coordinates"])
    assert result.record.locations[0].geometry_source == "drawn"


def test_a_drawn_area_and_bad_drawings():
    area = {
        "type": "Polygon",
        "coordinates": [[[71.4, 51.1], [71.5, 51.1], [71.5, 51.2], [71.4, 51.1]]],
    }
    assert drawn_location(area, name="Site", precision="exact")["precision"] == "exact"
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(ValidationError, match="Self-intersection") as caught:
        drawn_location(bowtie, name="Bow tie")
    assert caught.value.field == "location"
    with pytest.raises(ValidationError, match="draw a line or an area, not Point"):
        drawn_location({"type": "Point", "coordinates": [71.4, 51.1]}, name="Pin")


def test_a_gazetteer_place_becomes_a_location(gazetteer):
    [place] = [p for p in gazetteer.lookup("Victoria") if p.country == "CA"]
    location = place_location(place, name="Victoria", gazetteer=gazetteer)
    assert location["country"] == "CA"
    assert location["geometry_source"] == "gazetteer"
    assert location["geometry"]["type"] == "Point"
    [country] = [p for p in gazetteer.lookup("Kazakhstan") if p.precision == "country"]
    shape = place_location(country, gazetteer=gazetteer)
    assert shape["geometry"]["type"] in ("Polygon", "MultiPolygon")  # the country, not a pin
