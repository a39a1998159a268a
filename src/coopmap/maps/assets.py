"""What the map page needs, carried with it: Leaflet, its CSS, and the coopmap runtime.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs. A coopmap
map fetches nothing. :func:`make_offline` replaces those links with ``data:`` URLs of Leaflet
(from XStatic-Leaflet, its control images embedded too): the map works offline as a page, in a
notebook and in streamlit-folium, which loads a map's ``default_js`` links and nothing else.
:func:`inline_assets` puts Leaflet into the page as inline ``<script>`` and ``<style>``
instead, for a self-contained file whose security policy can refuse every ``data:`` script.
jQuery is not needed: nothing on a coopmap map uses it. :func:`add_runtime` adds the script
that draws record layers, tooltips, popups and the legend (``static/coopmap.js``) to the map's
own script, so it travels with the map wherever folium's script goes.

Library and runtime code are element attributes written out in one rendering pass, never
template source: folium renders each element's template output a second time as a template,
which would run any ``{{ ... }}`` in them.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from coopmap.errors import CoopmapError
from coopmap.maps.safe import js_json
from coopmap.maps.styles import vocabularies

_UNSAFE_INLINE = re.compile(r"</(script|style)|<!--|\{\{|\{%|\{#", re.IGNORECASE)
_CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


class AssetError(CoopmapError, RuntimeError):
    """A library file to inline is missing or cannot be inlined safely."""


def _checked(code: str, what: str) -> str:
    match = _UNSAFE_INLINE.search(code)
    if match:
        raise AssetError(f"{what} contains {match.group(0)!r} and cannot be inlined safely")
    return code


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError as err:
        raise AssetError(
            "inlining Leaflet needs XStatic-Leaflet: pip install XStatic-Leaflet"
        ) from err
    return Path(leaflet.BASE_DIR)


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified script."""
    return _checked((_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"), "leaflet.js")


@functools.cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with the images it refers to embedded as ``data:`` URIs."""
    base = _leaflet_dir()

    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = _CSS_IMAGE.sub(embed, (base / "leaflet.css").read_text(encoding="utf-8"))
    return _checked(css, "leaflet.css")


def _data_url(media_type: str, text: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(text.encode()).decode('ascii')}"


@functools.cache
def leaflet_js_url() -> str:
    """Leaflet's script as a ``data:`` URL."""
    return _data_url("text/javascript", leaflet_js())


@functools.cache
def leaflet_css_url() -> str:
    """Leaflet's stylesheet (images embedded) as a ``data:`` URL."""
    return _data_url("text/css", leaflet_css())


def _static(name: str) -> str:
    return resources.files("coopmap.maps").joinpath("static", name).read_text(encoding="utf-8")


@functools.cache
def default_icon() -> dict[str, str]:
    """Leaflet's default marker pictures as ``data:`` URLs, for ``L.Icon.Default``.

    Leaflet finds them from its stylesheet's address, which a ``data:`` stylesheet does not
    have: it then asks for ``marker-icon.png`` next to the page (in streamlit-folium, from the
    component's folder, or ``.../distmarker-icon.png`` from a CDN link).
    """
    base = _leaflet_dir() / "images"

    def url(name: str) -> str:
        return "data:image/png;base64," + base64.b64encode((base / name).read_bytes()).decode()

    return {
        "iconUrl": url("marker-icon.png"),
        "iconRetinaUrl": url("marker-icon-2x.png"),
        "shadowUrl": url("marker-shadow.png"),
    }


@functools.cache
def runtime_js() -> str:
    """The coopmap runtime followed by its installation with the vocabularies and CSS."""
    settings = {**vocabularies(), "css": _checked(_static("coopmap.css"), "coopmap.css")}
    code = _checked(_static("coopmap.js"), "coopmap.js")
    return f"{code}\ncoopmap.install({js_json(settings)});\n"


@functools.cache
def default_icon_js() -> str:
    """Point ``L.Icon.Default`` at the embedded pictures (see :func:`default_icon`)."""
    return (
        f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({js_json(default_icon())});\n'
    )


class RawText(Element):
    """Text written into the page as it is, in a single rendering pass."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class InlineScript(RawText):
    _template = Template("<script>{{ this.text }}</script>")


class InlineStyle(RawText):
    _template = Template("<style>{{ this.text }}</style>")


class OfflineAssets(MacroElement):
    """Puts Leaflet's script and stylesheet into the page header when the map is rendered."""

    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapOfflineAssets"

    def render(self, **kwargs: object) -> None:
        header = self.get_root().header
        header.add_child(InlineStyle(leaflet_css()), name="coopmap_leaflet_css")
        header.add_child(InlineScript(leaflet_js()), name="coopmap_leaflet_js")


class Runtime(MacroElement):
    """The coopmap runtime script; record layers, outlines and the legend need it."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")
    key = "coopmap_runtime"

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapRuntime"
        self.code = runtime_js()

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise CoopmapError("the coopmap runtime can only be rendered inside a folium Figure")
        figure.script.add_child(RawText(self.code), name=self.key)


class DefaultIcon(MacroElement):
    """Leaflet's default marker icon as embedded pictures, for maps that may show pins
    (coopmap's own layers draw none): without it a pin asks the network for its picture."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")
    key = "coopmap_default_icon"

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapDefaultIcon"
        self.code = default_icon_js()

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise CoopmapError("the default icon can only be rendered inside a folium Figure")
        figure.script.add_child(RawText(self.code), name=self.key)


def add_default_icon(m: folium.Map, /) -> folium.Map:
    """Make ``m``'s default Leaflet marker icon an embedded picture; returns ``m``."""
    if not _has_child(m, DefaultIcon):
        m.add_child(DefaultIcon(), name=DefaultIcon.key)
    return m


def _has_child(m: MacroElement, kind: type[Element]) -> bool:
    return any(isinstance(child, kind) for child in m._children.values())


def make_offline(m: folium.Map, /) -> folium.Map:
    """Replace ``m``'s CDN links with Leaflet as ``data:`` URLs; returns ``m``.

    Elements added to ``m`` that bring links of their own (folium plugins) keep them.
    """
    m.default_js = [("leaflet", leaflet_js_url())]
    m.default_css = [("leaflet_css", leaflet_css_url())]
    return m


def inline_assets(m: folium.Map, /) -> folium.Map:
    """Drop ``m``'s links and write Leaflet into the page header instead; returns ``m``."""
    m.default_js = []
    m.default_css = []
    if not _has_child(m, OfflineAssets):
        m.add_child(OfflineAssets(), name="coopmap_offline_assets")
    return m


def add_runtime(m: folium.Map, /) -> folium.Map:
    """Add the coopmap runtime to ``m`` unless it has it; returns ``m``."""
    if not _has_child(m, Runtime):
        m.add_child(Runtime(), name=Runtime.key)
    return m


def has_runtime(m: MacroElement, /) -> bool:
    return _has_child(m, Runtime)
