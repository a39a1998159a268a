"""A project's amount and an event's outcomes as the form's texts, and back."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pydantic

from coopmap.editing.problems import FieldErrors
from coopmap.model import Amount, first_reason

# Group separators people paste in sums of money: spaces (also no-break ones), underscores,
# apostrophes. Commas only between groups of three digits: "1,5" is refused, not read as 15.
_SPACES = re.compile(r"[\s_'\u00a0\u202f]")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")


def amount_texts(amount: Amount | None, /) -> tuple[str, str]:
    """The form's value and currency texts for a stored amount (empty for none)."""
    if amount is None:
        return "", ""
    value = amount.value
    text = f"{int(value):,}" if value.is_integer() else f"{value:,}"
    return text, amount.currency


def parse_number(text: str, /) -> float:
    """A sum as typed: ``1,900,000,000``, ``1 900 000 000``, ``1.9e9``, ``250000.50``.

    Raises :class:`ValueError` with a reason for anything else.
    """
    compact = _SPACES.sub("", text)
    if "," in compact:
        if not _GROUPED.match(compact):
            raise ValueError(
                f"{text!r} is not a number: use a dot for decimals and commas only between "
                "thousands (1,900,000.50)"
            )
        compact = compact.replace(",", "")
    try:
        value = float(compact)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a number; enter digits, such as 1,900,000,000 or 1.9e9"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def amount_of(value_text: str, currency_text: str, /) -> tuple[dict[str, Any] | None, FieldErrors]:
    """The amount the form's two fields give (None when both are empty), and problems.

    Problems of the value go under ``amount``, those of the currency under ``currency``.
    """
    value_text, currency = value_text.strip(), currency_text.strip().upper()
    if not value_text and not currency:
        return None, {}
    errors: FieldErrors = {}
    value: float | None = None
    if not value_text:
        errors["amount"] = f"enter the amount in {currency}, or clear the currency"
    else:
        try:
            value = parse_number(value_text)
        except ValueError as err:
            errors["amount"] = str(err)
    if value is not None and value < 0:
        errors["amount"] = f"an amount cannot be negative ({value_text})"
    if not currency:
        errors["currency"] = "give the amount's currency as an ISO 4217 code: USD, CNY, KZT…"
    else:
        try:
            Amount(value=0, currency=currency)  # the model's own check of the code
        except pydantic.ValidationError as err:
            errors["currency"] = first_reason(err)
    if errors:
        return None, errors
    return Amount(value=value, currency=currency).model_dump(mode="json"), {}


def outcomes_text(outcomes: Iterable[str], /) -> str:
    """The outcomes text area's text: one outcome per line (an outcome holds no line break)."""
    return "\n".join(outcomes)


def outcomes_of(text: str, /) -> list[str]:
    """The outcomes of the text area: its non-blank lines, spacing tidied as the model does."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
