"""Totals of amounts by sector, country and year, and their dollars (coopmap.money)."""

from __future__ import annotations

import pytest

from coopmap import money
from coopmap.model import Event, Project


def project(id: str, amount: dict | None, **fields) -> Project:
    fields.setdefault("sectors", ["energy"])
    return Project(id=id, title=id, amount=amount, **fields)


def records():
    return [
        project("pj-cny", {"value": 1000, "currency": "CNY"}, countries=["KZ"], start="2015-05"),
        project(
            "pj-usd",
            {"value": 200, "currency": "USD"},
            sectors=["energy", "transport"],
            countries=["KZ", "CN"],
            start="2016",
        ),
        project("pj-kzt", {"value": 5000, "currency": "KZT"}, countries=["KZ"], start="2015"),
        project("pj-rub", {"value": 300, "currency": "RUB"}, countries=["KZ"], start="2023-02"),
        project("pj-undated", {"value": 50, "currency": "EUR"}, sectors=["transport"]),
        project("pj-none", None, countries=["CN"], start="2015"),
        Event(id="ev-talks", title="Talks", event_type="talks", start="2015", countries=["KZ"]),
    ]


def test_a_yearly_rate_is_the_mean_of_the_ecb_daily_rates_and_says_so():
    rate = money.usd_rate("CNY", 2015)
    assert isinstance(rate, money.Rate)
    # the yuan traded near 6.2 to the dollar in 2015
    assert 0.155 < rate.usd < 0.165
    assert 250 <= rate.days <= 262
    assert rate.first.year == rate.last.year == 2015
    assert rate.source.startswith("ECB reference rate, yearly average 2015 (")
    assert money.usd_rate("CNY", 2016).usd != rate.usd


def test_no_rate_for_a_currency_the_ecb_lacks_or_a_year_it_gave_none():
    assert money.usd_rate("KZT", 2015) == "the ECB publishes no reference rate for KZT"
    reason = money.usd_rate("RUB", 2023)
    assert isinstance(reason, str)
    assert reason.startswith("the ECB gives no RUB rate in 2023")
    assert "2022-03-01" in reason


def test_totals_by_sector_keep_each_currency_and_add_dollars_where_a_rate_is_known():
    found = money.totals(records(), by="sector", usd=True)
    transport, energy, unsectored = found.groups  # the taxonomy's order
    assert (transport.key, energy.key, unsectored.key) == ("transport", "energy", None)
    assert (unsectored.label, unsectored.without_amount) == ("No sector", 1)  # the event
    assert energy.amounts == {"KZT": 5000, "CNY": 1000, "RUB": 300, "USD": 200}
    assert energy.projects == 4
    assert energy.without_amount == 1  # pj-none
    assert energy.no_rate == 2  # KZT and RUB in 2023
    cny = money.usd_rate("CNY", 2015)
    assert energy.usd == pytest.approx(200 + 1000 * cny.usd)
    assert transport.amounts == {"USD": 200, "EUR": 50}
    assert transport.usd == pytest.approx(200)  # the undated euros have no year for a rate
    assert transport.no_rate == 1
    assert [(n.record_id, n.currency, n.year) for n in found.no_rate] == [
        ("pj-kzt", "KZT", 2015),
        ("pj-rub", "RUB", 2023),
        ("pj-undated", "EUR", None),
    ]
    assert found.no_rate[2].reason == "the record has no date to take a rate from"
    assert [(r.currency, r.year) for r in found.rates] == [("CNY", 2015)]
    assert found.records == 7
    assert found.without_amount == 2


def test_totals_by_country_put_most_dollars_first_and_no_country_last():
    found = money.totals(records(), by="country", usd=True)
    assert [g.key for g in found.groups] == ["KZ", "CN", None]
    assert [g.label for g in found.groups] == ["Kazakhstan", "China", "No country"]
    kz, cn, nowhere = found.groups
    assert kz.projects == 4
    assert kz.without_amount == 1  # the event
    assert cn.amounts == {"USD": 200}
    assert cn.without_amount == 1
    assert nowhere.amounts == {"EUR": 50}


def test_totals_by_year_in_time_order_undated_last():
    found = money.totals(records(), by="year")
    assert [g.key for g in found.groups] == [2015, 2016, 2023, None]
    y2015 = found.groups[0]
    assert y2015.amounts == {"KZT": 5000, "CNY": 1000}
    assert y2015.without_amount == 2
    assert y2015.usd is None  # dollars were not asked for
    assert found.rates == []
    assert found.no_rate == []


def test_records_without_amounts_give_groups_without_money():
    found = money.totals([records()[-1], records()[-2]], by="sector", usd=True)
    assert [(g.key, g.amounts, g.projects, g.without_amount, g.usd) for g in found.groups] == [
        ("energy", {}, 0, 1, 0.0),
        (None, {}, 0, 1, 0.0),
    ]
    assert found.without_amount == 2


def test_to_dict_gives_rates_with_their_source_only_with_dollars():
    with_usd = money.totals(records(), by="year", usd=True).to_dict()
    assert with_usd["rates"][0]["source"].startswith("ECB reference rate, yearly average 2015")
    assert {"record_id": "pj-kzt", "currency": "KZT", "year": 2015}.items() <= with_usd["no_rate"][
        0
    ].items()
    assert with_usd["groups"][0]["usd"] > 0
    plain = money.totals(records(), by="year").to_dict()
    assert "rates" not in plain
    assert "usd" not in plain["groups"][0]


def test_an_unknown_grouping_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="sector, country, year"):
        money.totals(records(), by="status")  # type: ignore[arg-type]


def test_a_total_reads_to_three_figures():
    from coopmap.money import rounded_text

    assert [rounded_text(v) for v in (148_660_683, 1.25e9, 48_612, 999, 1e6)] == [
        "149 million",
        "1.25 billion",
        "48,600",
        "999",
        "1 million",
    ]
