// Municipalities shaded by learners, drawn offline with Leaflet (no tile layer, no CDN).
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") { return; }
  var label = element.getAttribute("data-label") || "";
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: false });
  map.setView([56.1, 10.5], 6.5);
  var shades = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  function shade(value, max) {
    if (!value) { return shades[0]; }
    var i = Math.min(shades.length - 1, 1 + Math.floor((shades.length - 1) * value / (max + 1)));
    return shades[i];
  }
  Promise.all([
    fetch(element.getAttribute("data-geojson"), { credentials: "same-origin" }).then(function (r) { return r.json(); }),
    fetch(element.getAttribute("data-values"), { credentials: "same-origin" }).then(function (r) { return r.json(); })
  ]).then(function (results) {
    var shapes = results[0], data = results[1];
    var values = data.learners_by_municipality || {};
    var max = 0;
    Object.keys(values).forEach(function (k) { max = Math.max(max, values[k]); });
    var layer = L.geoJSON(shapes, {
      style: function (feature) {
        var code = String(feature.properties.kode || feature.properties.kommunekode || "").replace(/^0+/, "");
        return { color: "#505a5f", weight: 0.6, fillOpacity: 0.85, fillColor: shade(values[code] || 0, max) };
      },
      onEachFeature: function (feature, shapeLayer) {
        var code = String(feature.properties.kode || feature.properties.kommunekode || "").replace(/^0+/, "");
        var name = feature.properties.navn || feature.properties.name || code;
        shapeLayer.bindTooltip(name + ": " + (values[code] || 0) + " " + label);
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    (data.schools || []).forEach(function (s) {
      if (s.lat === null || s.lon === null) { return; }
      L.circleMarker([s.lat, s.lon], { radius: 6, color: "#d4351c", fillColor: "#d4351c", fillOpacity: 0.9 })
        .bindTooltip(s.name + ": " + s.cohorts + " / " + s.learners).addTo(map);
    });
  });
})();
