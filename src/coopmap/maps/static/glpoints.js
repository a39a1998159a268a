/*
 * coopmap glpoints: the points of a map's record layers drawn with WebGL, for maps of very
 * many records.
 *
 * A record layer of a store with at least ``glFrom`` points (coopmap.maps.layers) keeps its
 * points as typed arrays here instead of one Leaflet marker each: their Web Mercator position
 * at zoom 0, their record, their precision and whether they are shown (the map's visibility:
 * filters, the time slider) or gone into a cluster (spots.js). One canvas per map, in its own
 * pane under the overlay pane, draws every such layer that is on the map, one draw call a
 * layer; circles are shaded from the precision styles the runtime was installed with.
 *
 * Where the mouse is, the point under it (the nearest within its radius, found by a scan of
 * the typed arrays) is *made*: a real marker of its layer (records.js's Dot) at the same place,
 * drawn on top by the layer's canvas, so that hover, tooltip, click, popup, the list of a
 * shared place and streamlit-folium's report of the clicked feature work as for any marker.
 * Made markers are let go when their point stops being shown, and beyond MADE_KEPT.
 *
 * coopmap.gl.available() says whether the browser gives a WebGL context; without one, record
 * layers draw markers on a canvas as for small maps. Needs coopmap-core.js first.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.gl) { return; }

  var MADE_KEPT = 64;   // made markers a layer keeps beyond those on show
  var STYLES = 8;       // precision styles the shader knows (more share the last)
  var PANE = 'coopmapPoints';

  // What the vertex shader hands each point's pixels: its style, and its side in px.
  var VARYINGS = [
    'varying float v_radius;',
    'varying float v_weight;',
    'varying float v_fill;',
    'varying vec4 v_stroke;',
    'varying float v_side;'
  ].join('\n');

  var VERTEX = [
    'attribute vec2 a_world;',
    'attribute float a_state;',
    'uniform vec2 u_origin;',
    'uniform float u_scale;',
    'uniform vec2 u_size;',
    'uniform float u_ratio;',
    'uniform float u_radius[' + STYLES + '];',
    'uniform float u_weight[' + STYLES + '];',
    'uniform float u_fill[' + STYLES + '];',
    'uniform vec4 u_stroke[' + STYLES + '];',
    VARYINGS,
    'void main() {',
    '  if (a_state < 0.5) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); gl_PointSize = 0.0; return; }',
    '  int s = int(min(a_state - 1.0, ' + (STYLES - 1) + '.0));',
    '  float radius = 0.0; float weight = 0.0; float fill = 0.0; vec4 stroke = vec4(0.0);',
    '  for (int k = 0; k < ' + STYLES + '; k++) {',
    '    if (k == s) { radius = u_radius[k]; weight = u_weight[k]; fill = u_fill[k];',
    '                  stroke = u_stroke[k]; }',
    '  }',
    '  vec2 at = (a_world - u_origin) * u_scale;',
    '  gl_Position = vec4(at.x / u_size.x * 2.0 - 1.0, 1.0 - at.y / u_size.y * 2.0, 0.0, 1.0);',
    '  v_side = 2.0 * (radius + weight / 2.0) + 1.0;',  // the circle and its half-pixel edge
    '  gl_PointSize = v_side * u_ratio;',
    '  v_radius = radius; v_weight = weight; v_fill = fill; v_stroke = stroke;',
    '}'
  ].join('\n');

  var FRAGMENT = [
    'precision mediump float;',
    'uniform vec3 u_colour;',
    VARYINGS,
    'void main() {',
    '  vec2 p = (gl_PointCoord - vec2(0.5)) * v_side;',
    '  float outer = v_radius + v_weight / 2.0;',
    '  float d2 = dot(p, p);',
    '  if (d2 > (outer + 0.5) * (outer + 0.5)) { discard; }',  // corners: no square root
    '  float d = sqrt(d2);',
    '  float edge = clamp(outer + 0.5 - d, 0.0, 1.0);',
    '  float ring = v_weight > 0.0 ? clamp(d - (v_radius - v_weight / 2.0) + 0.5, 0.0, 1.0) : 0.0;',
    '  vec4 fill = vec4(u_colour, v_fill);',
    '  vec4 c = mix(fill, v_stroke, ring * v_stroke.a);',
    '  float a = max(c.a, ring * v_stroke.a) * edge;',
    '  gl_FragColor = vec4(c.rgb * a, a);',
    '}'
  ].join('\n');

  function rgb(hex) {
    var n = parseInt(String(hex).replace('#', ''), 16);
    return [(n >> 16 & 255) / 255, (n >> 8 & 255) / 255, (n & 255) / 255];
  }

  function context(canvas) {
    var options = { preserveDrawingBuffer: true, premultipliedAlpha: true, antialias: false };
    try {
      return canvas.getContext('webgl', options) || canvas.getContext('experimental-webgl', options);
    } catch (err) {
      return null;
    }
  }

  var availability = null;

  /** Whether this browser gives a WebGL context (asked once a page). */
  function available() {
    if (availability === null) { availability = Boolean(context(document.createElement('canvas'))); }
    return availability;
  }

  function compile(gl, kind, source) {
    var shader = gl.createShader(kind);
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
      throw new Error('coopmap: a WebGL shader failed: ' + gl.getShaderInfoLog(shader));
    }
    return shader;
  }

  // --- a layer's points ----------------------------------------------------------------------

  /**
   * The points of record layer ``layer``: positions ``at`` in its store's point columns, at
   * ``lat``/``lng`` (degrees), of records ``record``, of precision codes ``code``.
   */
  function Points(layer, at, lat, lng, record, code) {
    var n = at.length;
    this.layer = layer;
    this.at = at;
    this.lat = lat;
    this.lng = lng;
    this.record = record;
    this.code = code;
    this.n = n;
    this.world = new Float32Array(2 * n);
    for (var k = 0; k < n; k++) {
      var sin = Math.sin(lat[k] * Math.PI / 180);
      sin = Math.max(Math.min(sin, 0.9999), -0.9999);
      this.world[2 * k] = 256 * (0.5 + lng[k] / 360);
      this.world[2 * k + 1] = 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
    }
    this.on = new Uint8Array(n).fill(1);
    this.hidden = new Uint8Array(n);
    this.state = new Uint8Array(n);
    this.shown = n;
    this.made = {};
    this.madeOrder = [];
    this.canvas = null;
    this._refresh();
  }

  Points.prototype._refresh = function () {
    var shown = 0;
    for (var k = 0; k < this.n; k++) {
      var show = this.on[k] && !this.hidden[k];
      this.state[k] = show ? this.code[k] + 1 : 0;
      shown += this.on[k];
    }
    this.shown = shown;
    if (this.canvas) { this.canvas.upload(this); }
  };

  /** Show the points whose record passes ``test(record)``; let go of made markers hidden. */
  Points.prototype.apply = function (test) {
    for (var k = 0; k < this.n; k++) { this.on[k] = test(this.record[k]) ? 1 : 0; }
    this._refresh();
    this._forgetHidden();
  };

  /** Keep point ``k`` out of the drawing (clustered), or put it back. */
  Points.prototype.hide = function (k, hidden) { this.hidden[k] = hidden ? 1 : 0; };

  /** Draw the points as hidden() left them. */
  Points.prototype.update = function () { this._refresh(); };

  /** Call ``fn(k, lat, lng, record)`` for each point shown (clustered or not). */
  Points.prototype.eachShown = function (fn) {
    for (var k = 0; k < this.n; k++) {
      if (this.on[k]) { fn(k, this.lat[k], this.lng[k], this.record[k]); }
    }
  };

  /** Records of the points shown, into ``add(record)``. */
  Points.prototype.eachRecord = function (add, all) {
    for (var k = 0; k < this.n; k++) { if (all || this.on[k]) { add(this.record[k]); } }
  };

  /** The index of point at store position ``i``, or -1. */
  Points.prototype.indexOf = function (i) {
    var low = 0;
    var high = this.n - 1;
    while (low <= high) {  // positions are ascending
      var middle = (low + high) >> 1;
      if (this.at[middle] === i) { return middle; }
      if (this.at[middle] < i) { low = middle + 1; } else { high = middle - 1; }
    }
    return -1;
  };

  /** The marker standing for point ``k``, made (and added to the layer) when first asked. */
  Points.prototype.make = function (k) {
    var dot = this.made[k];
    if (dot) { return dot; }
    dot = this.layer._makeDot(this.at[k], k);
    this.made[k] = dot;
    this.madeOrder.push(k);
    this._forgetOld();
    return dot;
  };

  Points.prototype._keep = function (dot) {
    var map = this.layer._map;
    return Boolean(dot._coopmapHome) ||
      Boolean(map && map._popup && map._popup._source === dot && map.hasLayer(map._popup));
  };

  Points.prototype._forget = function (k) {
    var dot = this.made[k];
    delete this.made[k];
    this.layer.removeLayer(dot);
  };

  Points.prototype._forgetOld = function () {
    var order = this.madeOrder;
    while (order.length > MADE_KEPT) {
      var k = order[0];
      if (this.made[k] && this._keep(this.made[k])) { break; }
      order.shift();
      if (this.made[k]) { this._forget(k); }
    }
  };

  Points.prototype._forgetHidden = function () {
    var self = this;
    this.madeOrder = this.madeOrder.filter(function (k) {
      if (!self.made[k]) { return false; }
      if (self.on[k] || self._keep(self.made[k])) { return true; }
      self._forget(k);
      return false;
    });
  };

  /** The nearest point shown within its radius of layer point ``world`` (zoom 0) at
   * ``scale``: [k, distance in px], or null. */
  Points.prototype.nearest = function (x, y, scale, reach) {
    var best = -1;
    var bestD = Infinity;
    var w = this.world;
    var limit = reach / scale;
    for (var k = 0; k < this.n; k++) {
      if (!this.state[k]) { continue; }
      var dx = w[2 * k] - x;
      if (dx > limit || dx < -limit) { continue; }
      var dy = w[2 * k + 1] - y;
      if (dy > limit || dy < -limit) { continue; }
      var d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = k; }
    }
    return best < 0 ? null : [best, Math.sqrt(bestD) * scale];
  };

  // --- the map's canvas ----------------------------------------------------------------------

  function Canvas(map) {
    this.map = map;
    this.layers = [];
    this.frame = null;
    var pane = map.getPane(PANE) || map.createPane(PANE);
    pane.style.zIndex = 390;  // under the overlay pane (400): made markers show on top
    pane.style.pointerEvents = 'none';
    this.node = L.DomUtil.create('canvas', 'coopmap-gl leaflet-zoom-hide', pane);
    this.gl = context(this.node);
    if (!this.gl) { throw new Error('coopmap: no WebGL context'); }
    this._program();
    map.on('move resize viewreset zoomend', this.schedule, this);
    map.on('zoomstart', function () { this.node.style.visibility = 'hidden'; }, this);
    map.on('zoomend', function () { this.node.style.visibility = ''; }, this);
    map.on('mousemove', this._hover, this);
    map.on('mousedown', this._hover, this);
  }

  Canvas.prototype._program = function () {
    var gl = this.gl;
    var program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new Error('coopmap: a WebGL program failed: ' + gl.getProgramInfoLog(program));
    }
    gl.useProgram(program);
    this.program = program;
    this.attrib = {
      world: gl.getAttribLocation(program, 'a_world'),
      state: gl.getAttribLocation(program, 'a_state')
    };
    var self = this;
    this.uniform = {};
    ['u_origin', 'u_scale', 'u_size', 'u_ratio', 'u_colour', 'u_radius', 'u_weight', 'u_fill',
      'u_stroke'].forEach(function (name) {
      self.uniform[name] = gl.getUniformLocation(program, name);
    });
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  };

  /** Draw ``points`` on this canvas from now on. */
  Canvas.prototype.add = function (points) {
    var gl = this.gl;
    points.canvas = this;
    points.buffers = { world: gl.createBuffer(), state: gl.createBuffer() };
    gl.bindBuffer(gl.ARRAY_BUFFER, points.buffers.world);
    gl.bufferData(gl.ARRAY_BUFFER, points.world, gl.STATIC_DRAW);
    this.layers.push(points);
    this.upload(points);
  };

  Canvas.prototype.upload = function (points) {
    var gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, points.buffers.state);
    gl.bufferData(gl.ARRAY_BUFFER, points.state, gl.DYNAMIC_DRAW);
    this.schedule();
  };

  Canvas.prototype.schedule = function () {
    if (this.frame !== null) { return; }
    var self = this;
    this.frame = L.Util.requestAnimFrame(function () {
      self.frame = null;
      self.draw();
    });
  };

  // The styles of a layer's precisions as the shader's uniforms.
  function styleUniforms(colour) {
    var own = rgb(colour);
    var out = { radius: [], weight: [], fill: [], stroke: [] };
    var precisions = coopmap.config.precisions;
    for (var k = 0; k < STYLES; k++) {
      var s = (precisions[Math.min(k, precisions.length - 1)] || {}).point || {};
      out.radius.push(s.radius || 5);
      out.weight.push(s.weight || 0);
      out.fill.push(s.fillOpacity === undefined ? 0.8 : s.fillOpacity);
      var stroke = s.stroke === 'self' || !s.stroke ? own : rgb(s.stroke);
      out.stroke.push(stroke[0], stroke[1], stroke[2], 1);
    }
    return out;
  }

  /** The absolute pixel (at the map's zoom) of the container's top left corner. */
  Canvas.prototype._topLeft = function () {
    return this.map.containerPointToLayerPoint([0, 0]).add(this.map.getPixelOrigin());
  };

  Canvas.prototype.draw = function () {
    var map = this.map;
    if (!map._loaded) { return; }
    var gl = this.gl;
    var size = map.getSize();
    var ratio = window.devicePixelRatio || 1;
    var node = this.node;
    if (node.width !== Math.round(size.x * ratio) || node.height !== Math.round(size.y * ratio)) {
      node.width = Math.round(size.x * ratio);
      node.height = Math.round(size.y * ratio);
      node.style.width = size.x + 'px';
      node.style.height = size.y + 'px';
    }
    L.DomUtil.setPosition(node, map.containerPointToLayerPoint([0, 0]));
    var scale = map.getZoomScale(map.getZoom(), 0);
    var origin = this._topLeft().divideBy(scale);
    gl.viewport(0, 0, node.width, node.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    var u = this.uniform;
    gl.uniform2f(u.u_origin, origin.x, origin.y);
    gl.uniform1f(u.u_scale, scale);
    gl.uniform2f(u.u_size, size.x, size.y);
    gl.uniform1f(u.u_ratio, ratio);
    var a = this.attrib;
    for (var n = 0; n < this.layers.length; n++) {
      var points = this.layers[n];
      if (!points.layer._map || !points.n) { continue; }
      var colour = points.layer.options.colour;
      if (!points.uniforms || points.uniforms.colour !== colour) {
        points.uniforms = styleUniforms(colour);
        points.uniforms.colour = colour;
      }
      var s = points.uniforms;
      var own = rgb(colour);
      gl.uniform3f(u.u_colour, own[0], own[1], own[2]);
      gl.uniform1fv(u.u_radius, s.radius);
      gl.uniform1fv(u.u_weight, s.weight);
      gl.uniform1fv(u.u_fill, s.fill);
      gl.uniform4fv(u.u_stroke, s.stroke);
      gl.bindBuffer(gl.ARRAY_BUFFER, points.buffers.world);
      gl.enableVertexAttribArray(a.world);
      gl.vertexAttribPointer(a.world, 2, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, points.buffers.state);
      gl.enableVertexAttribArray(a.state);
      gl.vertexAttribPointer(a.state, 1, gl.UNSIGNED_BYTE, false, 0, 0);
      gl.drawArrays(gl.POINTS, 0, points.n);
    }
  };

  /** The point drawn under container point ``at``: {points, k}, or null. The top layer wins. */
  Canvas.prototype.pointAt = function (at) {
    var map = this.map;
    var scale = map.getZoomScale(map.getZoom(), 0);
    var world = this._topLeft().add(at).divideBy(scale);
    for (var n = this.layers.length - 1; n >= 0; n--) {
      var points = this.layers[n];
      if (!points.layer._map) { continue; }
      var reach = Math.max.apply(null, (points.uniforms || styleUniforms('#000000')).radius) + 2;
      var found = points.nearest(world.x, world.y, scale, reach);
      if (found) {
        var style = (points.uniforms || styleUniforms('#000000'));
        var s = Math.min(points.code[found[0]], STYLES - 1);
        if (found[1] <= style.radius[s] + style.weight[s] / 2 + 1) {
          return { points: points, k: found[0] };
        }
      }
    }
    return null;
  };

  // The point under the mouse becomes a marker, which the layer's canvas then hit-tests (at
  // once: it saw this event before the marker was there).
  Canvas.prototype._hover = function (e) {
    if (this._hovering || !e.containerPoint) { return; }
    if (this.map.dragging && this.map.dragging.moving()) { return; }
    var found = this.pointAt(e.containerPoint);
    if (!found || found.points.made[found.k]) { return; }
    var dot = found.points.make(found.k);
    var renderer = dot._renderer;
    if (e.type === 'mousemove' && renderer && renderer._onMouseMove) {
      this._hovering = true;
      try { renderer._onMouseMove(e.originalEvent); } finally { this._hovering = false; }
    }
  };

  /** The WebGL canvas of ``map``, made when first asked; null without WebGL. */
  function canvasOf(map) {
    if (map._coopmapGL === undefined) {
      try {
        map._coopmapGL = available() ? new Canvas(map) : null;
      } catch (err) {
        if (window.console) { window.console.warn(String(err)); }
        map._coopmapGL = null;
      }
    }
    return map._coopmapGL;
  }

  coopmap.gl = { available: available, canvas: canvasOf, Points: Points };
}());
