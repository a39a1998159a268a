/*
 * coopmap basemap: Natural Earth's land, lakes, rivers and country borders and the gazetteer's
 * city labels, drawn on one canvas in a pane beneath the tiles, so the map shows a world
 * wherever tiles do not load (coopmap.maps.basemap). Needs coopmap-core.js first.
 *
 *   coopmap.basemap(map, world, labels)  the basemap layer (world and labels as Python encodes
 *                                        them: lines as text, see coopmap.maps.basemap)
 *   coopmap.baseChoice(basemap, kind)    a base layer for the layer control: 'basemap' (the
 *                                        offline basemap alone) or 'none' (not even that)
 *   coopmap.basemapOf(map)               the basemap made for a map (labelsShown() names
 *                                        the labels its last draw showed)
 *   coopmap.decodeLine(text)             a line's [lon, lat] points, in degrees
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.basemap) { return; }

  var SCALE = 100;          // line coordinates: integers of 1e-2 degree
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var CHUNK = 32;
  var MAX_LAT = 85.0511287798;
  var PANE = 'coopmapBasemap';
  var PADDING = 0.3;        // the canvas reaches this share of the map's size beyond each side
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) { DIGIT[ALPHABET.charAt(d)] = d; }

  function decodeNumbers(text) {
    var out = [];
    var number = 0;
    var shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      if (digit >= CHUNK) {
        number += (digit - CHUNK) * Math.pow(2, shift);
        shift += 5;
        continue;
      }
      number += digit * Math.pow(2, shift);
      out.push(number % 2 ? -(number + 1) / 2 : number / 2);
      number = 0;
      shift = 0;
    }
    return out;
  }

  function decodeLine(text) {
    var steps = decodeNumbers(text);
    var points = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i + 1 < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      points.push([x / SCALE, y / SCALE]);
    }
    return points;
  }

  // Web Mercator at zoom 0 (a 256 px world), as Leaflet's EPSG:3857 projects it.
  function projectX(lon) { return (lon + 180) / 360 * 256; }
  function projectY(lat) {
    var phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2 * 256;
  }

  /** A line as projected points and their box: {xy: Float64Array, box: [x0, y0, x1, y1]}. */
  function shape(text) {
    var points = decodeLine(text);
    var xy = new Float64Array(points.length * 2);
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    for (var i = 0; i < points.length; i++) {
      var x = projectX(points[i][0]);
      var y = projectY(points[i][1]);
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
      if (x < box[0]) { box[0] = x; }
      if (y < box[1]) { box[1] = y; }
      if (x > box[2]) { box[2] = x; }
      if (y > box[3]) { box[3] = y; }
    }
    return { xy: xy, box: box };
  }

  function decodeWorld(world) {
    return {
      land: world.land.map(function (rings) { return rings.map(shape); }),
      lakes: world.lakes.map(function (lake) {
        return { zoom: lake[0], rings: lake.slice(1).map(shape) };
      }),
      rivers: world.rivers.map(function (river) {
        var s = shape(river[1]);
        s.zoom = river[0];
        return s;
      }),
      borders: world.borders.map(shape)
    };
  }

  function decodeLabels(labels) {
    var points = labels.points ? decodeLine(labels.points) : [];
    var capitals = {};
    labels.capitals.forEach(function (i) { capitals[i] = true; });
    return labels.names.map(function (name, i) {
      return {
        name: name,
        x: projectX(points[i][0]),
        y: projectY(points[i][1]),
        zoom: Number(labels.zooms.charAt(i)),
        capital: Boolean(capitals[i])
      };
    });
  }

  /** The view a draw covers, ``pad`` pixels beyond each side of the map: zoom-0 pixels to
   * canvas pixels, the world copies to draw. */
  function viewOf(map, pad) {
    var zoom = map.getZoom();
    var scale = Math.pow(2, zoom);
    var size = map.getSize().add(pad.multiplyBy(2));
    var origin = map.getPixelBounds().min.subtract(pad);
    var world = 256 * scale;
    var copies = [];
    for (var k = Math.floor(origin.x / world); k <= Math.floor((origin.x + size.x) / world); k++) {
      copies.push(k * world);
    }
    return { zoom: zoom, scale: scale, size: size, origin: origin, copies: copies };
  }

  function visible(box, view, shift) {
    var s = view.scale;
    return box[2] * s + shift >= view.origin.x && box[0] * s + shift <= view.origin.x + view.size.x &&
      box[3] * s >= view.origin.y && box[1] * s <= view.origin.y + view.size.y;
  }

  // A shape's points on the canvas, each less than MIN_STEP pixels from the last one drawn left
  // out: on the world view a coast has far more points than pixels.
  var MIN_STEP = 0.8;
  function trace(ctx, s, view, shift, close) {
    var xy = s.xy;
    var k = view.scale;
    var ox = view.origin.x - shift;
    var oy = view.origin.y;
    var last = xy.length - 2;
    var px = xy[0] * k - ox;
    var py = xy[1] * k - oy;
    ctx.moveTo(px, py);
    for (var i = 2; i <= last; i += 2) {
      var x = xy[i] * k - ox;
      var y = xy[i + 1] * k - oy;
      if (i === last || Math.abs(x - px) + Math.abs(y - py) >= MIN_STEP) {
        ctx.lineTo(x, y);
        px = x;
        py = y;
      }
    }
    if (close) { ctx.closePath(); }
  }

  // Shapes go to the canvas in batches of BATCH subpaths, each painted by ``paint``: a path of
  // thousands of subpaths fills many times slower than its parts one batch at a time.
  var BATCH = 40;

  function lines(ctx, shapes, view, paint) {
    polygons(ctx, shapes.map(function (s) { return [s]; }), view, paint, false);
  }

  function polygons(ctx, list, view, paint, close) {
    var count = 0;
    ctx.beginPath();
    view.copies.forEach(function (shift) {
      list.forEach(function (rings) {
        if (!rings.length || !visible(rings[0].box, view, shift)) { return; }
        rings.forEach(function (ring) { trace(ctx, ring, view, shift, close !== false); });
        count += rings.length;
        if (count >= BATCH) {
          paint();
          ctx.beginPath();
          count = 0;
        }
      });
    });
    if (count) { paint(); }
  }

  // Labels: drawn in their order, each left out where it would overlap one drawn before.
  function Placed(cell) { this.cell = cell; this.grid = {}; }
  Placed.prototype.keys = function (b) {
    var keys = [];
    for (var i = Math.floor(b[0] / this.cell); i <= Math.floor(b[2] / this.cell); i++) {
      for (var j = Math.floor(b[1] / this.cell); j <= Math.floor(b[3] / this.cell); j++) { keys.push(i + ',' + j); }
    }
    return keys;
  };
  Placed.prototype.free = function (b) {
    var grid = this.grid;
    return this.keys(b).every(function (key) {
      return !(grid[key] || []).some(function (o) {
        return b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1];
      });
    });
  };
  Placed.prototype.add = function (b) {
    var grid = this.grid;
    this.keys(b).forEach(function (key) { (grid[key] = grid[key] || []).push(b); });
  };

  function drawLabels(ctx, labels, view, style) {
    var placed = new Placed(64);
    var shown = [];
    var gap = 4;
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    labels.forEach(function (label) {
      if (label.zoom > view.zoom) { return; }
      view.copies.forEach(function (shift) {
        var x = label.x * view.scale + shift - view.origin.x;
        var y = label.y * view.scale - view.origin.y;
        if (x < -20 || y < -20 || x > view.size.x + 20 || y > view.size.y + 20) { return; }
        var big = label.capital || label.zoom + 2 <= view.zoom;
        var size = label.capital ? 13 : big ? 12 : 11;
        ctx.font = (label.capital ? '600 ' : '') + size + 'px ' + style.font;
        var width = ctx.measureText(label.name).width;
        var dot = label.capital ? 3.5 : 2.5;
        var box = [x - dot - 1, y - size / 2 - 2, x + dot + gap + width + 2, y + size / 2 + 2];
        if (!placed.free(box)) { return; }
        placed.add(box);
        shown.push(label.name);
        ctx.beginPath();
        ctx.arc(x, y, dot, 0, 2 * Math.PI);
        ctx.fillStyle = label.capital ? style.halo : style.town;
        ctx.strokeStyle = style.label;
        ctx.lineWidth = label.capital ? 1.5 : 1;
        ctx.fill();
        ctx.stroke();
        if (label.capital) {
          ctx.beginPath();
          ctx.arc(x, y, 1.3, 0, 2 * Math.PI);
          ctx.fillStyle = style.label;
          ctx.fill();
        }
        ctx.strokeStyle = style.halo;
        ctx.lineWidth = 3;
        ctx.strokeText(label.name, x + dot + gap, y);
        ctx.fillStyle = style.label;
        ctx.fillText(label.name, x + dot + gap, y);
      });
    });
    return shown;
  }

  var Basemap = L.Layer.extend({
    initialize: function (world, labels) {
      this._world = decodeWorld(world);
      this._labels = decodeLabels(labels);
      this._shown = [];
    },

    onAdd: function (map) {
      var pane = map.getPane(PANE) || map.createPane(PANE);
      pane.style.zIndex = 150;   // below the tile pane (200): tiles cover it once they load
      pane.style.pointerEvents = 'none';
      L.DomUtil.addClass(map.getContainer(), 'coopmap-map');
      this._canvas = L.DomUtil.create('canvas', 'coopmap-basemap leaflet-zoom-animated', pane);
      this._update();
    },

    onRemove: function () {
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    getEvents: function () {
      var events = { moveend: this._update, resize: this._update, viewreset: this._update };
      if (this._map && this._map._zoomAnimated) { events.zoomanim = this._animateZoom; }
      return events;
    },

    /** The names of the city labels the last draw showed. */
    labelsShown: function () { return this._shown.slice(); },

    _animateZoom: function (e) {
      var map = this._map;
      var scale = map.getZoomScale(e.zoom, map.getZoom());
      var offset = map._latLngToNewLayerPoint(this._topLeft, e.zoom, e.center);
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    _update: function () {
      var map = this._map;
      if (!map || !this._canvas) { return; }
      var canvas = this._canvas;
      var pad = map.getSize().multiplyBy(PADDING).round();
      var view = viewOf(map, pad);
      var ratio = window.devicePixelRatio || 1;
      this._topLeft = map.containerPointToLatLng([-pad.x, -pad.y]);
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([-pad.x, -pad.y]));
      canvas.width = Math.round(view.size.x * ratio);
      canvas.height = Math.round(view.size.y * ratio);
      canvas.style.width = view.size.x + 'px';
      canvas.style.height = view.size.y + 'px';
      var ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._shown = this._draw(ctx, view, coopmap.config.basemap);
    },

    _draw: function (ctx, view, style) {
      var world = this._world;
      var z = view.zoom;
      ctx.fillStyle = style.sea;
      ctx.fillRect(0, 0, view.size.x, view.size.y);
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';

      polygons(ctx, world.land, view, function () {
        ctx.fillStyle = style.land;
        ctx.fill('evenodd');
        ctx.strokeStyle = style.coast;
        ctx.lineWidth = z < 4 ? 0.6 : 0.9;
        ctx.stroke();
      });

      var lakes = world.lakes.filter(function (lake) { return lake.zoom <= z; })
        .map(function (lake) { return lake.rings; });
      polygons(ctx, lakes, view, function () {
        ctx.fillStyle = style.water;
        ctx.fill('evenodd');
        ctx.strokeStyle = style.coast;
        ctx.lineWidth = 0.6;
        ctx.stroke();
      });

      // river min_zoom is Natural Earth's, for 512 px tiles: one less than Leaflet's zoom
      var rivers = world.rivers.filter(function (river) { return river.zoom + 1 <= z; });
      lines(ctx, rivers, view, function () {
        ctx.strokeStyle = style.river;
        ctx.lineWidth = z < 5 ? 0.8 : z < 7 ? 1.2 : 1.6;
        ctx.stroke();
      });

      lines(ctx, world.borders, view, function () {
        ctx.strokeStyle = style.borderHalo;
        ctx.lineWidth = z < 4 ? 2.5 : 4;
        ctx.globalAlpha = 0.5;
        ctx.stroke();
        ctx.globalAlpha = 1;
        ctx.strokeStyle = style.border;
        ctx.lineWidth = z < 4 ? 0.8 : 1.1;
        ctx.stroke();
      });

      return drawLabels(ctx, this._labels, view, style);
    }
  });

  var made = [];

  function basemap(map, world, labels) {
    var layer = new Basemap(world, labels);
    made.push({ map: map, layer: layer });
    return layer;
  }

  /** A base layer of its own: the basemap alone ('basemap'), or not even that ('none'). */
  var BaseChoice = L.Layer.extend({
    initialize: function (base, kind) { this._base = base; this._kind = kind; },
    onAdd: function (map) {
      var container = map.getContainer();
      if (this._kind === 'none') {
        if (map.hasLayer(this._base)) { map.removeLayer(this._base); }
        L.DomUtil.addClass(container, 'coopmap-no-basemap');
      } else if (!map.hasLayer(this._base)) {
        map.addLayer(this._base);
      }
    },
    onRemove: function (map) {
      if (this._kind === 'none') {
        L.DomUtil.removeClass(map.getContainer(), 'coopmap-no-basemap');
        map.addLayer(this._base);
      }
    }
  });

  coopmap.basemap = basemap;
  /** The basemap made for ``map`` (for the page's tests), or null. */
  coopmap.basemapOf = function (map) {
    for (var i = made.length - 1; i >= 0; i--) { if (made[i].map === map) { return made[i].layer; } }
    return null;
  };
  coopmap.baseChoice = function (base, kind) { return new BaseChoice(base, kind); };
  coopmap.decodeLine = decodeLine;
}());
