"""How much, where and when: the projects' amounts added up by sector, country or year, in
their own currencies and, where a rate is known, in US dollars.

Rates are offline: the European Central Bank's euro reference rates that the
``currencyconverter`` package ships inside itself (its copy of the ECB's daily history). A
record's amount is converted at the average of the daily rates of its year (the year it
starts, else the year it ends), cross-rated through the euro; the rate says so
(:attr:`Rate.source`). A currency the ECB gives no rate for, or none in that year (the ECB
stopped the rouble's in March 2022), and an undated record's amount are *no rate*: kept in
their currency's total, left out of the dollars, and listed (:attr:`Totals.no_rate`), never
guessed.

As with the counts (:mod:`coopmap.display.summary`), a project counts in each of its groups:
one in two sectors adds its whole amount to both, so groups can add up to more than the total.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from coopmap.display.summary import NO_COUNTRY, NO_SECTOR, record_countries
from coopmap.model import Project, Record
from coopmap.places import country_name
from coopmap.taxonomy import SECTORS

if TYPE_CHECKING:
    from currency_converter import CurrencyConverter

__all__ = [
    "BY",
    "Group",
    "NoRate",
    "Rate",
    "Totals",
    "amount_year",
    "money_text",
    "notes",
    "rounded_text",
    "table_rows",
    "totals",
    "usd_rate",
]

By = Literal["sector", "country", "year"]
BY: tuple[By, ...] = ("sector", "country", "year")
NO_YEAR = "No year"
SOURCE = "ECB reference rate"


@dataclass(frozen=True)
class Rate:
    """US dollars for one unit of ``currency``: the mean of the ECB's ``days`` daily rates
    from ``first`` to ``last`` in ``year``."""

    currency: str
    year: int
    usd: float
    days: int
    first: dt.date
    last: dt.date

    @property
    def source(self) -> str:
        """Which rate this is and where it comes from, as people read it."""
        if self.currency == "USD":
            return "US dollars, not converted"
        return (
            f"{SOURCE}, yearly average {self.year} ({self.days} daily rates, "
            f"{self.first.isoformat()} to {self.last.isoformat()})"
        )


@dataclass(frozen=True)
class NoRate:
    """An amount left out of the dollars, and why."""

    record_id: str
    currency: str
    year: int | None
    reason: str


@functools.cache
def _converter() -> CurrencyConverter:
    """The ECB's history as the package ships it (its own file: nothing is downloaded)."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


@functools.cache
def usd_rate(currency: str, year: int, /) -> Rate | str:
    """The yearly average rate of ``currency`` in US dollars, or the reason there is none."""
    if currency == "USD":
        day = dt.date(year, 1, 1)
        return Rate(currency, year, 1.0, 0, day, day)
    from currency_converter import RateNotFoundError

    converter = _converter()
    if currency not in converter.currencies:
        return f"the ECB publishes no reference rate for {currency}"
    rates: list[tuple[dt.date, float]] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        # no rate on a weekend or holiday, or outside the ECB's years for this currency
        with contextlib.suppress(RateNotFoundError):
            rates.append((day, converter.convert(1, currency, "USD", date=day)))
        day += dt.timedelta(days=1)
    if not rates:
        bounds = converter.bounds[currency]
        return (
            f"the ECB gives no {currency} rate in {year} (its {currency} rates run from "
            f"{bounds.first_date.isoformat()} to {bounds.last_date.isoformat()})"
        )
    mean = sum(value for _, value in rates) / len(rates)
    return Rate(currency, year, mean, len(rates), rates[0][0], rates[-1][0])


def amount_year(record: Record, /) -> int | None:
    """The year a record's amount is converted at: its start's, else its end's."""
    date = record.start or record.end
    return date.year if date is not None else None


@dataclass(frozen=True)
class Group:
    """The amounts of one sector, country or year.

    ``amounts`` adds up each currency (largest first); ``usd`` the amounts that have a rate,
    ``None`` when dollars were not asked for. ``projects`` have an amount (``no_rate`` of them
    without a dollar rate); ``without_amount`` records in the group have none.
    """

    key: str | int | None
    label: str
    amounts: dict[str, float]
    projects: int
    without_amount: int
    usd: float | None = None
    no_rate: int = 0


