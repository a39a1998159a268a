/*
 * coopmap draw: one line or one area on a map, drawn and edited with Leaflet.draw.
 *
 * coopmap.drawControl(map, options) adds Leaflet.draw's toolbar (which must be loaded first:
 * coopmap.maps.draw ships it) with the shapes options.draw allows, and an edit toolbar over
 * the feature group window.drawnItems, where streamlit-folium reads every drawing from
 * (all_drawings). A finished shape replaces the last one (one shape at a time) and carries the
 * GeoJSON property options.marker = true, by which coopmap.maps.draw.drawn_geometry tells a
 * drawing from a clicked feature (both come back as last_active_drawing). Texts of the
 * toolbar (options.texts, paths into L.drawLocal) come from Python HTML-escaped, since
 * Leaflet.draw writes them as markup.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || coopmap.drawControl) { return; }

  // Set L.drawLocal's entry at a dotted path ("draw.toolbar.finish.text") to text.
  function setText(path, text) {
    var keys = path.split('.');
    var table = L.drawLocal;
    for (var i = 0; i < keys.length - 1; i++) {
      if (!Object.prototype.hasOwnProperty.call(table, keys[i])) { return; }
      table = table[keys[i]];
    }
    table[keys[keys.length - 1]] = text;
  }

  coopmap.drawControl = function (map, options) {
    if (!L.Control.Draw) { throw new Error('coopmap: Leaflet.draw is not loaded'); }
    Object.keys(options.texts).forEach(function (path) { setText(path, options.texts[path]); });
    var drawn = L.featureGroup().addTo(map);
    window.drawnItems = drawn;  // streamlit-folium returns drawnItems.toGeoJSON() as all_drawings
    var control = new L.Control.Draw({
      position: options.position,
      draw: options.draw,
      edit: L.extend({ featureGroup: drawn }, options.edit)
    });
    map.addControl(control);
    map.on(L.Draw.Event.CREATED, function (event) {
      var layer = event.layer;
      layer.feature = { type: 'Feature', properties: {} };
      layer.feature.properties[options.marker] = true;
      drawn.clearLayers();
      drawn.addLayer(layer);
    });
    control.drawnItems = drawn;
    return control;
  };
}());
