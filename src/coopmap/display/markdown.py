"""Untrusted text as Markdown that shows exactly that text, and safe links.

Text from reports, files and users reaches Streamlit's Markdown only through :func:`md`: every
ASCII punctuation character is escaped, so no formatting, Markdown link, math, emoji or colour
code, HTML or template in it is ever interpreted. Links go only to ``http`` and ``https``
addresses (:func:`link`).
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

from coopmap.model import Source, StatusChange

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_WWW = re.compile(r"(www)(?=\\\.)", re.IGNORECASE)
JOINER = "\u2060"
"""An invisible character that keeps Markdown from reading codes and addresses in text."""


def md(text: object, /) -> str:
    """``text`` as Markdown that shows exactly ``text``.

    Every ASCII punctuation character is backslash-escaped and line breaks are kept as hard
    breaks. Escapes do not stop what Streamlit's Markdown does to the text once parsed: emoji
    codes (``:smile:``) and bare web and mail addresses (``https://…``, ``www.…``, ``a@b.c``)
    would still become pictures and links, so an invisible word joiner (U+2060) follows every
    ``:`` and ``@`` and splits ``www.``.
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = [_PUNCTUATION.sub(r"\\\1", " ".join(line.split())) for line in lines]
    joined = "  \n".join(escaped).replace("\\:", "\\:" + JOINER).replace("\\@", "\\@" + JOINER)
    return _WWW.sub(lambda m: m.group(1) + JOINER, joined)


def web_url(text: str | None, /) -> str | None:
    """An ``http(s)`` address made safe as a Markdown link target, or None for any other."""
    if not text:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(text.strip(), safe="/:?#[]@!$&'*+,;=%-._~")


def link(text: str, url: str | None, /) -> str:
    """A Markdown link for an ``http(s)`` address, else the text and the address as text."""
    target = web_url(url)
    if target is not None:
        return f"[{md(text)}]({target})"
    return md(text if not url else f"{text} ({url})")


def source_line(source: Source, /) -> str:
    extra = ", ".join(str(part) for part in (source.publisher, source.date) if part)
    return link(source.title, source.url) + (f" \u2014 {md(extra)}" if extra else "")


def status_line(change: StatusChange, /) -> str:
    """A status history entry: the status, since when, and its source."""
    return md(str(change)) + (f" ({source_line(change.source)})" if change.source else "")
