"""What the map page needs, carried with it: Leaflet, its CSS, and coopmap's static files.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs. A coopmap
map fetches nothing. :func:`make_offline` replaces those links with ``data:`` URLs of Leaflet
(from XStatic-Leaflet, its control images embedded too): the map works offline as a page, in a
notebook and in streamlit-folium, which loads a map's ``default_js`` links and nothing else.
:func:`inline_assets` puts Leaflet into the page as inline ``<script>`` and ``<style>``
instead, for a self-contained file whose security policy can refuse every ``data:`` script.
jQuery is not needed: nothing on a coopmap map uses it.

coopmap's own scripts and stylesheets are files of ``static/`` (:func:`static_text`); the
map's runtime (:mod:`coopmap.maps.runtime`) writes those its elements need into the map's
script. Everything written into the page as it is passes :func:`checked`: no closing
``</script>`` or ``</style>``, no HTML comment, no template delimiter.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, MacroElement

from coopmap.errors import CoopmapError
from coopmap.maps.element import ScriptElement, Template

_UNSAFE_INLINE = re.compile(r"</(script|style)|<!--|\{\{|\{%|\{#", re.IGNORECASE)
_CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


class AssetError(CoopmapError, RuntimeError):
    """A library file to inline is missing or cannot be inlined safely."""


def checked(code: str, what: str) -> str:
    """``code`` if it can go into the page as it is; AssetError naming ``what`` if not."""
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
    return checked((_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"), "leaflet.js")


@functools.cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with the images it refers to embedded as ``data:`` URIs."""
    base = _leaflet_dir()

    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = _CSS_IMAGE.sub(embed, (base / "leaflet.css").read_text(encoding="utf-8"))
    return checked(css, "leaflet.css")


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


@functools.cache
def static_text(name: str, /) -> str:
    """The text of ``static/<name>`` (read once), checked (:func:`checked`)."""
    path = resources.files("coopmap.maps").joinpath("static", name)
    return checked(path.read_text(encoding="utf-8"), name)


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


class OfflineAssets(ScriptElement):
    """Puts Leaflet's script and stylesheet into the page header when the map is rendered."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style><script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapOfflineAssets"
        self.css = leaflet_css()
        self.js = leaflet_js()


class DefaultIcon(ScriptElement):
    """Leaflet's default marker icon as embedded pictures, for maps that may show pins
    (coopmap's own layers draw none): without it a pin asks the network for its picture."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        'L.Icon.Default.imagePath = "";\n'
        "L.Icon.Default.mergeOptions({{ this.options|js_json }});\n"
        "{% endmacro %}"
    )
    key = script_key = "coopmap_default_icon"

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapDefaultIcon"
        self.options = default_icon()


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
