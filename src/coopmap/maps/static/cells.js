/*
 * coopmap cells: records grouped server-side into grid cells, one dot per cell and layer.
 *
 * A cell layer draws a circle per cell, sized by how many records it holds (and no wider than
 * the cell at the map's zoom), on the map's canvas; its tooltip says how many records of the
 * layer are there. A clicked cell carries feature.properties = {cell, count, layer}, which
 * streamlit-folium returns. The layers join coopmap.layers() with the record layers'
 * count()/drawn()/size()/recordOf(); count() and drawn() come from coopmap.FeatureLayer
 * (coopmap-core.js), as the record layers' do.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.FeatureLayer || coopmap.cellLayer) { return; }

  var SCALE = coopmap.SCALE;
  var el = coopmap.el;

  function radiusOf(count) { return Math.min(5 + 2.2 * Math.log2(count), 24); }

  var CellLayer = coopmap.FeatureLayer.extend({
    initialize: function (payload, options) {
      coopmap.FeatureLayer.prototype.initialize.call(this, [], options);
      this._payload = payload;
      this._built = false;
      var self = this;
      this.bindTooltip(function (child) { return self._tipFor(child); }, coopmap.TOOLTIP);
    },

    onAdd: function (map) {
      if (!this._built) { this._build(); }
      coopmap.FeatureLayer.prototype.onAdd.call(this, map);
      map.on('zoomend', this._resize, this);
      this._resize();
    },

    onRemove: function (map) {
      map.off('zoomend', this._resize, this);
      coopmap.FeatureLayer.prototype.onRemove.call(this, map);
    },

    // A dot never spreads much beyond its cell: at most the cell's width at the map's zoom.
    _resize: function () {
      var map = this._map;
      if (!map) { return; }
      var width = map.project([0, this._payload.size], map.getZoom()).x -
        map.project([0, 0], map.getZoom()).x;
      var most = Math.max(width / 2, 3);
      this.eachLayer(function (child) {
        child.setRadius(Math.min(radiusOf(child.feature.properties.count), most));
      });
    },

    _build: function () {
      var p = this._payload;
      var o = this.options;
      for (var i = 0; i < p.n.length; i++) {
        var marker = L.circleMarker([p.y[i] / SCALE, p.x[i] / SCALE], {
          radius: radiusOf(p.n[i]), color: o.colour, weight: 1.5, opacity: 0.9,
          fillColor: o.colour, fillOpacity: 0.5
        });
        marker.feature = {
          type: 'Feature', properties: { cell: p.k[i], count: p.n[i], layer: o.key }
        };
        this.addLayer(marker);
      }
      this._built = true;
    },

    _tipFor: function (child) {
      var count = child.feature.properties.count;
      var box = el('div', 'coopmap-tip');
      el('div', 'coopmap-tip-title',
        count.toLocaleString('en-US') + (count === 1 ? ' record' : ' records'), box);
      el('div', 'coopmap-tip-sub', this.options.name + ' \u2014 an area of ' +
        this._payload.size + '\u00b0; click to list them', box);
      return box;
    },

    /** What a drawn cell stands for: {cell, count, layer}. */
    recordOf: function (child) { return child.feature.properties; },

    feature: function (child) { return child.feature; },

    /** Number of records in the layer. */
    size: function () {
      return this._payload.n.reduce(function (sum, n) { return sum + n; }, 0);
    }
  });

  coopmap.cellLayer = function (payload, options) {
    return coopmap.register(new CellLayer(payload, options));
  };
  coopmap.CellLayer = CellLayer;
}());
