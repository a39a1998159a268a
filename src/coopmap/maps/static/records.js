/*
 * coopmap records: the record stores and layers of a map.
 *
 * Expands the columnar record payloads written by coopmap.maps.payload into Leaflet layers drawn
 * on a canvas; tooltips and popups (popups.js) are built lazily from the records' attributes.
 * A store of at least ``glFrom`` points has its layers' points drawn with WebGL (glpoints.js)
 * when the browser can, each made a marker only while the mouse is on it.
 * Needs coopmap-core.js first (the namespace, the counting feature group and the layer
 * registry it adds to), glpoints.js, and spots.js before a layer is drawn (places several
 * records share).
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.store) { return; }

  var SCALE = coopmap.SCALE;  // point coordinates: integers of 1e-5 degree

  // --- columns (see coopmap.maps.payload) ----------------------------------------------------

  var TYPED = { u1: Uint8Array, u2: Uint16Array, i4: Int32Array };

  /** A list of integers: as written, or a typed array from its base64 ({i4: text}...). */
  function ints(list) {
    if (Array.isArray(list)) { return list; }
    for (var kind in TYPED) {
      if (Object.prototype.hasOwnProperty.call(list, kind)) {
        var bytes;
        if (Uint8Array.fromBase64) {  // a browser's own decoder: ten times quicker
          bytes = Uint8Array.fromBase64(list[kind]);
        } else {
          var text = atob(list[kind]);
          bytes = new Uint8Array(text.length);
          for (var b = 0; b < text.length; b++) { bytes[b] = text.charCodeAt(b); }
        }
        return new TYPED[kind](bytes.buffer);
      }
    }
    throw new Error('coopmap: unknown list of integers');
  }

  function reader(column) {
    switch (column[0]) {
      case 'c': return function () { return column[1]; };
      case 'p': return function (i) { return column[1][i]; };
      case 'd': {
        var dictionary = reader(column[1]);
        var codes = ints(column[2]);
        return function (i) {
          var code = codes[i];
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
      case 'lf': {
        var items = reader(column[1]);
        var flat = ints(column[2]);
        var sizes = ints(column[3]);
        var starts = null;  // where each row's codes start, worked out on the first read
        return function (i) {
          if (!starts) {
            starts = new Int32Array(sizes.length + 1);
            for (var s = 0; s < sizes.length; s++) { starts[s + 1] = starts[s] + sizes[s]; }
          }
          var out = [];
          for (var k = starts[i]; k < starts[i + 1]; k++) { out.push(items(flat[k])); }
          return out;
        };
      }
      case 'ld': {
        var entries = reader(column[1]);
        var rows = ints(column[3]);
        return function (i) {
          return column[2][rows[i]].map(function (code) { return entries(code); });
        };
      }
      default: throw new Error('coopmap: unknown column kind ' + column[0]);
    }
  }

  /** The records of a map: attributes read lazily from the columns, features by record. */
  function Store(payload, options) {
    this.payload = payload;
    this.options = options || {};
    this._readers = null;
    this._points = null;
  }

  Store.prototype.size = function () { return this.payload.n; };

  /** The point columns, expanded: {x, y, r, l} (r and l null when not written), n points. */
  Store.prototype.points = function () {
    if (!this._points) {
      var pt = this.payload.pt;
      var x = ints(pt.x);
      this._points = {
        x: x, y: ints(pt.y), r: pt.r ? ints(pt.r) : null, l: pt.l ? ints(pt.l) : null,
        p: reader(pt.p), n: x.length
      };
    }
    return this._points;
  };

  /** Whether this store's layers draw their points with WebGL (glpoints.js). */
  Store.prototype.webgl = function () {
    var from = this.options.glFrom;
    return from !== null && from !== undefined && this.points().n >= from &&
      Boolean(coopmap.gl) && coopmap.gl.available();
  };

  /** The attribute columns: in the payload, or read from their own data element (a page of
   * many records parses them when a record's attributes are first shown, not before). */
  Store.prototype.columns = function () {
    if (!this.payload.cols) { this.payload.cols = coopmap.data(this.options.columns).cols; }
    return this.payload.cols;
  };

  Store.prototype.record = function (i) {
    var columns = this.columns();
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
      if (this._gl) {
        // Markers made under the mouse need their canvas there before the click.
        var renderer = canvasFor(map);
        if (!renderer._map) { map.addLayer(renderer); }
        this._gl.canvas.schedule();
      }
      // Polygons under lines under points, so a country never hides the sites inside it.
      this._shapes.forEach(function (shape) { if (!shape._coopmapArea) { shape.bringToBack(); } });
      this._shapes.forEach(function (shape) { if (shape._coopmapArea) { shape.bringToBack(); } });
    },

    _build: function (map) {
      var payload = this.store.payload;
      var mask = this._mask;
      var styles = this._styles = stylesFor(this.options.colour, canvasFor(map));
      var pt = this.store.points();
      var canvas = this.store.webgl() ? coopmap.gl.canvas(map) : null;
      var layers = [];
      if (canvas) {
        this._glPoints(canvas);
      } else {
        for (var i = 0; i < pt.n; i++) {
          var r = pt.r ? pt.r[i] : i;
          if (!mask[r]) { continue; }
          layers.push(this._dot(i));
        }
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

    // The marker of the point at position ``i`` of the store's point columns.
    _dot: function (i) {
      var pt = this.store.points();
      var code = pt.p(i);
      var marker = new Dot([pt.y[i] / SCALE, pt.x[i] / SCALE], this._styles[code].point);
      marker._coopmap = { r: pt.r ? pt.r[i] : i, l: pt.l ? pt.l[i] : 0, p: code, i: i };
      return marker;
    },

    // The layer's points as typed arrays on the map's WebGL canvas; their places shared with
    // other records noted (spots.js) as stand-ins until a marker is made for one.
    _glPoints: function (canvas) {
      var pt = this.store.points();
      var mask = this._mask;
      var n = 0;
      var i;
      for (i = 0; i < pt.n; i++) { if (mask[pt.r ? pt.r[i] : i]) { n++; } }
      var at = new Int32Array(n);
      var lat = new Float64Array(n);
      var lng = new Float64Array(n);
      var record = new Int32Array(n);
      var code = new Uint8Array(n);
      var k = 0;
      for (i = 0; i < pt.n; i++) {
        var r = pt.r ? pt.r[i] : i;
        if (!mask[r]) { continue; }
        at[k] = i;
        lat[k] = pt.y[i] / SCALE;
        lng[k] = pt.x[i] / SCALE;
        record[k] = r;
        code[k] = pt.p(i);
        k++;
      }
      this._gl = new coopmap.gl.Points(this, at, lat, lng, record, code);
      canvas.add(this._gl);
      coopmap.spots.standIns(this, this._gl);
    },

    // A marker made for WebGL point ``k`` (store position ``i``), added to the layer.
    _makeDot: function (i, k) {
      var dot = this._dot(i);
      dot._coopmapMade = k;
      coopmap.spots.mark(this, dot);
      if (this._gl.hidden[k]) { dot._coopmapHidden = true; }
      this.addLayer(dot);
      return dot;
    },

    /** Number of features the layer holds once drawn (WebGL points and the others). */
    count: function () {
      if (!this._gl) { return coopmap.FeatureLayer.prototype.count.call(this); }
      return this._gl.n + this._shapes.length;
    },

    /** Number of features currently on the map. */
    drawn: function () {
      if (!this._gl) { return coopmap.FeatureLayer.prototype.drawn.call(this); }
      var n = this._map ? this._gl.shown : 0;
      this._shapes.forEach(function (child) {
        if (child._map && child._renderer && child._renderer._layers[L.stamp(child)]) { n++; }
      });
      return n;
    },

    /** How the layer draws its points: 'webgl' or 'canvas'. */
    drawing: function () { return this._gl ? 'webgl' : 'canvas'; },

    onRemove: function (map) {
      coopmap.FeatureLayer.prototype.onRemove.call(this, map);
      if (this._gl) { this._gl.canvas.schedule(); }
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
    store: function (payload, options) { return new Store(payload, options); },
    ints: ints,
    recordLayer: function (store, members, options) {
      return coopmap.register(new RecordLayer(store, members, options));
    },
    RecordLayer: RecordLayer,
    Store: Store
  });
}());