@dataclass(frozen=True)
class Totals:
    """Amounts by one grouping of a set of records, with the rates used and those missing."""

    by: By
    groups: list[Group]
    records: int
    without_amount: int
    rates: list[Rate] = field(default_factory=list)
    no_rate: list[NoRate] = field(default_factory=list)
    usd: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON: groups, rates with their source, the amounts without one."""
        return {
            "by": self.by,
            "records": self.records,
            "without_amount": self.without_amount,
            "groups": [
                {k: v for k, v in asdict(g).items() if self.usd or k not in ("usd", "no_rate")}
                for g in self.groups
            ],
            **(
                {
                    "rates": [
                        {"currency": r.currency, "year": r.year, "usd": r.usd, "source": r.source}
                        for r in self.rates
                    ],
                    "no_rate": [asdict(n) for n in self.no_rate],
                }
                if self.usd
                else {}
            ),
        }


def _sector_keys(record: Record) -> list[Hashable]:
    return [s.value for s in record.sectors] or [None]


def _country_keys(record: Record) -> list[Hashable]:
    return list(record_countries(record)) or [None]


def _year_keys(record: Record) -> list[Hashable]:
    return [amount_year(record)]


_KEYS: dict[str, Callable[[Record], list[Hashable]]] = {
    "sector": _sector_keys,
    "country": _country_keys,
    "year": _year_keys,
}


def _label(by: By, key: Any) -> str:
    if by == "sector":
        return SECTORS[key].label if key else NO_SECTOR
    if by == "country":
        return country_name(key) if key else NO_COUNTRY
    return str(key) if key is not None else NO_YEAR


def totals(records: Iterable[Record], /, *, by: By, usd: bool = False) -> Totals:
    """The records' amounts added up by ``by``; with ``usd``, in US dollars as well.

    Groups come in the taxonomy's order for sectors, time order for years, and most money
    first for countries (in dollars when asked, else by the number of projects with an
    amount); the group of records without a sector, country or year comes last.
    """
    if by not in _KEYS:
        raise ValueError(f"cannot total by {by!r}: choose one of {', '.join(BY)}")
    records = list(records)
    keys = _KEYS[by]
    amounts: dict[Hashable, dict[str, float]] = {}
    counts: dict[Hashable, list[int]] = {}  # projects, without amount, no rate
    dollars: dict[Hashable, float] = {}
    rates: dict[tuple[str, int], Rate] = {}
    missing: list[NoRate] = []
    for record in records:
        amount = record.amount if isinstance(record, Project) else None
        rate: Rate | str | None = None
        if amount is not None and usd:
            year = amount_year(record)
            if amount.currency == "USD":
                rate = usd_rate("USD", year or 1)
            elif year is None:
                rate = "the record has no date to take a rate from"
            else:
                rate = usd_rate(amount.currency, year)
            if isinstance(rate, Rate):
                rates.setdefault((rate.currency, rate.year), rate)
            else:
                missing.append(NoRate(record.id, amount.currency, year, rate))
        for key in dict.fromkeys(keys(record)):
            count = counts.setdefault(key, [0, 0, 0])
            if amount is None:
                count[1] += 1
                continue
            count[0] += 1
            sums = amounts.setdefault(key, {})
            sums[amount.currency] = sums.get(amount.currency, 0.0) + amount.value
            if isinstance(rate, Rate):
                dollars[key] = dollars.get(key, 0.0) + amount.value * rate.usd
            elif usd:
                count[2] += 1
    groups = [
        Group(
            key=key,  # type: ignore[arg-type]
            label=_label(by, key),
            amounts=dict(sorted(amounts.get(key, {}).items(), key=lambda item: -item[1])),
            projects=counts[key][0],
            without_amount=counts[key][1],
            usd=dollars.get(key, 0.0) if usd else None,
            no_rate=counts[key][2],
        )
        for key in _order(by, counts, dollars if usd else None)
    ]
    return Totals(
        by=by,
        groups=groups,
        records=len(records),
        without_amount=sum(not (isinstance(r, Project) and r.amount is not None) for r in records),
        rates=[rates[k] for k in sorted(rates) if k[0] != "USD"],
        no_rate=missing,
        usd=usd,
    )


def _order(
    by: By, counts: dict[Hashable, list[int]], dollars: dict[Hashable, float] | None
) -> Sequence[Hashable]:
    known = [key for key in counts if key is not None]
    if by == "sector":
        place = [s.value for s in SECTORS]
        known.sort(key=place.index)  # type: ignore[arg-type]
    elif by == "year":
        known.sort()  # type: ignore[type-var]
    else:
        known.sort(
            key=lambda c: (
                -(dollars or {}).get(c, 0.0),
                -counts[c][0],
                country_name(c),  # type: ignore[arg-type]
            )
        )
    return known + [None] * (None in counts)


def money_text(value: float, currency: str, /) -> str:
    """An amount as people read it: ``1,250,000 CNY``."""
    return f"{value:,.0f} {currency}"


def rounded_text(value: float, /) -> str:
    """A total to three figures, as a sum of converted amounts deserves: ``149 million``,
    ``1.25 billion``, ``48,600``."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{float(f'{value / size:.3g}'):g} {word}"
    return f"{float(f'{value:.3g}'):,.0f}"


def table_rows(found: Totals, /) -> list[dict[str, str]]:
    """One row of plain text per group: the group, its projects with an amount, the amounts in
    each currency and (when asked) in dollars, marked when some had no rate."""
    rows = []
    for group in found.groups:
        row = {
            found.by: group.label,
            "projects": str(group.projects),
            "amounts": ", ".join(money_text(v, c) for c, v in group.amounts.items()) or "-",
        }
        if found.usd:
            usd = f"{group.usd or 0:,.0f}"
            row["USD"] = f"{usd} ({group.no_rate} without a rate)" if group.no_rate else usd
        rows.append(row)
    return rows


def notes(found: Totals, /) -> list[str]:
    """What the numbers rest on: each rate used and where it comes from, each amount left out
    of the dollars and why, and how many records have no amount."""
    lines = [f"1 {r.currency} = {r.usd:.6g} USD: {r.source}." for r in found.rates]
    lines += [
        f"No rate for {n.record_id} ({n.currency}"
        + (f", {n.year}" if n.year is not None else "")
        + f"): {n.reason}."
        for n in found.no_rate
    ]
    if found.without_amount:
        lines.append(f"{found.without_amount} of {found.records} records have no amount.")
    return lines
