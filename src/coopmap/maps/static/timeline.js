/*
 * coopmap timeline: a Leaflet control that plays the record layers of a map through time.
 *
 * A range slider over the records' days, play/pause, and a "cumulative" toggle: show every
 * record that started up to the slider's day, or only those active on it. It is the "time"
 * condition of the map's visibility (visibility.js, which must come first), so every count
 * the page reports (layer.count(), drawn()) follows the slider. Each record's first and last
 * day come from Python (coopmap.maps.timeline), read at the precision of its dates; undated
 * records stay shown. Nothing from the records is written into the control, which holds only
 * dates and numbers. Its stylesheet (timeline.css) is added by the runtime with the script.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || !coopmap.visibility || coopmap.timeline) { return; }

  var DAY_MS = 86400000;
  var NO_DAY = -2147483648;  // coopmap.maps.payload.NO_DAY
  var PLAY = '\u25b6';
  var PAUSE = '\u275a\u275a';
  var registry = [];
  var el = coopmap.el;

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  var Timeline = L.Control.extend({
    options: { position: 'bottomleft' },

    initialize: function (layers, spec, options) {
      L.setOptions(this, options);
      this._spec = spec;
      this._t = spec.end;
      this._cumulative = spec.cumulative !== false;
      this._timer = null;
      this._layers = layers;
      // Long lists of days come as base64 bytes (coopmap.ints), NO_DAY for no date.
      var stores = spec.stores.map(function (days) {
        return { first: coopmap.ints(days.first), last: coopmap.ints(days.last) };
      });
      layers.forEach(function (layer, k) { layer._coopmapTime = stores[spec.layerStore[k]]; });
    },

    onAdd: function (map) {
      var box = L.DomUtil.create('div', 'coopmap-timeline');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(box, 'keydown pointerdown', L.DomEvent.stopPropagation);
      var top = el('div', 'coopmap-timeline-row', null, box);
      var button = el('button', 'coopmap-timeline-play', PLAY, top);
      button.type = 'button';
      button.title = 'Play';
      button.setAttribute('aria-label', 'Play');
      var slider = el('input', 'coopmap-timeline-slider', null, top);
      slider.type = 'range';
      slider.min = String(this._spec.start);
      slider.max = String(this._spec.end);
      slider.step = '1';
      slider.value = String(this._t);
      slider.setAttribute('aria-label', 'Date');
      this._date = el('span', 'coopmap-timeline-date', null, top);
      var bottom = el('div', 'coopmap-timeline-row', null, box);
      var label = el('label', 'coopmap-timeline-mode', null, bottom);
      var toggle = el('input', null, null, label);
      toggle.type = 'checkbox';
      toggle.checked = this._cumulative;
      label.appendChild(document.createTextNode(' cumulative'));
      label.title = 'On: everything started up to the date. Off: only what is active on it.';
      this._count = el('span', 'coopmap-timeline-count', null, bottom);

      var self = this;
      L.DomEvent.on(slider, 'input change', function () {
        self.pause();
        self.setValue(Number(slider.value));
      });
      L.DomEvent.on(button, 'click', function () {
        if (self._timer) { self.pause(); } else { self.play(); }
      });
      L.DomEvent.on(toggle, 'change', function () { self.setCumulative(toggle.checked); });
      this._slider = slider;
      this._button = button;
      this._toggle = toggle;
      this._visibility = coopmap.visibility(map).track(this._layers);
      this._visibility.onChange(function () { self._report(); });
      this._update();
      return box;
    },

    onRemove: function () { this.pause(); },

    /** The slider's day (days since 1970-01-01). */
    value: function () { return this._t; },

    /** The slider's day as YYYY-MM-DD. */
    date: function () { return isoDay(this._t); },

    setValue: function (day) {
      this._t = Math.max(this._spec.start, Math.min(this._spec.end, Math.round(day)));
      if (this._slider) { this._slider.value = String(this._t); }
      this._update();
      return this;
    },

    setCumulative: function (on) {
      this._cumulative = !!on;
      if (this._toggle) { this._toggle.checked = this._cumulative; }
      this._update();
      return this;
    },

    play: function () {
      if (this._timer) { return this; }
      var spec = this._spec;
      if (this._t >= spec.end) { this.setValue(spec.start); }
      var step = Math.max(1, Math.ceil((spec.end - spec.start) / spec.frames));
      var self = this;
      this._timer = setInterval(function () {
        self.setValue(self._t + step);
        if (self._t >= spec.end) { self.pause(); }
      }, spec.interval);
      this._setButton(PAUSE, 'Pause');
      return this;
    },

    pause: function () {
      if (this._timer) {
        clearInterval(this._timer);
        this._timer = null;
      }
      this._setButton(PLAY, 'Play');
      return this;
    },

    playing: function () { return this._timer !== null; },

    /** Records shown, and those the slider could show, over the layers on the map. */
    shown: function () { return this._visibility.shown('time'); },

    _setButton: function (text, name) {
      if (!this._button) { return; }
      this._button.textContent = text;
      this._button.title = name;
      this._button.setAttribute('aria-label', name);
    },

    // Whether a record of a layer is shown at the slider's day.
    _visible: function (layer, record) {
      var time = layer._coopmapTime;
      var first = time ? time.first[record] : null;
      if (first === null || first === undefined || first === NO_DAY) { return true; }
      if (first > this._t) { return false; }
      return this._cumulative || time.last[record] >= this._t;
    },

    _update: function () {
      if (!this._visibility) { return; }
      var self = this;
      this._visibility.set('time', function (layer, record) { return self._visible(layer, record); });
    },

    _report: function () {
      if (this._date) { this._date.textContent = isoDay(this._t); }
      if (this._count && this._visibility) {
        var n = this.shown();
        this._count.textContent = n.shown.toLocaleString('en-US') + ' of ' +
          n.total.toLocaleString('en-US') + ' shown';
      }
    }
  });

  /** Add a timeline over ``layers`` (record layers) to ``map``; returns the control. */
  coopmap.timeline = function (map, layers, spec) {
    var control = new Timeline(layers, spec, { position: spec.position || 'bottomleft' });
    control.addTo(map);
    map.coopmapTimeline = control;
    registry.push(control);
    return control;
  };

  /** The timelines on the page (read-only copy). */
  coopmap.timelines = function () { return registry.slice(); };
}());
