/*
 * coopmap core: the namespace window.coopmap and the helpers the other scripts share.
 *
 * Loaded once a page, before popups.js, records.js, glpoints.js, legend.js, navigation.js,
 * visibility.js, spots.js and those the map's elements need (cells.js, timeline.js, draw.js):
 * coopmap.maps.runtime writes them in that order. Each of those adds its part to window.coopmap
 * and takes these helpers from it, instead of a copy of its own:
 *   coopmap.el(tag, className, text, parent)  an element whose text is set as text, never markup
 *   coopmap.style(id, css)                     a stylesheet, added once a page
 *   coopmap.install, coopmap.config           the vocabularies and styles, from Python
 *   coopmap.precision(key)                     a location precision's label and styles
 *   coopmap.FeatureLayer                       a feature group with count() and drawn()
 *   coopmap.register(layer), coopmap.layers()  the layers of records (or cells) on the page
 *   coopmap.data(id)                          the value of a JSON data element of the page
 */
(function () {
  'use strict';
  var coopmap = window.coopmap = window.coopmap || {};
  if (coopmap.el) { return; }

  var registry = [];

  /** Point coordinates in payloads are integers of 1e-5 degree. */
  coopmap.SCALE = 100000;

  /** How record and cell layers show their tooltips. */
  coopmap.TOOLTIP = { sticky: true, direction: 'top', offset: [0, -8], className: 'coopmap-tooltip' };

  /** A new element; ``text`` goes in as text (never markup), ``parent`` receives it. */
  coopmap.el = function (tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== null && text !== undefined) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  };

  /** Add the stylesheet ``css`` to the page unless one with this ``id`` is there. */
  coopmap.style = function (id, css) {
    var name = 'coopmap-style-' + id;
    if (document.getElementById(name)) { return; }
    var style = document.createElement('style');
    style.id = name;
    style.textContent = css;
    document.head.appendChild(style);
  };

  /** A feature group whose features the page can count: all of them, and those drawn. */
  coopmap.FeatureLayer = L.FeatureGroup.extend({
    /** Number of features the layer holds once drawn. */
    count: function () { return this.getLayers().length; },

    /** Number of features currently on the map, held by its renderer. */
    drawn: function () {
      var n = 0;
      this.eachLayer(function (child) {
        if (child._map && child._renderer && child._renderer._layers[L.stamp(child)]) { n++; }
      });
      return n;
    }
  });

  /** The vocabularies and styles the runtime was installed with (coopmap.maps.styles). */
  coopmap.config = null;

  /** Keep the vocabularies and styles, add coopmap.css; the runtime calls it once. */
  coopmap.install = function (settings) {
    if (coopmap.config) { return; }
    coopmap.config = settings;
    coopmap.style('coopmap', settings.css);
  };

  /** What the vocabularies say of a location precision: {key, label, point, line, polygon}. */
  coopmap.precision = function (key) {
    var precisions = coopmap.config.precisions;
    for (var i = 0; i < precisions.length; i++) {
      if (precisions[i].key === key) { return precisions[i]; }
    }
    return { key: key, label: key };
  };

  /** The value of the JSON data element (a script of type application/json) of this ``id``:
   * the page's, else that of the page this one is framed in (the app keeps a map's records in
   * its own page, sent once, and the map in a frame of it). */
  coopmap.data = function (id) {
    var node = document.getElementById(id);
    if (!node && window.parent !== window) {
      try { node = window.parent.document.getElementById(id); } catch (err) { node = null; }
    }
    if (!node) { throw new Error('coopmap: no data element ' + id); }
    return JSON.parse(node.textContent);
  };

  /** Add a layer to those coopmap.layers() lists; returns it. */
  coopmap.register = function (layer) {
    registry.push(layer);
    return layer;
  };

  /** The record (and cell) layers on the page, in the order they were made (a copy). */
  coopmap.layers = function () { return registry.slice(); };
}());
