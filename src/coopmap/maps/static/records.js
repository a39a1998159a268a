/*
 * coopmap records: the record stores and layers of a map.
 *
 * Expands the columnar record payloads written by coopmap.maps.payload into Leaflet layers drawn
 * on a canvas; tooltips and popups (popups.js) are built lazily from the records' attributes.
 * Needs coopmap-core.js first (the namespace, the counting feature group and the layer
 * registry it adds to) and spots.js before a layer is drawn (places several records share).
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.store) { return; }

  var SCALE = coopmap.SCALE;  // point coordinates: integers of 1e-5 degree

  // --- columns (see coopmap.maps.payload) ----------------------------------------------------

  function reader(column) {
    switch (column[0]) {
      case 'c': return function () { return column[1]; };
      case 'p': return function (i) { return column[1][i]; };
      case 'd': {
        var dictionary = reader(column[1]);
        return function (i) {
          var code = column[2][i];
          return code < 0 ? null : dictionary(code);
        };
      }
      case 't': {
        var fields = Object.keys(column[1]).map(function (name) {
          return [name, reader(column[1][name])];
        });
        return function (i) {
          var row = {};
          for (var k = 0; k < fields.length; k++) {
            var value = fields[k][1](i);
            if (value !== null && value !== undefined) { row[fields[k][0]] = value; }
          }
          return row;
        };
      }
      case 'l': {
        var items = reader(column[1]);
        return function (i) { return column[2][i].map(function (code) { return items(code); }); };
      }
      case 'ld': {
        var entries = reader(column[1]);
        return function (i) {
          return column[2][column[3][i]].map(function (code) { return entries(code); });
        };
      }
      default: throw new Error('coopmap: unknown column kind ' + column[0]);
    }
  }

  /** The records of a map: attributes read lazily from the columns, features by record. */
  function Store(payload) {
    this.payload = payload;
    this._readers = null;
  }

  Store.prototype.size = function () { return this.payload.n; };

  Store.prototype.record = function (i) {
    var columns = this.payload.cols;
    if (!this._readers) {
      this._readers = [];
      for (var name in columns) { this._readers.push([name, reader(columns[name])]); }
    }
    var out = {};
    for (var k = 0; k < this._readers.length; k++) {
      var value = this._readers[k][1](i);
      if (value !== null && value !== undefined) { out[this._readers[k][0]] = value; }
    }
    return out;
  };

  /** A 0/1 array over the store's records from a layer's member list. */
  Store.prototype.mask = function (members) {
    var mask = new Uint8Array(this.payload.n);
    if (members[0] === 'all') { mask.fill(1); return mask; }
    var at = 0;
    for (var k = 1; k < members.length; k++) { at += members[k]; mask[at] = 1; }
    return mask;
  };

  // --- styles --------------------------------------------------------------------------------

  var batchKeys = 0;

  function pointStyle(s, colour, renderer) {
    return {
      renderer: renderer, radius: s.radius, weight: s.weight, opacity: 1,
      color: s.stroke === 'self' ? colour : s.stroke,
      fillColor: colour, fillOpacity: s.fillOpacity, dashArray: s.dashArray || null,
      batch: ++batchKeys
    };
  }

  function pathStyle(s, colour, renderer, fill) {
    return {
      renderer: renderer, color: colour, weight: s.weight, opacity: s.opacity,
      dashArray: s.dashArray || null, fill: fill, fillColor: colour,
      fillOpacity: fill ? s.fillOpacity : 0
    };
  }

  function stylesFor(colour, renderer) {
    return coopmap.config.precisions.map(function (p) {
      return {
        point: pointStyle(p.point, colour, renderer),
        line: pathStyle(p.line, colour, renderer, false),
        polygon: pathStyle(p.polygon, colour, renderer, true)
      };
    });
  }

  /*
   * A canvas renderer that stamps circle markers from a small picture drawn once per style,
   * instead of filling and stroking every circle: ten times quicker with 100,000 points and
   * the same to the eye. Markers are stamped after lines and polygons; hit-testing is
   * Leaflet's own, on the real markers.
   */
  var SpriteCanvas = L.Canvas.extend({
    _draw: function () {
      this._stamps = [];
      this._stampsOf = {};
      L.Canvas.prototype._draw.call(this);
      this._flushStamps();
    },

    _updateCircle: function (layer) {
      var key = layer.options.batch;
      if (!this._drawing || key === undefined || layer._radiusY !== undefined) {
        L.Canvas.prototype._updateCircle.call(this, layer);
        return;
      }
      if (layer._empty()) { return; }
      var stamps = this._stampsOf[key];
      if (!stamps) {
        stamps = this._stampsOf[key] = { layer: layer, at: [] };
        this._stamps.push(stamps);
      }
      stamps.at.push(Math.round(layer._point.x), Math.round(layer._point.y));
    },

    _sprite: function (layer) {
      var o = layer.options;
      var radius = Math.max(Math.round(layer._radius), 1);
      var key = o.batch + ':' + radius;
      this._sprites = this._sprites || {};
      if (this._sprites[key]) { return this._sprites[key]; }
      var ratio = L.Browser.retina ? 2 : 1;
      var half = Math.ceil(radius + (o.stroke ? o.weight : 0)) + 1;
      var canvas = document.createElement('canvas');
      canvas.width = canvas.height = 2 * half * ratio;
      var ctx = canvas.getContext('2d');
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      ctx.arc(half, half, radius, 0, Math.PI * 2, false);
      this._fillStroke(ctx, layer);
      this._sprites[key] = { canvas: canvas, half: half };
      return this._sprites[key];
    },

    _flushStamps: function () {
      var ctx = this._ctx;
      var bounds = this._redrawBounds;
      ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        ctx.beginPath();
        ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        ctx.clip();
      }
      for (var b = 0; b < this._stamps.length; b++) {
        var sprite = this._sprite(this._stamps[b].layer);
        var at = this._stamps[b].at;
        var width = 2 * sprite.half;
        for (var i = 0; i < at.length; i += 2) {
          ctx.drawImage(sprite.canvas, at[i] - sprite.half, at[i + 1] - sprite.half, width, width);
        }
      }
      ctx.restore();
      this._stamps = [];
      this._stampsOf = {};
    }
  });

  /** The renderer record layers draw with: one sprite canvas per map. */
  function canvasFor(map) {
    if (!map._coopmapCanvas) {
      if (map._renderer) {
        map._coopmapCanvas = map.getRenderer({ options: {} });  // share it: canvases stack
      } else {
        map._coopmapCanvas = new SpriteCanvas({ padding: 0.5 });
        map.options.renderer = map._coopmapCanvas;
      }
    }
    return map._coopmapCanvas;
  }

  /*
   * A record's point: a circle marker that a cluster can hide (``_coopmapHidden``, see
   * spots.js) without taking it out of its layer, so counts and filters do not change, and
   * that keeps its place (``_coopmapHome``) while spread out.
   */
  var Dot = L.CircleMarker.extend({
    _updatePath: function () {
      if (!this._coopmapHidden) { L.CircleMarker.prototype._updatePath.call(this); }
    },
    _containsPoint: function (p) {
      return !this._coopmapHidden && L.CircleMarker.prototype._containsPoint.call(this, p);
    },
    // Where the record is, also while spread out from it.
    toGeoJSON: function (precision) {
      var home = this._coopmapHome;
      if (!home) { return L.CircleMarker.prototype.toGeoJSON.call(this, precision); }
      return L.GeoJSON.getFeature(this, {
        type: 'Point', coordinates: L.GeoJSON.latLngToCoords(home, precision)
      });
    }
  });

  // --- record layers -------------------------------------------------------------------------

  var RecordLayer = coopmap.FeatureLayer.extend({
    initialize: function (store, members, options) {
      coopmap.FeatureLayer.prototype.initialize.call(this, [], options);
      this.store = store;
      this._mask = store.mask(members);
      this._size = this._mask.reduce(function (sum, bit) { return sum + bit; }, 0);
      this._shapes = [];
      this._built = false;
      var self = this;
      this.bindTooltip(function (child) {
        return coopmap.spotTip(self, child, coopmap.tooltip(self, child));
      }, coopmap.TOOLTIP);
      // A place that holds several records lists them to pick from (spots.js).
      this.bindPopup(function (child) {
        self.feature(child);
        return coopmap.spotPopup(self, child) || coopmap.popup(self, child);
      }, { maxWidth: 380, minWidth: 260, maxHeight: 440, className: 'coopmap-popup' });
      this.on('click', function (e) { if (e.layer) { self.feature(e.layer); } });
    },

    onAdd: function (map) {
      if (!this._built) { this._build(map); }
      coopmap.FeatureLayer.prototype.onAdd.call(this, map);
      // Polygons under lines under points, so a country never hides the sites inside it.
      this._shapes.forEach(function (shape) { if (!shape._coopmapArea) { shape.bringToBack(); } });
      this._shapes.forEach(function (shape) { if (shape._coopmapArea) { shape.bringToBack(); } });
    },

    _build: function (map) {
      var payload = this.store.payload;
      var mask = this._mask;
      var styles = stylesFor(this.options.colour, canvasFor(map));
      var pt = payload.pt;
      var precision = reader(pt.p);
      var layers = [];
      for (var i = 0; i < pt.x.length; i++) {
        var r = pt.r ? pt.r[i] : i;
        if (!mask[r]) { continue; }
        var code = precision(i);
        var marker = new Dot([pt.y[i] / SCALE, pt.x[i] / SCALE], styles[code].point);
        marker._coopmap = { r: r, l: pt.l ? pt.l[i] : 0, p: code, i: i };
        layers.push(marker);
      }
      for (var k = 0; k < payload.sh.length; k++) {
        var item = payload.sh[k];
        if (!mask[item[0]]) { continue; }
        var area = item[3].type.indexOf('Polygon') >= 0;
        var shape = L.GeoJSON.geometryToLayer({ type: 'Feature', properties: {}, geometry: item[3] },
          area ? styles[item[2]].polygon : styles[item[2]].line);
        shape._coopmap = { r: item[0], l: item[1], p: item[2], k: k };
        shape._coopmapArea = area;
        this._shapes.push(shape);
        layers.push(shape);
      }
      for (var j = 0; j < layers.length; j++) { this.addLayer(layers[j]); }
      coopmap.spots.register(this, layers);
      this._built = true;
    },

    /** The record of a drawn feature, as a plain object of its attributes. */
    recordOf: function (child) { return this.store.record(child._coopmap.r); },

    /** A GeoJSON feature for a drawn feature, kept on it (st_folium reads ``layer.feature``). */
    feature: function (child) {
      if (!child.feature) {
        var record = this.recordOf(child);
        child.feature = {
          type: 'Feature', id: record.id,
          properties: L.extend({ location_index: child._coopmap.l }, record)
        };
      }
      return child.feature;
    },

    /** Number of records in the layer. */
    size: function () { return this._size; }
  });

  // --- public --------------------------------------------------------------------------------

  L.extend(coopmap, {
    store: function (payload) { return new Store(payload); },
    recordLayer: function (store, members, options) {
      return coopmap.register(new RecordLayer(store, members, options));
    },
    RecordLayer: RecordLayer,
    Store: Store
  });
}());
