"""Summary page: the filtered records counted by sector, country, status and year, and their
amounts added up by sector, country and year in US dollars (:mod:`coopmap.money`). A click on
a bar sets the sidebar's filter to its group."""

from __future__ import annotations

import streamlit as st

import charts
import filters
import state
from coopmap import money
from coopmap.display import summary

COUNTRIES_SHOWN = 20


all_records = state.records()
shown = state.shown(filters.current())
st.caption(f"{len(shown)} of {len(all_records)} records")
numbers = summary.overview(shown)
years = (
    f"{numbers.first_year}\u2013{numbers.last_year}"
    if numbers.first_year is not None and numbers.first_year != numbers.last_year
    else str(numbers.first_year or "—")
)
# The years' column never narrower than its range (a narrow window wraps the row instead).
st.html('<style>[data-testid="stColumn"]:has(.st-key-summary_years) { min-width: 12rem; }</style>')
for column, (label, value) in zip(
    st.columns([1, 1, 1, 1, 1, 2]),
    [
        ("Records", numbers.records),
        ("Projects", numbers.projects),
        ("Events", numbers.events),
        ("Countries", numbers.countries),
        ("Sectors", numbers.sectors),
        ("Years", years),
    ],
    strict=True,
):
    column.container(key=f"summary_{label.lower()}").metric(label, value)
notes = []
if numbers.records - numbers.located:
    notes.append(f"{numbers.records - numbers.located} without a location")
if numbers.undated:
    notes.append(f"{numbers.undated} without dates")
if notes:
    st.caption("Of these, " + " and ".join(notes) + ".")

left, right = st.columns(2)
with left:
    charts.bar_chart(summary.by_sector(shown), key="sector", title="By sector")
    charts.bar_chart(summary.by_status(shown), key="status", title="Projects by status")
with right:
    countries = summary.by_country(shown)
    top = list(summary.totals(countries, key="country"))[:COUNTRIES_SHOWN]
    charts.bar_chart(
        [r for r in countries if r["country"] in top], key="country", title="By country"
    )
    if len(summary.totals(countries, key="country")) > COUNTRIES_SHOWN:
        st.caption(f"The {COUNTRIES_SHOWN} countries with most records.")
    charts.bar_chart(summary.by_year(shown), key="year", title="By start year", horizontal=False)

st.subheader("Amounts")
totals = {by: money.totals(shown, by=by, usd=True) for by in money.BY}
first = totals["sector"]
projects = first.records - first.without_amount
if not projects:
    st.caption("None of these records gives an amount.")
else:
    dollars = sum(g.usd or 0.0 for g in totals["year"].groups)  # one year a record
    st.caption(
        f"{projects} of {first.records} records give an amount; in US dollars about "
        f"{money.rounded_text(dollars)} at the ECB's yearly average reference rates"
        + (f", {len(first.no_rate)} without a rate" if first.no_rate else "")
        + ". A project in two sectors or countries counts in both."
    )
    left, right = st.columns(2)
    with left:
        charts.amount_chart(totals["sector"], title="Amounts by sector (USD)")
        charts.amount_chart(totals["year"], title="Amounts by start year (USD)", horizontal=False)
    with right:
        charts.amount_chart(totals["country"], title="Amounts by country (USD)")
