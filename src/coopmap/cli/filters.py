"""The options that choose records (``--sector``, ``--kind``, ``--country``, ``--as-of``), said
once for every command that takes them (``coopmap export``, ``coopmap list``)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from coopmap.query import Filter

_OPTIONS = (
    click.option(
        "--sector", "sectors", multiple=True, metavar="S", help="Keep this sector (repeat)."
    ),
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(["project", "event"]),
        help="Keep projects or events.",
    ),
    click.option("--country", "countries", multiple=True, metavar="CC", help="Keep this country."),
    click.option(
        "--as-of",
        type=click.DateTime(["%Y-%m-%d"]),
        help="The atlas as it stood on this day (YYYY-MM-DD): records begun by then, each "
        "project with the status it had.",
    ),
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the record filter options; it is called with them as one
    :class:`~coopmap.query.Filter`, the keyword argument ``flt``. A value the filter refuses
    (an unknown sector) is a usage error naming it."""

    @functools.wraps(command)
    def with_filter(
        *args: Any,
        sectors: tuple[str, ...],
        kinds: tuple[str, ...],
        countries: tuple[str, ...],
        as_of: dt.datetime | None,
        **kwargs: Any,
    ) -> Any:
        flt = _filter(sectors=sectors, kinds=kinds, countries=countries, as_of=as_of)
        return command(*args, flt=flt, **kwargs)

    for option in reversed(_OPTIONS):
        with_filter = option(with_filter)
    return with_filter


def _filter(
    *,
    sectors: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    as_of: dt.datetime | None = None,
) -> Filter:
    """The filter the options name; an unknown value is a :class:`click.ClickException`."""
    from coopmap.query import Filter

    try:
        return Filter.make(
            sectors=sectors,
            kinds=kinds,
            countries=countries,
            as_of=as_of.date() if as_of else None,
        )
    except ValueError as err:
        raise click.ClickException(str(err)) from err
