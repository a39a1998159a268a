/*
 * coopmap snapshot: the map's heading (its title, shown at the top of the map) and a "save as
 * PNG" button that draws the map as it is shown, its legend unfolded, into a PNG file and
 * downloads it. Drawing is html-to-image's (static/vendor/html-to-image), offline. Needs
 * coopmap-core.js first.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.snapshot) { return; }
  var el = coopmap.el;
  var TAKING = 'coopmap-snapshot-taking';
  // a tile that cannot be read (offline, or another origin) is drawn as nothing
  var BLANK = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
  // what the picture leaves out: the buttons, which do nothing on paper
  var LEFT_OUT = ['leaflet-control-zoom', 'leaflet-control-layers', 'coopmap-snapshot',
    'coopmap-legend-toggle'];

  function kept(node) {
    if (!node.classList) { return true; }
    for (var i = 0; i < LEFT_OUT.length; i++) {
      if (node.classList.contains(LEFT_OUT[i])) { return false; }
    }
    return true;
  }

  /** A file name from the title: its letters and digits, dashes between words. */
  function fileName(title) {
    var stem = String(title || 'map').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '').slice(0, 80);
    return (stem || 'map') + '.png';
  }

  function save(map, button, title) {
    var container = map.getContainer();
    if (!window.htmlToImage) { button.title = 'Saving as PNG is not available here'; return; }
    L.DomUtil.addClass(container, TAKING);
    // the copy is made from attributes: a ticked box (the timeline's "cumulative") says so
    container.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      if (box.checked) { box.setAttribute('checked', ''); } else { box.removeAttribute('checked'); }
    });
    L.DomUtil.addClass(button, 'coopmap-snapshot-busy');
    window.htmlToImage.toPng(container, {
      filter: kept, imagePlaceholder: BLANK, skipFonts: true, cacheBust: false,
      backgroundColor: window.getComputedStyle(container).backgroundColor || '#ffffff', pixelRatio: Math.min(window.devicePixelRatio || 1, 2)
    }).then(function (url) {
      var link = document.createElement('a');
      link.href = url;
      link.download = fileName(title);
      document.body.appendChild(link);
      link.click();
      link.remove();
      button.title = 'Save the map as a PNG picture';
    }).catch(function (err) {
      button.title = 'The map could not be saved: ' + (err && err.message ? err.message : err);
      if (window.console) { window.console.error('coopmap: save as PNG failed', err); }
    }).then(function () {
      L.DomUtil.removeClass(container, TAKING);
      L.DomUtil.removeClass(button, 'coopmap-snapshot-busy');
    });
  }

  function snapshot(map, spec) {
    if (spec.title) {
      var heading = el('div', 'coopmap-heading', spec.title, map.getContainer());
      heading.setAttribute('role', 'heading');
      heading.setAttribute('aria-level', '1');
      L.DomEvent.disableClickPropagation(heading);
    }
    var control = L.control({ position: spec.position || 'topleft' });
    control.onAdd = function () {
      var bar = L.DomUtil.create('div', 'leaflet-bar coopmap-snapshot');
      var button = el('a', 'coopmap-snapshot-button', 'PNG', bar);
      button.href = '#';
      button.setAttribute('role', 'button');
      button.setAttribute('aria-label', 'Save as PNG');
      button.title = 'Save the map as a PNG picture';
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', function (event) {
        L.DomEvent.preventDefault(event);
        save(map, button, spec.title);
      });
      return bar;
    };
    control.addTo(map);
    return control;
  }

  coopmap.snapshot = snapshot;
}());
