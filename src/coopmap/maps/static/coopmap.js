/*
 * coopmap map runtime.
 *
 * Expands the columnar record payloads written by coopmap.maps.payload into Leaflet layers drawn
 * on a canvas, and builds tooltips, popups and the legend lazily from the records' attributes.
 * Text from records only ever reaches the page through textContent and DOM properties, never as
 * markup; a link is made only for an http(s) address. Needs coopmap-core.js first (the namespace,
 * el(), the counting feature group and the layer registry it adds to).
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.store) { return; }

  var SCALE = coopmap.SCALE;  // point coordinates: integers of 1e-5 degree
  var OUTLINE_SCALE = 100;    // outline rings: integer steps of 1e-2 degree
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var el = coopmap.el;
  var config = null;

  // --- small helpers -------------------------------------------------------------------------

  // The address to link to, or null unless it is an http(s) URL.
  function webUrl(text) {
    var url;
    try { url = new URL(text); } catch (err) { return null; }
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  }

  function label(table, key) {
    return (table && Object.prototype.hasOwnProperty.call(table, key)) ? table[key] : key;
  }

  function sectorInfo(slug) {
    var info = config.sectors[slug];
    return info || { label: slug, colour: '#888888' };
  }

  function precisionInfo(key) {
    for (var i = 0; i < config.precisions.length; i++) {
      if (config.precisions[i].key === key) { return config.precisions[i]; }
    }
    return { key: key, label: key };
  }

  function formatSpec(spec) {
    var value = String(spec.value);
    return spec.key + ': ' + (spec.unit ? value + ' ' + spec.unit : value);
  }

  function formatAmount(amount) {
    var value = Math.round(amount.value).toLocaleString('en-US');
    return value + ' ' + amount.currency;
  }

  // An event's single date is when it happened; a project's is when it began.
  function formatDates(start, end, kind) {
    if (start && end) { return start === end ? start : start + ' \u2013 ' + end; }
    if (start) { return kind === 'event' ? start : 'from ' + start; }
    if (end) { return 'until ' + end; }
    return null;
  }

  function kindLabel(record) {
    if (record.kind === 'event') {
      return 'Event \u00b7 ' + label(config.eventTypes, record.event_type);
    }
    return 'Project';
  }

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
    return config.precisions.map(function (p) {
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

  // --- tooltips and popups -------------------------------------------------------------------

  function row(table, name, value) {
    if (value === null || value === undefined || value === '' ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var tr = el('tr', null, null, table);
    el('th', null, name, tr);
    var td = el('td', null, null, tr);
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
  }

  function list(items, format) {
    if (!items || !items.length) { return null; }
    if (items.length === 1) { return document.createTextNode(format(items[0])); }
    var ul = el('ul');
    items.forEach(function (item) { el('li', null, format(item), ul); });
    return ul;
  }

  function organisationText(org) {
    return org.name + ' (' + label(config.roles, org.role) + ')';
  }

  function participantText(p) {
    var extra = [p.role, p.country].filter(Boolean);
    return extra.length ? p.name + ' (' + extra.join(', ') + ')' : p.name;
  }

  function locationText(loc) {
    var text = loc.name + ' \u2014 ' + precisionInfo(loc.precision).label;
    if (loc.resolved_name && loc.resolved_name !== loc.name) {
      text += ' (' + loc.resolved_name + ')';
    }
    if (loc.country) { text += ', ' + loc.country; }
    return text;
  }

  function locationsNode(locations, current) {
    if (!locations || !locations.length) { return null; }
    if (locations.length === 1) { return document.createTextNode(locationText(locations[0])); }
    var ul = el('ul');
    locations.forEach(function (loc, index) {
      el('li', index === current ? 'coopmap-current' : null, locationText(loc), ul);
    });
    return ul;
  }

  function sourceNode(source) {
    var item = el('li');
    var href = typeof source.url === 'string' ? webUrl(source.url) : null;
    if (href) {
      var a = el('a', null, source.title, item);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    } else {
      item.appendChild(document.createTextNode(source.title));
      if (source.url) { el('span', 'coopmap-url', ' ' + source.url, item); }
    }
    var extra = [source.publisher, source.date].filter(Boolean);
    if (extra.length) { item.appendChild(document.createTextNode(' \u2014 ' + extra.join(', '))); }
    return item;
  }

  function linkText(refs) {
    return function (link) {
      var title = refs && Object.prototype.hasOwnProperty.call(refs, link.project)
        ? refs[link.project] : link.project;
      return label(config.linkTypes, link.type) + ': ' + title;
    };
  }

  function statusChangeText(change) {
    var text = label(config.statuses, change.status);
    if (change.date) { text += ' from ' + change.date; }
    if (change.source && change.source.title) { text += ' (' + change.source.title + ')'; }
    return text;
  }

  var SHOWN = ['id', 'title', 'kind', 'event_type', 'sectors', 'status', 'status_date',
    'status_history', 'start',
    'end', 'locations', 'organisations', 'participants', 'specs', 'amount', 'countries',
    'outcomes', 'links', 'sources', 'notes', 'draft'];

  function tooltipContent(layer, child) {
    var record = layer.recordOf(child);
    var loc = (record.locations || [])[child._coopmap.l];
    var box = el('div', 'coopmap-tip');
    el('div', 'coopmap-tip-title', record.title, box);
    var sub = kindLabel(record);
    if (loc) { sub += ' \u2014 ' + loc.name + ' (' + precisionInfo(loc.precision).label + ')'; }
    el('div', 'coopmap-tip-sub', sub, box);
    return box;
  }

  function popupContent(layer, child) {
    var record = layer.recordOf(child);
    var box = el('div', 'coopmap-card');
    el('div', 'coopmap-title', record.title, box);
    var kind = el('div', 'coopmap-kind', null, box);
    el('span', 'coopmap-kind-label', kindLabel(record), kind);
    if (record.draft) { el('span', 'coopmap-draft', 'draft', kind); }
    var chips = el('div', 'coopmap-chips', null, box);
    (record.sectors || []).forEach(function (slug) {
      var chip = el('span', 'coopmap-chip', sectorInfo(slug).label, chips);
      chip.style.borderLeftColor = sectorInfo(slug).colour;
    });

    var table = el('table', 'coopmap-facts', null, box);
    if (record.status) {
      var status = label(config.statuses, record.status);
      if (record.status_date) { status += ' (as of ' + record.status_date + ')'; }
      row(table, 'Status', status);
    }
    var history = record.status_history || [];
    if (history.length > 1 || history.some(function (c) { return c.source; })) {
      row(table, 'Status history', list(history, statusChangeText));
    }
    row(table, 'Dates', formatDates(record.start, record.end, record.kind));
    row(table, 'Location', locationsNode(record.locations, child._coopmap.l));
    row(table, 'Organisations', list(record.organisations, organisationText));
    row(table, 'Participants', list(record.participants, participantText));
    row(table, 'Specifications', list(record.specs, formatSpec));
    row(table, 'Amount', record.amount ? formatAmount(record.amount) : null);
    row(table, 'Countries', (record.countries || []).join(', '));
    row(table, 'Outcomes', list(record.outcomes, String));
    row(table, 'Linked projects', list(record.links, linkText(layer.store.payload.refs)));
    Object.keys(record).forEach(function (key) {
      if (SHOWN.indexOf(key) >= 0) { return; }
      var value = record[key];
      row(table, key.replace(/_/g, ' '),
          typeof value === 'string' ? value : JSON.stringify(value));
    });

    if (record.notes) { el('div', 'coopmap-notes', record.notes, box); }
    if (record.sources && record.sources.length) {
      el('div', 'coopmap-head', 'Sources', box);
      var ul = el('ul', 'coopmap-sources', null, box);
      record.sources.forEach(function (source) { ul.appendChild(sourceNode(source)); });
    }
    el('div', 'coopmap-id', 'id: ' + record.id, box);
    return box;
  }

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
      this.bindTooltip(function (child) { return tooltipContent(self, child); }, coopmap.TOOLTIP);
      this.bindPopup(function (child) {
        self.feature(child);
        return popupContent(self, child);
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
        var marker = L.circleMarker([pt.y[i] / SCALE, pt.x[i] / SCALE], styles[code].point);
        marker._coopmap = { r: r, l: pt.l ? pt.l[i] : 0, p: code };
        layers.push(marker);
      }
      for (var k = 0; k < payload.sh.length; k++) {
        var item = payload.sh[k];
        if (!mask[item[0]]) { continue; }
        var area = item[3].type.indexOf('Polygon') >= 0;
        var shape = L.GeoJSON.geometryToLayer({ type: 'Feature', properties: {}, geometry: item[3] },
          area ? styles[item[2]].polygon : styles[item[2]].line);
        shape._coopmap = { r: item[0], l: item[1], p: item[2] };
        shape._coopmapArea = area;
        this._shapes.push(shape);
        layers.push(shape);
      }
      for (var j = 0; j < layers.length; j++) { this.addLayer(layers[j]); }
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

  // --- outlines, legend ----------------------------------------------------------------------

  function decodeRing(steps) {
    var out = new Array(steps.length / 2);
    var x = 0;
    var y = 0;
    for (var i = 0; i < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      out[i / 2] = [y / OUTLINE_SCALE, x / OUTLINE_SCALE];
    }
    return out;
  }

  function outlines(map, polygons) {
    var name = 'coopmapOutlines';
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = 150;   // below the tile pane (200): tiles cover it once they load
    pane.style.pointerEvents = 'none';
    L.DomUtil.addClass(map.getContainer(), 'coopmap-map');
    var style = L.extend({ renderer: L.canvas({ pane: name, padding: 0.5 }), pane: name,
      interactive: false }, config.outline);
    var group = L.layerGroup();
    polygons.forEach(function (rings) { group.addLayer(L.polygon(rings.map(decodeRing), style)); });
    return group;
  }

  function swatch(kind, style, colour) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '26');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    var shape;
    if (kind === 'polygon') {
      shape = document.createElementNS(SVG_NS, 'rect');
      shape.setAttribute('x', '2'); shape.setAttribute('y', '3');
      shape.setAttribute('width', '22'); shape.setAttribute('height', '12');
    } else if (kind === 'line') {
      shape = document.createElementNS(SVG_NS, 'line');
      shape.setAttribute('x1', '1'); shape.setAttribute('y1', '9');
      shape.setAttribute('x2', '25'); shape.setAttribute('y2', '9');
    } else {
      shape = document.createElementNS(SVG_NS, 'circle');
      shape.setAttribute('cx', '13'); shape.setAttribute('cy', '9');
      shape.setAttribute('r', String(Math.min(style.radius || 6, 8)));
    }
    var stroke = style.stroke === 'self' || !style.stroke ? colour : style.stroke;
    shape.setAttribute('stroke', stroke);
    shape.setAttribute('stroke-width', String(style.weight || 1));
    shape.setAttribute('stroke-opacity', String(style.opacity === undefined ? 1 : style.opacity));
    shape.setAttribute('fill', kind === 'line' ? 'none' : colour);
    shape.setAttribute('fill-opacity', String(style.fillOpacity || 0));
    if (style.dashArray) { shape.setAttribute('stroke-dasharray', style.dashArray); }
    svg.appendChild(shape);
    return svg;
  }

  function legendItem(parent, svg, text) {
    var item = el('div', 'coopmap-legend-item', null, parent);
    item.appendChild(svg);
    el('span', null, text, item);
    return item;
  }

  function legend(map, spec) {
    var control = L.control({ position: spec.position || 'bottomright' });
    control.onAdd = function () {
      var box = L.DomUtil.create('div', 'coopmap-legend');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      if (spec.title) { el('div', 'coopmap-legend-title', spec.title, box); }
      if (spec.layers.length) {
        el('div', 'coopmap-legend-head', 'Layers', box);
        spec.layers.forEach(function (layer) {
          var style = config.precisions[0].point;
          legendItem(box, swatch('point', style, layer.colour), layer.label + ' (' + layer.count + ')');
        });
      }
      if (spec.precisions.length) {
        el('div', 'coopmap-legend-head', 'Location precision', box);
        spec.precisions.forEach(function (p) {
          var info = precisionInfo(p.key);
          legendItem(box, swatch(p.kind, info[p.kind], '#555555'), info.label);
        });
      }
      return box;
    };
    control.addTo(map);
    return control;
  }

  // --- public --------------------------------------------------------------------------------

  L.extend(coopmap, {
    install: function (settings) {
      if (config) { return; }
      config = settings;
      coopmap.style('coopmap', settings.css);
    },
    store: function (payload) { return new Store(payload); },
    recordLayer: function (store, members, options) {
      return coopmap.register(new RecordLayer(store, members, options));
    },
    outlines: outlines,
    legend: legend,
    RecordLayer: RecordLayer,
    Store: Store
  });
}());
