"""Text that stays inert wherever the map puts it: HTML, JavaScript and folium's templates.

folium renders the output of every element's template a second time as a Jinja template, and the
browser reads the page as HTML before it runs any script. Data therefore only ever reaches the
page as a JavaScript string literal in which ``<``, ``>``, ``&``, ``'``, ``{``, ``}`` and the
two Unicode line separators are ``\\uXXXX`` escapes: no closing tag, HTML comment or template
delimiter can be spelled with what is left. The browser decodes it with ``JSON.parse`` and the
map's script puts the text into the page with ``textContent``, never as markup.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_JS_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("{", "\\u007b"),
    ("}", "\\u007d"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def js_string(text: str, /) -> str:
    """A double-quoted JavaScript string literal for ``text``, safe in a ``<script>`` element."""
    literal = json.dumps(text, ensure_ascii=False)
    if not literal.isascii():
        try:
            literal.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: let JSON spell them as escapes
            literal = json.dumps(text, ensure_ascii=True)
    for char, escape in _JS_ESCAPES:
        if char in literal:
            literal = literal.replace(char, escape)
    return literal


def to_json(value: Any, /) -> str:
    """Compact JSON text for ``value``; NaN and infinities are refused."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def js_json(value: Any, /) -> str:
    """A JavaScript expression that evaluates to ``value``: ``JSON.parse("…")``."""
    return f"JSON.parse({js_string(to_json(value))})"


_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


def json_block(value: Any, /) -> str:
    """``value`` as the text of a ``<script type="application/json">`` element: JSON with
    every ``<`` escaped, so that nothing in it can close the element or open a comment, and
    no template opener left, Jinja's or JavaScript's ``${`` (JSON's own braces are never
    followed by ``{``, ``%``, ``#``, and ``$`` is only ever in strings, so only text inside
    strings is escaped)."""
    text = to_json(value).replace("<", "\\u003c").replace("${", "\\u0024{")
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


def html_text(text: str, /) -> str:
    """``text`` as HTML character data (also safe in quoted attributes and Jinja output)."""
    return html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def data_element(id: str, value: Any, /) -> str:
    """``value`` as the JSON text of a hidden ``div`` of id ``id``, for a page that gives a
    framed map its data (``coopmap.data(id)`` reads it): HTML-escaped, so that no text of it
    is markup (a page may allow no ``script`` element of its own)."""
    return f'<div hidden id="{html_text(id)}">{html.escape(to_json(value), quote=False)}</div>'
