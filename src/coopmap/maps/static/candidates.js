/*
 * coopmap candidates: the places a name could mean, as numbered dots (coopmap.maps.candidates).
 *
 * coopmap.candidates(map, places) draws each {n, lat, lon, label, chosen} as a circle with its
 * number beside it and its label in a popup (as text, never markup), and opens the map on
 * them all. It fits them again
 * when the map's size changes until the user moves the map: a map in a frame (st_folium) may
 * be laid out at another size before it gets its own.
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
      dot.bindTooltip(coopmap.el('span', null, String(place.n)), {
        permanent: true,
        interactive: true, // a click on the number opens the popup, as one on the dot does
        direction: 'right',
        className: 'coopmap-candidate' + (place.chosen ? ' coopmap-candidate-chosen' : '')
      });
      dot.bindPopup(coopmap.el('span', null, place.label));
      dot.addTo(group);
    });
    group.addTo(map);
    if (!places.length) { return group; }
    var fit = function () {
      map.fitBounds(group.getBounds(), { padding: [40, 40], maxZoom: 6, animate: false });
    };
    var stop = function () { map.off('resize', fit); };
    fit();
    map.on('resize', fit);
    ['pointerdown', 'wheel', 'keydown'].forEach(function (name) {
      map.getContainer().addEventListener(name, stop, { once: true });
    });
    return group;
  };
}());
