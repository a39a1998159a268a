/*
 * coopmap legend: the legend of a map's layers and of how each location precision looks.
 * Needs coopmap-core.js first.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || !coopmap.el || coopmap.legend) { return; }

  var NARROW = 600;        // a map narrower than this (px) starts with its legend folded
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var el = coopmap.el;

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
      var outer = L.DomUtil.create('div', 'coopmap-legend');
      L.DomEvent.disableClickPropagation(outer);
      L.DomEvent.disableScrollPropagation(outer);
      // a button folds the legend away; on a narrow map it starts folded, so it never covers
      // the map or the timeline
      var toggle = el('button', 'coopmap-legend-toggle', 'Legend', outer);
      toggle.type = 'button';
      var box = el('div', 'coopmap-legend-body', null, outer);
      var folded = map.getSize().x < NARROW;
      function fold(state) {
        folded = state;
        L.DomUtil[folded ? 'addClass' : 'removeClass'](outer, 'coopmap-legend-folded');
        toggle.setAttribute('aria-expanded', String(!folded));
        toggle.title = folded ? 'Show the legend' : 'Hide the legend';
      }
      fold(folded);
      L.DomEvent.on(toggle, 'click', function () { fold(!folded); });
      if (spec.title) { el('div', 'coopmap-legend-title', spec.title, box); }
      if (spec.layers.length) {
        el('div', 'coopmap-legend-head', 'Layers', box);
        spec.layers.forEach(function (layer) {
          var style = coopmap.config.precisions[0].point;
          legendItem(box, swatch('point', style, layer.colour), layer.label + ' (' + layer.count + ')');
        });
      }
      if (spec.precisions.length) {
        el('div', 'coopmap-legend-head', 'Location precision', box);
        spec.precisions.forEach(function (p) {
          var info = coopmap.precision(p.key);
          legendItem(box, swatch(p.kind, info[p.kind], '#555555'), info.label);
        });
      }
      return outer;
    };
    control.addTo(map);
    return control;
  }

  coopmap.legend = legend;
}());
