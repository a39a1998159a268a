/*
 * coopmap candidates: the places a name could mean, as numbered dots (coopmap.maps.candidates).
 *
 * coopmap.candidates(map, places) draws each {n, lat, lon, label, chosen} as a circle with its
 * number beside it; the label goes into the tooltip as text, never markup.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;

  coopmap.candidates = function (map, places) {
    var group = L.featureGroup();
    places.forEach(function (place) {
      var dot = L.circleMarker([place.lat, place.lon], {
        radius: place.chosen ? 10 : 7,
        color: place.chosen ? '#b2182b' : '#2166ac',
        weight: place.chosen ? 3 : 2,
        fillOpacity: 0.6
      });
      dot.bindTooltip(coopmap.el('span', null, place.label), {
        permanent: true, direction: 'right', offset: [8, 0], className: 'coopmap-candidate'
      });
      dot.addTo(group);
    });
    group.addTo(map);
    return group;
  };
}());
