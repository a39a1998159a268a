"""Record ids: readable slugs of titles, and stable ids made from a record's kind and title."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["make_id", "slugify"]


def slugify(text: str, /) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Astana LRT (1)"`` -> ``astana-lrt-1``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def make_id(kind: str, title: str, /) -> str:
    """A stable id from a record's kind and title: readable slug plus a short hash."""
    digest = hashlib.sha1(f"{kind}\n{title}".encode()).hexdigest()[:6]
    return f"{slugify(title)[:48].rstrip('-') or kind}-{digest}"
