"""folium's element pattern, written into the page in one pass.

A coopmap element is a folium element: a Jinja :class:`Template` with ``header``, ``html``
and ``script`` macros over ``this``, its options serialized with the ``js_json`` filter
(:func:`coopmap.maps.safe.js_json`: JSON in which ``<``, ``>``, ``&``, ``'``, ``{`` and ``}``
are escapes, so no tag, comment or template delimiter can form from data). streamlit-folium
builds a map's script from those macros and nothing else, so each element's script is whole.

What differs from folium is one thing, shared by every element through :class:`ScriptElement`:
folium renders the output of each macro a second time as a template (``Element(output)``),
which costs about two seconds for a 10 MB record store; :meth:`ScriptElement.render` writes
it as it is (:class:`RawText`). The static scripts and stylesheets an element needs
(``scripts`` and ``styles``, files of ``static/``) are not in its macros: the map's runtime
(:class:`coopmap.maps.runtime.Runtime`) writes each of them once, before any element's script.
"""

from __future__ import annotations

from typing import Any, ClassVar

import folium.template
from branca.element import Element, Figure, MacroElement
from folium.map import Layer

from coopmap.errors import CoopmapError
from coopmap.maps.safe import html_text, js_json, js_string

_MACROS = ("header", "html", "script")


class Environment(folium.template.Environment):
    """folium's template environment with the filters ``js_json``, ``js_string`` and
    ``html_text`` of :mod:`coopmap.maps.safe`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["js_json"] = js_json
        self.filters["js_string"] = js_string
        self.filters["html_text"] = html_text


class Template(folium.template.Template):
    """A folium template whose environment has the ``js_json`` filters (:class:`Environment`)."""

    environment_class = Environment


class RawText(Element):
    """Text written into the page as it is, in a single rendering pass."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def figure_of(element: Element, /) -> Figure:
    """The folium ``Figure`` ``element`` is in; CoopmapError when it is in none."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise CoopmapError(f"{type(element).__name__} can only be rendered inside a folium Figure")
    return figure


class ScriptElement(MacroElement):
    """A folium element whose macros are rendered once and written into the page as they are.

    Subclasses set ``_template`` (a :class:`Template`) and, if the page needs static files
    for them, ``scripts`` and ``styles``: names of files in ``static/`` that the map's runtime
    brings, once a page however many elements need them.
    """

    scripts: ClassVar[tuple[str, ...]] = ()
    """Static scripts (files of ``static/``) the element's script calls."""

    styles: ClassVar[tuple[str, ...]] = ()
    """Static stylesheets (files of ``static/``) the element's HTML needs."""

    script_key: ClassVar[str | None] = None
    """The name of the element's parts in the figure when a page has one such element (a
    later one replaces it); the element's own name when None."""

    def script_name(self) -> str:
        """The name the element's parts have in the figure (one part of each name a page)."""
        return self.script_key or self.get_name()

    def parent_name(self) -> str:
        """The variable name of the element's parent; CoopmapError before it has one."""
        if self._parent is None:
            raise CoopmapError(f"{type(self).__name__} must be added to a map before rendering")
        return self._parent.get_name()

    def script_js(self) -> str:
        """The element's script, as its ``script`` macro writes it."""
        macro = self._template.module.__dict__.get("script")
        return "" if macro is None else str(macro(self, {}))

    def render(self, **kwargs: Any) -> None:
        figure = figure_of(self)
        module = self._template.module.__dict__
        for part in _MACROS:
            macro = module.get(part)
            if macro is not None:
                text = RawText(str(macro(self, kwargs)))
                getattr(figure, part).add_child(text, name=self.script_name())
        for child in self._children.values():
            child.render(**kwargs)


class ScriptLayer(ScriptElement, Layer):
    """A :class:`ScriptElement` that is a folium ``Layer``: the layer control lists it, and its
    script adds it to the map when it is shown (``add_line`` in its template)."""

    def add_line(self) -> str:
        """The statement (on a line of its own) that puts the layer on its map when the map
        opens with it shown, else nothing."""
        return f"\n{self.get_name()}.addTo({self.parent_name()});" if self.show else ""
