/*
 * coopmap spots: places that hold several records, so that every record can be reached.
 *
 * A store's payload lists the features drawn at one place (``at``, coopmap.maps.payload). A
 * click on such a place lists its records (title, kind, sectors, dates) in the popup; picking
 * one fires a click on that record's feature, so its own popup opens and streamlit-folium
 * reports it as the clicked feature, as for a place with one record; its popup leads back to
 * the list. Every record popup keeps inside the map (fit) and clear of an open legend, which
 * folds away (clearOfLegend). Points that share a spot
 * also either spread out around it on click ('spread', the default) or, below CLUSTER_UNTIL,
 * gather with nearby points into a count ('cluster'): coopmap.points(map, mode) chooses.
 * A clustered point stays in its layer (counts and filters are unchanged); it is only not
 * drawn and not hit (records.js's Dot). A layer's WebGL points (glpoints.js) take part through
 * stand-ins, plain objects in a place's list that become markers when picked or spread out;
 * their clusters hide them on the WebGL canvas. Needs coopmap-core.js and popups.js first.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.spots) { return; }

  var el = coopmap.el;
  var MODES = ['spread', 'cluster'];
  var CLUSTER_UNTIL = 10;  // zoom from which points are never clustered
  var RADIUS = 40;         // px: points this close on screen to a cluster's first join it
  var SPACING = 22;        // px between spread points on their circle
  var POPUP_OFFSET = [0, 7];  // Leaflet's own
  var POPUP = { maxWidth: 380, minWidth: 260, maxHeight: 440 };  // a record's popup, at most
  var EDGE = 12;           // px kept between a popup and the map's edge

  // --- which features share a place ----------------------------------------------------------

  function index(store) {
    if (!store._spots) {
      var at = store.payload.at || {};
      var spots = { pt: {}, sh: {}, children: [] };
      ['pt', 'sh'].forEach(function (kind) {
        (at[kind] || []).forEach(function (group) {
          var g = spots.children.length;
          spots.children.push([]);
          group.forEach(function (position) { spots[kind][position] = g; });
        });
      });
      store._spots = spots;
    }
    return store._spots;
  }

  /** Note which of a record layer's new features share a place with others. */
  function register(layer, children) {
    var spots = index(layer.store);
    children.forEach(function (child) {
      var c = child._coopmap;
      var g = c.i !== undefined ? spots.pt[c.i] : spots.sh[c.k];
      if (g === undefined) { return; }
      c.spot = g;
      c.layer = layer;
      spots.children[g].push(child);
    });
    // A record picked from a list shows as itself until its popup closes.
    layer.on('popupclose', function () { layer._coopmapPick = layer._coopmapFrom = null; });
    layer.on('popupopen', function (e) {
      pointLayers(layer._map).forEach(function (other) { other.closeTooltip(); });
      clearOfLegend(layer._map, e.popup);
    });
  }

  function meets(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // A popup is drawn under the map's controls: an open legend that it would meet folds away
  // (its button shows it again), once the popup is where Leaflet pans it to.
  function clearOfLegend(map, popup) {
    function check() {
      var legend = map.getContainer().querySelector('.coopmap-legend:not(.coopmap-legend-folded)');
      var box = popup.getElement();
      if (!legend || !box || !map.hasLayer(popup)) { return; }
      if (meets(legend.getBoundingClientRect(), box.getBoundingClientRect())) {
        legend.querySelector('.coopmap-legend-toggle').click();
      }
    }
    check();
    map.once('moveend', check);
  }

  /** Note which of a record layer's WebGL ``points`` share a place with others: stand-ins. */
  function standIns(layer, points) {
    var spots = index(layer.store);
    if (!spots.children.length) { return; }
    for (var k = 0; k < points.n; k++) {
      var g = spots.pt[points.at[k]];
      if (g === undefined) { continue; }
      spots.children[g].push({
        _coopmapStandIn: points,
        _coopmap: { r: points.record[k], i: points.at[k], k: k, spot: g, layer: layer }
      });
    }
  }

  /** Note where a marker made for a WebGL point is (it stands for its stand-in). */
  function mark(layer, dot) {
    var g = index(layer.store).pt[dot._coopmap.i];
    dot._coopmap.layer = layer;
    if (g !== undefined) { dot._coopmap.spot = g; }
  }

  // A stand-in's marker (made now if need be); any other feature itself.
  function real(child) {
    var points = child._coopmapStandIn;
    return points ? points.make(child._coopmap.k) : child;
  }

  function drawn(child) {
    var layer = child._coopmap.layer;
    var points = child._coopmapStandIn;
    if (points) {
      var k = child._coopmap.k;
      return Boolean(layer._map) && points.on[k] === 1 && !points.hidden[k];
    }
    return Boolean(layer._map) && layer.hasLayer(child) && !child._coopmapHidden;
  }

  function byRecord(a, b) { return a.child._coopmap.r - b.child._coopmap.r; }

  /** The features drawn at the place of ``child`` (of ``layer``), one per record: [{layer,
   * child}], ``child`` first (the record a click on the place picks by itself), then the
   * others in the store's order. */
  function here(layer, child) {
    var g = child._coopmap.spot;
    var first = { layer: layer, child: child };
    if (g === undefined) { return [first]; }
    var seen = {};
    seen[child._coopmap.r] = true;
    var others = [];
    index(layer.store).children[g].forEach(function (c) {
      var r = c._coopmap.r;
      if (seen[r] || !drawn(c)) { return; }
      seen[r] = true;
      others.push({ layer: c._coopmap.layer, child: c });
    });
    return [first].concat(others.sort(byRecord));
  }

  // --- the list to pick from -----------------------------------------------------------------

  // Open the record of ``entry``, picked from the list that ``from`` (its first entry) opened.
  function pick(entry, from) {
    var child = real(entry.child);
    var map = entry.layer._map;
    var at = child.getLatLng ? child.getLatLng() : (map._popup && map._popup.getLatLng());
    entry.layer._coopmapPick = child;
    entry.layer._coopmapFrom = from;
    child.fire('click', { latlng: at || map.getCenter() }, true);
  }

  /** A list of ``entries`` (from here()) to pick a record from. */
  function listContent(entries) {
    var box = el('div', 'coopmap-card coopmap-spot');
    el('div', 'coopmap-title', entries.length + ' records here', box);
    el('div', 'coopmap-kind', 'Pick one to see it', box);
    var ul = el('ul', 'coopmap-spot-list', null, box);
    entries.forEach(function (entry) {
      var record = entry.layer.recordOf(entry.child);
      var item = el('li', null, null, ul);
      var button = el('button', 'coopmap-spot-item', null, item);
      button.type = 'button';
      button.style.borderLeftColor = record.kind === 'event' ? entry.layer.options.colour
        : coopmap.sectorColour((record.sectors || [])[0]);
      el('span', 'coopmap-spot-title', record.title, button);
      el('span', 'coopmap-spot-sub', coopmap.summary(record), button);
      L.DomEvent.on(button, 'click', function (e) {
        L.DomEvent.stop(e);
        pick(entry, entries[0]);
      });
    });
    return box;
  }

  /** A record's popup (``box``) at a place of several, with the way back to their list, as
   * ``from`` (its first entry) opened it. */
  function withBack(layer, child, from, count, box) {
    var back = el('button', 'coopmap-spot-back', '\u2039 All ' + count + ' records here');
    back.type = 'button';
    box.insertBefore(back, box.firstChild);
    L.DomEvent.on(back, 'click', function (e) {
      L.DomEvent.stop(e);
      layer._coopmapPick = layer._coopmapFrom = null;
      layer._coopmapList = { at: child, from: from };
      layer.getPopup().update();  // the list again, where it was (spread points stay so)
    });
    return box;
  }

  // A popup never wider or taller than the map leaves room for (a narrow window's map is
  // narrow), and panned clear of the map's edges and of the zoom buttons when it opens.
  function fit(popup, map) {
    if (!map) { return; }
    var size = map.getSize();
    var o = popup.options;
    o.maxWidth = Math.max(180, Math.min(POPUP.maxWidth, size.x - 2 * EDGE - 24));
    o.minWidth = Math.min(POPUP.minWidth, o.maxWidth);
    o.maxHeight = Math.max(160, Math.min(POPUP.maxHeight, size.y - 2 * EDGE - 48));
    o.autoPan = true;
    o.autoPanPaddingTopLeft = L.point(EDGE + 44, EDGE);
    o.autoPanPaddingBottomRight = L.point(EDGE, EDGE);
  }

  /**
   * The popup of ``child`` when its place holds several drawn records: their list (and, with
   * points spread, the points spread out), or the record picked from it (or a spread point)
   * with a button back to the list. Null for a place of one record.
   */
  coopmap.spotPopup = function (layer, child) {
    var popup = layer.getPopup();
    fit(popup, layer._map);
    var back = layer._coopmapList;
    if (back && back.at === child) {  // back from a record to the list
      layer._coopmapList = null;
      return listContent(here(back.from.layer, back.from.child));
    }
    popup.options.offset = POPUP_OFFSET;
    var entries = here(layer, child);
    if (layer._coopmapPick === child || child._coopmapHome) {
      var from = (layer._coopmapPick === child && layer._coopmapFrom) || entries[0];
      return entries.length < 2 ? null
        : withBack(layer, child, from, entries.length, coopmap.popup(layer, child));
    }
    if (entries.length < 2) { return null; }
    var radius = spread(layer._map, child);
    if (radius) {
      popup.options.offset = [0, POPUP_OFFSET[1] - radius - 8];  // clear of the top point
      popup.setLatLng(child._coopmapHome);
    }
    return listContent(entries);
  };

  /** What a tooltip adds for a place of several records. */
  coopmap.spotTip = function (layer, child, box) {
    if (child._coopmapHome) { return box; }
    var n = here(layer, child).length;
    if (n > 1) { el('div', 'coopmap-tip-more', (n - 1) + ' more here: click to list them', box); }
    return box;
  };

  // --- points spread out ---------------------------------------------------------------------

  function collapse(map) {
    var spread = map._coopmapSpread;
    if (!spread) { return; }
    map._coopmapSpread = null;
    spread.legs.remove();
    spread.dots.forEach(function (dot) {
      dot.setLatLng(dot._coopmapHome);
      dot._coopmapHome = null;
    });
  }

  // Spread the drawn points at ``child``'s spot on a circle around it; the circle's radius
  // in px, or 0 when nothing was spread.
  function spread(map, child) {
    if (!map || modeOf(map) !== 'spread' || !child.getLatLng) { return 0; }
    collapse(map);
    var spots = index(child._coopmap.layer.store);
    var dots = spots.children[child._coopmap.spot].filter(drawn).map(real).filter(function (c) {
      return c.getLatLng;
    });
    if (dots.length < 2) { return 0; }
    var centre = map.latLngToLayerPoint(child.getLatLng());
    var radius = Math.max(24, Math.round(dots.length * SPACING / (2 * Math.PI)));
    var legs = L.layerGroup().addTo(map);
    dots.forEach(function (dot, n) {
      var angle = Math.PI / 2 + (2 * Math.PI * n) / dots.length;  // the first one below
      var home = dot.getLatLng();
      var at = map.layerPointToLatLng(
        centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius)));
      L.polyline([home, at], {
        renderer: dot.options.renderer, interactive: false, color: '#444', weight: 1, opacity: 0.8
      }).addTo(legs);
      dot._coopmapHome = home;
      dot.setLatLng(at);
      dot.bringToFront();
    });
    map._coopmapSpread = { dots: dots, legs: legs };
    return radius;
  }

  // --- points clustered ----------------------------------------------------------------------

  function pointLayers(map) {
    return coopmap.layers().filter(function (layer) { return layer.store && layer._map === map; });
  }

  function Clusters(map) {
    this.map = map;
    this.markers = L.layerGroup();
    this.hidden = [];
  }

  Clusters.prototype.clear = function () {
    this.markers.clearLayers();
    this.markers.remove();
    this.hidden.forEach(function (dot) { dot._coopmapHidden = false; dot.redraw(); });
    this.hidden = [];
    (this.glHidden || []).forEach(function (points) {
      points.hidden.fill(0);
      points.update();
    });
    this.glHidden = [];
  };

  Clusters.prototype.refresh = function () {
    var map = this.map;
    this.clear();
    if (modeOf(map) !== 'cluster' || map.getZoom() >= CLUSTER_UNTIL) { return; }
    // Each point joins the first cluster begun within RADIUS of it, else begins one; the grid
    // of cells RADIUS wide finds those near.
    var clusters = [];
    var grid = {};
    var scale = map.getZoomScale(map.getZoom(), 0);
    function join(item, p, r) {
      var cx = Math.floor(p.x / RADIUS);
      var cy = Math.floor(p.y / RADIUS);
      var cluster = null;
      for (var dx = -1; dx <= 1 && !cluster; dx++) {
        for (var dy = -1; dy <= 1 && !cluster; dy++) {
          cluster = (grid[(cx + dx) + ':' + (cy + dy)] || []).find(function (c) {
            return c.origin.distanceTo(p) <= RADIUS;
          }) || null;
        }
      }
      if (!cluster) {
        cluster = { origin: p, dots: [], records: {}, n: 0 };
        clusters.push(cluster);
        (grid[cx + ':' + cy] = grid[cx + ':' + cy] || []).push(cluster);
      }
      cluster.dots.push(item);
      if (!cluster.records[r]) {
        cluster.records[r] = true;
        cluster.n++;
      }
    }
    pointLayers(map).forEach(function (layer) {
      var points = layer._gl;
      if (points) {
        // Positions at zoom 0 times the scale: no projection per point.
        points.eachShown(function (k, lat, lng, r) {
          var p = L.point(points.world[2 * k] * scale, points.world[2 * k + 1] * scale);
          join({ points: points, k: k, latlng: L.latLng(lat, lng), layer: layer }, p, r);
        });
      }
      layer.eachLayer(function (dot) {
        if (!dot.getLatLng || !dot._coopmap) { return; }
        var at = dot._coopmapHome || dot.getLatLng();
        join({ dot: dot, latlng: at }, map.project(at), dot._coopmap.r);
      });
    });
    var self = this;
    var touched = [];
    clusters.forEach(function (cell) {
      if (cell.n < 2) { return; }
      cell.dots.forEach(function (item) {
        if (item.points) {
          item.points.hide(item.k, true);
          if (touched.indexOf(item.points) < 0) { touched.push(item.points); }
          return;
        }
        item.dot._coopmapHidden = true;
        item.dot.redraw();
        self.hidden.push(item.dot);
      });
      self.markers.addLayer(self.marker(cell));
    });
    touched.forEach(function (points) { points.update(); });
    this.glHidden = touched;
    this.markers.addTo(map);
    pointLayers(map).forEach(function (layer) {  // no tooltip of a point gone into a count
      var tip = layer.getTooltip();
      if (tip && tip._source && tip._source._coopmapHidden) { layer.closeTooltip(); }
    });
  };

  Clusters.prototype.marker = function (cell) {
    var map = this.map;
    var bounds = L.latLngBounds(cell.dots.map(function (item) { return item.latlng; }));
    var size = cell.n < 10 ? 26 : cell.n < 100 ? 32 : 38;
    var marker = L.marker(bounds.getCenter(), {
      icon: L.divIcon({
        className: 'coopmap-cluster', html: '', iconSize: [size, size]
      }),
      title: cell.n + ' records: click to zoom in',
      keyboard: true
    });
    marker.on('add', function () {
      var icon = marker.getElement();
      if (icon) { icon.textContent = String(cell.n); }
    });
    // Zoom in until the count comes apart; a count of one spot then lists its records.
    marker.on('click', function () {
      map.fitBounds(bounds.pad(0.2), { maxZoom: CLUSTER_UNTIL, animate: false });
      var item = cell.dots[cell.dots.length - 1];
      var dot = item.points ? item.points.make(item.k) : item.dot;
      if (bounds.getNorthEast().equals(bounds.getSouthWest()) && drawn(dot)) {
        dot.fire('click', { latlng: dot.getLatLng() }, true);
      }
    });
    return marker;
  };

  function modeOf(map) { return map._coopmapPoints || 'spread'; }

  /**
   * Choose how ``map`` shows points that share a spot: 'spread' (out around it on click) or
   * 'cluster' (a count of nearby records below CLUSTER_UNTIL). Calling it again with another
 * mode switches.
   */
  coopmap.points = function (map, mode) {
    if (MODES.indexOf(mode) < 0) { throw new Error('coopmap: unknown points mode ' + mode); }
    // The app sends the mode again on every run: points spread out stay so.
    if (map._coopmapClusters && map._coopmapPoints === mode) { return map._coopmapClusters; }
    map._coopmapPoints = mode;
    collapse(map);
    if (!map._coopmapClusters) {
      var clusters = map._coopmapClusters = new Clusters(map);
      var refresh = function () { clusters.refresh(); };
      map.on('zoomstart', function () { collapse(map); });
      map.on('click', function () { collapse(map); });
      map.on('zoomend overlayadd overlayremove', refresh);
      coopmap.visibility(map).track(pointLayers(map)).onChange(refresh);
    }
    map._coopmapClusters.refresh();
    return map._coopmapClusters;
  };

  coopmap.spots = {
    register: register, standIns: standIns, mark: mark, here: here, CLUSTER_UNTIL: CLUSTER_UNTIL
  };
}());
