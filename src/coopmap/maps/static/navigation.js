/*
 * coopmap navigation: where a map looks, and whether its user has moved it.
 *
 * coopmap.fitRecords(map, bounds) fits the map to a view's records (room kept for the legend)
 * unless the user has moved the map since (a drag, a zoom, a flight to a place), and not again
 * for the same bounds; coopmap.go(map, command) carries out a command from the page once:
 *   {id, view: [lat, lon, zoom]}  look there at once (a shared link's view)
 *   {id, fly: [lat, lon, zoom]}   fly there (a place found by the search box)
 *   {id, fit: bounds}             fit the records again, and follow the filters from now on
 * A command's id is carried out once per map, however often the page sends it again.
 */
(function () {
  'use strict';
  var coopmap = window.coopmap;
  if (!coopmap || coopmap.go) { return; }

  function state(map) {
    if (!map._coopmapNav) {
      var nav = map._coopmapNav = { moved: false, quiet: 0, fitted: null, done: {} };
      map.on('movestart', function () { if (!nav.quiet) { nav.moved = true; } });
    }
    return map._coopmapNav;
  }

  // A move of the page's own, which the user did not ask for.
  function quietly(map, move) {
    var nav = state(map);
    nav.quiet++;
    try { move(); } finally { nav.quiet--; }
  }

  function fit(map, bounds) {
    // room for the legend on the right, but never most of a narrow map
    var right = Math.min(300, Math.round(map.getSize().x / 4));
    quietly(map, function () {
      map.fitBounds(bounds, {
        paddingTopLeft: [40, 40], paddingBottomRight: [right, 40], maxZoom: 10, animate: false
      });
    });
    state(map).fitted = JSON.stringify(bounds);
  }

  /** Whether the user has moved ``map`` since it last fitted its records. */
  coopmap.moved = function (map) { return state(map).moved; };

  /** Fit ``map`` to ``bounds`` of the records shown, unless the user moved it or it has. */
  coopmap.fitRecords = function (map, bounds) {
    var nav = state(map);
    if (!bounds || nav.moved || nav.fitted === JSON.stringify(bounds)) { return false; }
    fit(map, bounds);
    return true;
  };

  /** Carry out a command of the page (see above) unless ``map`` has carried it out. */
  coopmap.go = function (map, command) {
    var nav = state(map);
    if (!command || nav.done[command.id]) { return false; }
    nav.done[command.id] = true;
    if (command.view) {
      nav.moved = true;
      map.setView([command.view[0], command.view[1]], command.view[2], { animate: false });
    } else if (command.fly) {
      nav.moved = true;
      map.flyTo([command.fly[0], command.fly[1]], command.fly[2], { duration: 1.2 });
    } else if (command.fit) {
      nav.moved = false;
      fit(map, command.fit);
    }
    return true;
  };
}());
