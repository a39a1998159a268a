/*
 * coopmap visibility: which features of a map's record layers are shown, under conditions.
 *
 * A condition is a test of a record (its layer, its index in the layer's store); a feature
 * is shown when every condition passes. The time slider (timeline.js) is one condition, a
 * filter applied to a map already on the page (coopmap.view) another. Features are taken out
 * of their layer and put back, so layer.count(), drawn() and what a click can reach follow; a
 * layer's WebGL points (glpoints.js) are switched on and off in their typed arrays instead.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || coopmap.visibility) { return; }

  // Polygons under lines under points, as the record layers stack them when added.
  function restack(layer) {
    var shapes = layer._shapes || [];
    shapes.forEach(function (s) { if (!s._coopmapArea && layer.hasLayer(s)) { s.bringToBack(); } });
    shapes.forEach(function (s) { if (s._coopmapArea && layer.hasLayer(s)) { s.bringToBack(); } });
  }

  function Visibility(map) {
    this.map = map;
    this.conditions = {};
    this.entries = [];
    this.listeners = [];
  }

  /** Follow these record layers (their features as built, before any is hidden). */
  Visibility.prototype.track = function (layers) {
    var self = this;
    layers.forEach(function (layer) {
      if (self.entries.some(function (e) { return e.layer === layer; })) { return; }
      var entry = { layer: layer, children: null };
      self.entries.push(entry);
      // A layer that is off when the map opens is built when first shown.
      layer.on('add', function () {
        self._snapshot(entry);
        self._applyTo(entry);
        self._changed();
      });
      // A layer switched off takes its records out of the counts.
      layer.on('remove', function () { self._changed(); });
      self._snapshot(entry);
    });
    return this;
  };

  /** Set (or, with null, drop) a condition and show what passes them all. */
  Visibility.prototype.set = function (name, test) {
    if (test) { this.conditions[name] = test; } else { delete this.conditions[name]; }
    this.apply();
    return this;
  };

  Visibility.prototype.visible = function (layer, record) {
    for (var name in this.conditions) {
      if (!this.conditions[name](layer, record)) { return false; }
    }
    return true;
  };

  Visibility.prototype.apply = function () {
    var self = this;
    this.entries.forEach(function (entry) { self._applyTo(entry); });
    this._changed();
    return this;
  };

  /** Call ``listener`` whenever what is shown may have changed. */
  Visibility.prototype.onChange = function (listener) {
    this.listeners.push(listener);
    return this;
  };

  /**
   * Records shown, and records that all conditions but ``except`` let through (all records
   * without one), over the followed layers that are on the map. A record counts once however
   * many features (locations) and layers (sectors) it has.
   */
  Visibility.prototype.shown = function (except) {
    var self = this;
    var shown = new RecordSet();
    var total = new RecordSet();
    var others = Object.keys(this.conditions).filter(function (name) { return name !== except; });
    this.entries.forEach(function (entry) {
      var layer = entry.layer;
      // Not layer._map: a layer being switched off still has it while it says so.
      if (!entry.children || !self.map.hasLayer(layer)) { return; }
      layer.getLayers().forEach(function (child) {
        if (child._coopmap) { shown.add(layer.store, child._coopmap.r); }
      });
      if (layer._gl) {
        layer._gl.eachRecord(function (r) { shown.add(layer.store, r); });
        layer._gl.eachRecord(function (r) {
          if (!except || others.every(function (name) { return self.conditions[name](layer, r); })) {
            total.add(layer.store, r);
          }
        }, true);
      }
      entry.children.forEach(function (child) {
        var r = child._coopmap.r;
        if (!except || others.every(function (name) { return self.conditions[name](layer, r); })) {
          total.add(layer.store, r);
        }
      });
    });
    return { shown: shown.size, total: total.size };
  };

  // Records by (store, index in the store), counted once each.
  function RecordSet() {
    this.stores = [];
    this.last = null;
    this.size = 0;
  }

  RecordSet.prototype.add = function (store, r) {
    var found = this.last && this.last[0] === store ? this.last[1] : null;
    for (var i = 0; !found && i < this.stores.length; i++) {
      if (this.stores[i][0] === store) { found = this.stores[i][1]; this.last = this.stores[i]; }
    }
    if (!found) {
      found = new Uint8Array(store.size());
      this.last = [store, found];
      this.stores.push(this.last);
    }
    if (!found[r]) {
      found[r] = 1;
      this.size++;
    }
  };

  // A layer's features as built: its WebGL points aside, and no marker made for one of them.
  Visibility.prototype._snapshot = function (entry) {
    if (!entry.children && entry.layer._built) {
      entry.children = entry.layer.getLayers().filter(function (child) {
        return child._coopmapMade === undefined;
      });
    }
  };

  Visibility.prototype._applyTo = function (entry) {
    if (!entry.children) { return; }
    var layer = entry.layer;
    var readded = false;
    for (var i = 0; i < entry.children.length; i++) {
      var child = entry.children[i];
      var show = this.visible(layer, child._coopmap.r);
      var has = layer.hasLayer(child);
      if (show && !has) {
        layer.addLayer(child);
        if (child._coopmapArea !== undefined) { readded = true; }
      } else if (!show && has) {
        layer.removeLayer(child);
      }
    }
    if (readded && layer._map) { restack(layer); }
    if (layer._gl) {
      var self = this;
      layer._gl.apply(function (r) { return self.visible(layer, r); });
    }
  };

  Visibility.prototype._changed = function () {
    this.listeners.forEach(function (listener) { listener(); });
  };

  /** The visibility of ``map``'s record layers (one per map). */
  coopmap.visibility = function (map) {
    if (!map._coopmapVisibility) { map._coopmapVisibility = new Visibility(map); }
    return map._coopmapVisibility;
  };

  /*
   * Show only part of a map's records, as a filter would: ``spec.members`` (a store's member
   * list: ["all"] or differences of sorted indices) keeps records, ``spec.layers`` (keys) keeps
   * layers, the others leave the map. With ``refs.legend`` (the map's legend control) the
   * legend is redrawn from ``spec.legend``; with ``refs.control`` (its layer control) layers
   * are relabelled from ``spec.labels``; ``spec.bounds`` is fitted unless the user moved
   * the map (coopmap.fitRecords, navigation.js). Calling it again replaces
   * the previous view.
   */
  coopmap.view = function (map, spec, refs) {
    refs = refs || {};
    var layers = coopmap.layers().filter(function (l) { return l.store; });
    var vis = coopmap.visibility(map).track(layers);
    var masks = [];
    function maskOf(store) {
      for (var k = 0; k < masks.length; k++) { if (masks[k][0] === store) { return masks[k][1]; } }
      var mask = store.mask(spec.members);
      masks.push([store, mask]);
      return mask;
    }
    var everything = !spec.members || spec.members[0] === 'all';
    vis.set('filter', everything ? null : function (layer, record) {
      return maskOf(layer.store)[record] === 1;
    });
    layers.forEach(function (layer) {
      var on = !spec.layers || spec.layers.indexOf(layer.options.key) >= 0;
      if (!on && layer._map) {
        layer._coopmapViewOff = true;
        map.removeLayer(layer);
      } else if (on && layer._coopmapViewOff) {
        layer._coopmapViewOff = false;
        map.addLayer(layer);
      }
    });
    var legend = map._coopmapLegend || refs.legend;
    if (spec.legend && legend) {
      legend.remove();
      map._coopmapLegend = coopmap.legend(map, spec.legend);
    }
    var control = refs.control;
    if (spec.labels && control && control._layers) {
      control._layers.forEach(function (item) {
        var key = item.layer && item.layer.options && item.layer.options.key;
        if (key && Object.prototype.hasOwnProperty.call(spec.labels, key)) {
          item.name = spec.labels[key];
        }
      });
      control._update();
    }
    if (spec.bounds) { coopmap.fitRecords(map, spec.bounds); }
    map._coopmapView = spec;
    return vis;
  };
}());
