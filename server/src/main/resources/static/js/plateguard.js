// PlateGuard dashboard behaviour. Loaded as a file (the CSP forbids inline script); pages declare what they
// need with data- attributes.
(function () {
  'use strict';

  var HEALTH_COLOURS = { 'online': '#1b7f3b', 'stale': '#d08a00', 'offline': '#b3261e', 'never-seen': '#7a8594' };
  var UZBEKISTAN = [41.3, 64.5];

  function baseMap(element, centre, zoom) {
    var map = L.map(element, { scrollWheelZoom: false }).setView(centre, zoom);
    var tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.dataset.attribution || '', maxZoom: 19 }).addTo(map);
    } else if (element.dataset.outline) {
      fetch(element.dataset.outline, { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (geo) {
          L.geoJSON(geo, { style: { color: '#8a97a8', weight: 1, fillColor: '#eef1f5', fillOpacity: 0.6 } }).addTo(map);
        });
    }
    return map;
  }

  function label(text) {
    var span = document.createElement('span');
    span.textContent = text; // never innerHTML: names come from data
    return span;
  }

  function networkMap(element) {
    var map = baseMap(element, UZBEKISTAN, 6);
    fetch(element.dataset.sites, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (sites) {
        var bounds = [];
        sites.forEach(function (s) {
          var marker = L.circleMarker([s.latitude, s.longitude], {
            radius: 7, weight: 1, color: '#1d2430', fillOpacity: 0.9, fillColor: HEALTH_COLOURS[s.health] || '#7a8594'
          }).addTo(map);
          marker.bindTooltip(label(s.name + ' · ' + s.city + ' · ' + s.cameras + ' cam · ' + s.readsLastHour + '/h'));
          marker.getElement && marker.getElement() && marker.getElement().classList.add('site-marker', 'health-' + s.health);
          bounds.push([s.latitude, s.longitude]);
        });
        element.dataset.markers = String(sites.length);
        if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 }); }
      });
  }

  function miniMap(element) {
    var lat = parseFloat(element.dataset.lat), lon = parseFloat(element.dataset.lon);
    element.dataset.outline = element.dataset.outline || '/geo/uzbekistan.geojson';
    var map = baseMap(element, [lat, lon], 7);
    L.circleMarker([lat, lon], { radius: 8, color: '#0b5cad', fillOpacity: 0.9 }).addTo(map)
      .bindTooltip(label(element.dataset.name || ''));
  }

  // Admin forms: click on the map to fill the latitude/longitude inputs of the same form.
  function coordinatePicker(element) {
    var form = element.closest('form');
    var latInput = form.querySelector('[name=latitude]'), lonInput = form.querySelector('[name=longitude]');
    var start = latInput.value && lonInput.value ? [parseFloat(latInput.value), parseFloat(lonInput.value)] : UZBEKISTAN;
    element.dataset.outline = element.dataset.outline || '/geo/uzbekistan.geojson';
    var map = baseMap(element, start, latInput.value ? 12 : 6);
    var marker = latInput.value ? L.marker(start).addTo(map) : null;
    map.on('click', function (e) {
      latInput.value = e.latlng.lat.toFixed(6);
      lonInput.value = e.latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(e.latlng); } else { marker = L.marker(e.latlng).addTo(map); }
    });
  }

  function zoomable(img) {
    function toggle() { img.classList.toggle('zoomed'); }
    img.addEventListener('click', toggle);
    img.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('#network-map').forEach(networkMap);
    document.querySelectorAll('.minimap').forEach(miniMap);
    document.querySelectorAll('.coord-picker').forEach(coordinatePicker);
    document.querySelectorAll('img.zoomable').forEach(zoomable);
  });

  // The live table keeps the newest 200 rows.
  document.addEventListener('htmx:afterSwap', function (e) {
    if (e.detail.target && e.detail.target.id === 'live-rows') {
      var rows = e.detail.target.querySelectorAll('tr');
      for (var i = 200; i < rows.length; i++) { rows[i].remove(); }
    }
  });
})();

// Admin and audit pages.
(function () {
  'use strict';

  // A "copy" button for a read-only secret shown once (a new device key). Without script the button stays
  // hidden and the key can still be selected by hand.
  function copyButton(button) {
    var target = document.getElementById(button.dataset.copy);
    if (!target) { return; }
    var status = button.parentElement.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      target.focus();
      target.select();
      var done = function () { if (status) { status.textContent = button.dataset.copied || ''; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done);
      } else if (document.execCommand && document.execCommand('copy')) {
        done();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('button[data-copy]').forEach(copyButton);
    document.querySelectorAll('input.secret').forEach(function (input) {
      input.addEventListener('focus', function () { input.select(); });
    });
  });
})();
