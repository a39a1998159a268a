"""Wording shared by the commands' output."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``: the count and the noun, plural unless the count is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
