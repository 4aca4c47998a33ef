// PlateGuard dashboard behaviour. Loaded as a file (the CSP forbids inline script); pages declare what they
// need with data- attributes.
(function () {
  'use strict';

  var HEALTH_COLOURS = { 'online': '#1b7f3b', 'stale': '#d08a00', 'offline': '#b3261e', 'never-seen': '#7a8594' };
  var UZBEKISTAN = [41.3, 64.5];

  function baseMap(element, centre, zoom) {
    // A maximum zoom of its own: without tiles the map has none, and clustering needs one.
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18 }).setView(centre, zoom);
    var tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.dataset.attribution || '', maxZoom: 19 }).addTo(map);
    } else if (element.dataset.outline) {
      boundaries(map, element.dataset.outline);
    }
    return map;
  }

  // Natural Earth's borders of Uzbekistan and its neighbours (a bundled asset: no request leaves the server), in a
  // pane below the markers so that, arriving after them, they never cover them.
  function boundaries(map, url) {
    var pane = map.createPane('boundaries');
    pane.style.zIndex = 350;
    pane.style.pointerEvents = 'none';
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        L.geoJSON(geo, {
          pane: 'boundaries', interactive: false,
          style: function (f) {
            return f.properties && f.properties.focus
              ? { color: '#5b6b80', weight: 1.5, fillColor: '#eef1f5', fillOpacity: 0.7 }
              : { color: '#9aa5b4', weight: 1, fillColor: '#f7f8fa', fillOpacity: 0.5, dashArray: '3' };
          }
        }).addTo(map);
        map.getContainer().dataset.boundaries = String(geo.features ? geo.features.length : 1);
      });
  }

  function label(text) {
    var span = document.createElement('span');
    span.textContent = text; // never innerHTML: names come from data
    return span;
  }

  // Worst first: a cluster takes the colour of its worst site.
  var HEALTH_ORDER = ['offline', 'stale', 'never-seen', 'online'];

  function worstHealth(markers) {
    var worst = HEALTH_ORDER.length - 1;
    markers.forEach(function (m) {
      var i = HEALTH_ORDER.indexOf(m.options.health);
      if (i >= 0 && i < worst) { worst = i; }
    });
    return HEALTH_ORDER[worst];
  }

  // The camera network: one marker per site, coloured by its health, clustered where sites crowd (the cluster shows
  // how many and takes its worst site's colour). Markers and clusters are reached by Tab; Enter opens a site's
  // details or zooms into a cluster.
  function networkMap(element) {
    var map = baseMap(element, UZBEKISTAN, 6);
    var group = L.markerClusterGroup ? L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        return L.divIcon({ html: '<span>' + count + '</span>', iconSize: L.point(36, 36),
          className: 'site-cluster health-' + worstHealth(cluster.getAllChildMarkers()) });
      }
    }) : L.featureGroup();
    fetch(element.dataset.sites, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (sites) {
        var bounds = [];
        sites.forEach(function (s) {
          var text = s.name + ' · ' + s.city + ' · ' + s.cameras + ' cam · ' + s.readsLastHour + '/h';
          var marker = L.marker([s.latitude, s.longitude], {
            icon: L.divIcon({ className: 'site-marker health-' + s.health, iconSize: L.point(16, 16) }),
            title: text, alt: text, keyboard: true, health: s.health
          });
          marker.bindPopup(label(text));
          group.addLayer(marker);
          bounds.push([s.latitude, s.longitude]);
        });
        map.addLayer(group);
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

  // A plate's sightings in time order: numbered markers joined by a line. Points come from the page itself.
  function journeyMap(element) {
    var points = JSON.parse(element.dataset.points || '[]');
    var map = baseMap(element, UZBEKISTAN, 6);
    var line = [];
    points.forEach(function (p, i) {
      L.circleMarker([p.lat, p.lon], { radius: 7, weight: 1, color: '#1d2430', fillColor: '#0b5cad', fillOpacity: 0.9 })
        .addTo(map).bindTooltip(label((i + 1) + '. ' + p.label));
      line.push([p.lat, p.lon]);
    });
    if (line.length > 1) { L.polyline(line, { color: '#0b5cad', weight: 2, opacity: 0.7 }).addTo(map); }
    if (line.length) { map.fitBounds(line, { padding: [20, 20], maxZoom: 13 }); }
    element.dataset.markers = String(points.length);
  }

  // A plate's stops, oldest first: numbered markers a keyboard reaches (Tab, then Enter for the tooltip), joined by
  // the journey's line. The page's timeline says the same in words.
  function plateMap(element) {
    var stops = JSON.parse(element.dataset.stops || '[]');
    var map = baseMap(element, UZBEKISTAN, 6);
    var line = [];
    stops.forEach(function (s) {
      var title = s.n + '. ' + s.label + ' (' + s.reads + ')';
      var marker = L.marker([s.lat, s.lon], {
        keyboard: true, title: title, alt: title,
        icon: L.divIcon({ className: 'stop-marker', html: String(Number(s.n)), iconSize: [24, 24] })
      }).addTo(map);
      marker.bindTooltip(label(title));
      var el = marker.getElement();
      if (el) { el.setAttribute('aria-label', title); el.setAttribute('role', 'button'); el.dataset.site = String(s.site); }
      line.push([s.lat, s.lon]);
    });
    if (line.length > 1) {
      L.polyline(line, { color: '#0b5cad', weight: 2, opacity: 0.7, className: 'journey-line' }).addTo(map);
    }
    if (line.length) { map.fitBounds(line, { padding: [20, 20], maxZoom: 13 }); }
    element.dataset.markers = String(stops.length);
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('#network-map').forEach(networkMap);
    document.querySelectorAll('#journey-map').forEach(journeyMap);
    document.querySelectorAll('#plate-map').forEach(plateMap);
    document.querySelectorAll('.minimap').forEach(miniMap);
    document.querySelectorAll('.coord-picker').forEach(coordinatePicker);
  });

  // A fragment is never a whole page. The server answers a poll of an ended session with HX-Redirect to the login
  // page; should a sign-in page come back all the same (a proxy that follows redirects, say), it is not swapped
  // into the table, where it would repeat every 2 s and take the focus: the browser goes to the login page instead.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var xhr = e.detail.xhr;
    if (!xhr) { return; }
    var landed = xhr.responseURL ? new URL(xhr.responseURL) : null;
    var loginPage = landed && /\/login$/.test(landed.pathname);
    if (loginPage || /<input[^>]+type="password"/.test(xhr.responseText || '')) {
      e.detail.shouldSwap = false;
      window.location.assign(loginPage && landed.search ? landed.href : '/login?expired');
    }
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

  // Site form: the city list offers the chosen region's cities (without script, all of them, grouped by region).
  function citiesOfRegion(region) {
    var cities = document.getElementById(region.dataset.cities);
    if (!cities) { return; }
    function narrow() {
      cities.querySelectorAll('optgroup').forEach(function (group) {
        var shown = !region.value || group.dataset.region === region.value;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      var chosen = cities.options[cities.selectedIndex];
      if (chosen && chosen.parentElement.disabled) { cities.value = ''; }
    }
    region.addEventListener('change', narrow);
    narrow();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('select[data-cities]').forEach(citiesOfRegion);
    document.querySelectorAll('button[data-copy]').forEach(copyButton);
    document.querySelectorAll('input.secret').forEach(function (input) {
      input.addEventListener('focus', function () { input.select(); });
    });
  });
})();

// Review page (main[data-review-keys]): c confirm, r then 1-6 reject with that reason, n next, e edit plate,
// Escape cancels. Keys are matched by their position (KeyboardEvent.code), not the character they type, so that they
// work with a Russian or Uzbek Cyrillic layout and with Caps Lock. The page's forms and buttons work the same
// without script.
(function () {
  'use strict';

  function typing(target) {
    if (!target) { return false; }
    if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') { return true; }
    return target.tagName === 'INPUT' && ['radio', 'checkbox', 'submit', 'button', 'hidden'].indexOf(target.type) < 0;
  }

  function submit(id) {
    var form = document.getElementById(id);
    if (!form) { return false; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    return true;
  }

  // "Digit3" and "Numpad3" → "3"; anything else → null.
  function digit(code) {
    var m = /^(?:Digit|Numpad)([1-9])$/.exec(code || '');
    return m ? m[1] : null;
  }

  function reviewKeys(root) {
    var reject = document.getElementById('review-reject');
    var plate = document.getElementById('review-plate');
    var choosing = false;

    // The reasons open as a panel fixed to the bottom of the window (CSS: .choosing), so that the evidence stays
    // where it is while a reason is chosen: nothing scrolls.
    function choose(on) {
      choosing = on;
      if (reject) {
        // The form leaves the flow while it floats: hold its row's height so that nothing below moves up.
        var row = reject.parentElement;
        if (on && row) { row.style.minHeight = row.offsetHeight + 'px'; }
        reject.classList.toggle('choosing', on);
        if (!on && row) { row.style.minHeight = ''; }
      }
      root.dataset.reviewMode = on ? 'reject' : '';
    }

    document.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      // The evidence lightbox has keys of its own; nothing behind it is decided while it is open.
      if (document.querySelector('dialog[open]')) { return; }
      if (typing(e.target)) {
        if (e.code === 'Escape') { e.target.blur(); choose(false); }
        return;
      }
      if (choosing && reject) {
        var number = digit(e.code);
        if (number) {
          var radio = reject.querySelector('input[name=reason][data-key="' + number + '"]');
          if (radio) {
            e.preventDefault();
            radio.checked = true;
            var note = reject.querySelector('input[name=note]');
            if (radio.dataset.needsNote && note && !note.value.trim()) {
              note.required = true;
              note.focus({ preventScroll: true });
            } else {
              submit('review-reject');
            }
          }
          return;
        }
        if (e.code === 'Escape') { choose(false); return; }
      }
      switch (e.code) {
        case 'KeyC': e.preventDefault(); submit('review-confirm'); break;
        case 'KeyR': if (reject) { e.preventDefault(); choose(true); } break;
        case 'KeyN': e.preventDefault(); submit('review-next'); break;
        case 'KeyE': if (plate) { e.preventDefault(); plate.focus(); plate.select(); } break;
        case 'Escape': choose(false); break;
        default: break;
      }
    });

    // Pressing Enter in the note after choosing OTHER sends the rejection.
    if (reject) {
      var noteInput = reject.querySelector('input[name=note]');
      if (noteInput) {
        noteInput.addEventListener('keydown', function (e) {
          if (e.key === 'Enter') { e.preventDefault(); submit('review-reject'); }
        });
      }
    }
    root.dataset.reviewKeysReady = 'true';
  }

  // Forms that end something (a session, a token) ask first: <form data-confirm="question">.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-review-keys]').forEach(reviewKeys);
  });
})();

// Live alert feed (main#alert-feed): alerts pushed by the server-sent event stream appear at the top with a flash and,
// when switched on, a short tone made by the Web Audio API (no sound file; browsers allow audio only after a click, so
// the sound starts off on every page). Without script the page still lists the newest alerts and its forms work.
(function () {
  'use strict';

  var TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tashkent', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  var KEEP = 200;

  function feed(main) {
    var list = document.getElementById('alert-list');
    var template = document.getElementById('alert-card');
    var status = document.getElementById('alert-status');
    var soundButton = document.getElementById('alert-sound');
    var labels = document.getElementById('alert-labels');
    var audio = null;
    var soundOn = false;
    var unseen = 0;
    var title = document.title;

    function label(kind, value) {
      var dt = labels.querySelector('[data-' + kind + '="' + value + '"]');
      return dt ? dt.textContent : value;
    }

    function setSound(on) {
      soundOn = on;
      soundButton.setAttribute('aria-pressed', on ? 'true' : 'false');
      soundButton.textContent = on ? soundButton.dataset.on : soundButton.dataset.off;
    }

    function tone(priority) {
      if (!soundOn || !audio) { return; }
      var t = audio.currentTime;
      [0, 0.22].forEach(function (offset) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.type = 'sine';
        osc.frequency.value = priority <= 3 ? 1046 : 784;
        gain.gain.setValueAtTime(0.0001, t + offset);
        gain.gain.exponentialRampToValueAtTime(0.3, t + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + offset + 0.18);
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(t + offset);
        osc.stop(t + offset + 0.2);
      });
    }

    function text(card, field, value) {
      var el = card.querySelector('[data-field="' + field + '"]');
      if (el) { el.textContent = value == null ? '' : value; el.hidden = value == null || value === ''; }
    }

    function fill(card, a) {
      card.dataset.alertId = String(a.id);
      card.dataset.count = String(a.count);
      card.dataset.state = a.state;
      card.className = 'alert-card state-' + a.state;
      text(card, 'plate', a.plate);
      text(card, 'priority', 'P' + a.priority);
      text(card, 'reason', label('reason', a.reason));
      text(card, 'count', a.count > 1 ? '×' + a.count : '');
      text(card, 'state', label('state', a.state));
      text(card, 'hotlist', a.hotlist);
      text(card, 'pattern', label('match', a.match) + ' ' + a.pattern);
      text(card, 'where', a.site + ' / ' + a.camera);
      text(card, 'time', TIME.format(new Date(a.capturedAt)));
      var when = card.querySelector('[data-field="time"]');
      when.dateTime = a.capturedAt;
      when.title = new Date(a.capturedAt).toISOString().substring(0, 19).replace('T', ' ') + ' UTC';
      text(card, 'entryNote', a.entryNote);
      card.querySelector('[data-field="readLink"]').href = main.dataset.base + 'reads/' + a.readId;
      var seen = labels.querySelector('[data-text="passage"]');
      text(card, 'passage', a.passage && a.passage.cameras > 1 && seen
        ? seen.textContent.replace('{0}', a.passage.cameras).replace('{1}', a.passage.reads) : '');
      var done = a.acknowledgedBy ? a.acknowledgedBy + (a.acknowledgeNote ? ': ' + a.acknowledgeNote : '')
        : a.escalatedBy ? a.escalatedBy + (a.escalateNote ? ': ' + a.escalateNote : '') : '';
      text(card, 'done', done);
      var img = card.querySelector('[data-field="thumbnail"]');
      if (a.thumbnail) { img.src = main.dataset.evidence + a.thumbnail; img.hidden = false; } else { img.hidden = true; }
      img.parentElement.hidden = img.hidden; // the button that opens it in the lightbox
      card.querySelectorAll('form.alert-act').forEach(function (form) {
        var action = form.dataset.action;
        form.action = main.dataset.base + 'alerts/' + a.id + '/' + action;
        form.hidden = action === 'acknowledge' ? a.state === 'acknowledged' : a.state !== 'new';
        var input = form.querySelector('input[name=note]');
        var lbl = form.querySelector('label');
        if (input) { input.id = 'note-' + a.id; }
        if (lbl) { lbl.htmlFor = 'note-' + a.id; }
      });
    }

    function flash(card) {
      card.classList.remove('fresh');
      void card.offsetWidth; // restart the animation
      card.classList.add('fresh');
    }

    function show(a) {
      var card = list.querySelector('[data-alert-id="' + a.id + '"]');
      var isNew = !card;
      var repeated = card && Number(card.dataset.count) < a.count;
      if (isNew) {
        card = template.content.firstElementChild.cloneNode(true);
        list.insertBefore(card, list.firstChild);
        var empty = document.getElementById('no-alerts');
        if (empty) { empty.remove(); }
        while (list.children.length > KEEP) { list.lastElementChild.remove(); }
      }
      fill(card, a);
      if ((isNew || repeated) && a.state !== 'acknowledged') {
        flash(card);
        tone(a.priority);
        if (document.hidden) { unseen++; document.title = '(' + unseen + ') ' + title; }
      }
    }

    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) { unseen = 0; document.title = title; }
    });
    soundButton.hidden = false;
    soundButton.addEventListener('click', function () {
      // Browsers start audio only after a gesture: the context is made on the first click.
      if (!audio && (window.AudioContext || window.webkitAudioContext)) {
        audio = new (window.AudioContext || window.webkitAudioContext)();
      }
      if (audio && audio.state === 'suspended') { audio.resume(); }
      setSound(!soundOn);
    });

    var source = new EventSource(main.dataset.stream);
    source.addEventListener('ready', function () {
      status.dataset.connected = 'true';
      status.textContent = status.dataset.live;
    });
    source.addEventListener('alert', function (e) { show(JSON.parse(e.data)); });
    source.addEventListener('error', function () {
      status.dataset.connected = 'false';
      status.textContent = status.dataset.offline;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var main = document.getElementById('alert-feed');
    if (main && window.EventSource) { feed(main); }
  });
})();

// Start page charts: each [data-chart] holds its data as JSON (the server writes it; no inline script under the
// CSP), drawn with uPlot. The table beside each chart has the same numbers for screen readers and print.
(function () {
  'use strict';

  var COLOURS = ['#2b6cb0', '#c53030', '#2f855a', '#805ad5', '#d69e2e', '#319795', '#d53f8c', '#4a5568'];

  function formatter(unit, zone) {
    var lang = document.documentElement.lang || 'en';
    var f = unit === 'hour'
      ? new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: zone })
      : new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: zone });
    return function (seconds) { return f.format(new Date(seconds * 1000)); };
  }

  function draw(el) {
    var spec = JSON.parse(el.dataset.chart);
    var x = formatter(spec.xUnit, spec.zone);
    var number = new Intl.NumberFormat(document.documentElement.lang || 'en', { maximumFractionDigits: 1 });
    // Bars for one series; several series are drawn as lines, which stay readable where bars would hide each other.
    var bars = spec.type === 'bars' && spec.series.length === 1 && uPlot.paths && uPlot.paths.bars;
    var series = [{ value: function (u, v) { return v == null ? '' : x(v); } }];
    spec.series.forEach(function (s) {
      var colour = COLOURS[s.colour % COLOURS.length];
      series.push({
        label: s.label,
        stroke: colour,
        fill: bars ? colour + 'cc' : undefined,
        width: bars ? 1 : 2,
        points: { show: !bars, size: 5 },
        paths: bars ? uPlot.paths.bars({ size: [0.8, 40], gap: 1 }) : undefined,
        value: function (u, v) { return v == null ? '–' : number.format(v) + (spec.yUnit === 'percent' ? ' %' : ''); }
      });
    });
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    var opts = {
      width: Math.max(260, el.clientWidth),
      height: 220,
      series: series,
      scales: { y: spec.yUnit === 'percent' ? { range: [0, 100] } : { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [
        { values: function (u, ticks) { return ticks.map(x); } },
        { values: function (u, ticks) { return ticks.map(function (t) { return number.format(t); }); } }
      ],
      legend: { show: true }
    };
    var plot = new uPlot(opts, data, el);
    el.dataset.drawn = 'true';
    window.addEventListener('resize', function () { plot.setSize({ width: Math.max(260, el.clientWidth), height: 220 }); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (typeof uPlot === 'undefined') { return; }
    document.querySelectorAll('[data-chart]').forEach(draw);
  });
})();


// Evidence viewer (templates/evidence/viewer.html): a read's images as a strip, each opening a modal lightbox
// (<dialog>: focus stays inside, Escape closes, focus goes back to the image) with zoom, pan and stepping through the
// read's images; the plate box drawn over the image it belongs to; a clip's frame-by-frame stepping. Everything is
// positioned through element.style (the CSP forbids style attributes and inline script).
(function () {
  'use strict';

  var MAX = 8, FACTOR = 1.25, PAN = 60;

  function number(v) { return typeof v === 'number' && isFinite(v); }

  function parseBox(json) {
    if (!json) { return null; }
    try {
      var b = JSON.parse(json);
      return b && number(b.x) && number(b.y) && number(b.width) && number(b.height) && b.width > 0 && b.height > 0
        ? b : null;
    } catch (e) {
      return null;
    }
  }

  // The outline in percent of the picture, so that it follows the image at any size and under any transform.
  function placeBox(el, box, w, h) {
    if (!el) { return; }
    if (!box || !w || !h) { el.hidden = true; return; }
    el.style.left = (box.x / w * 100) + '%';
    el.style.top = (box.y / h * 100) + '%';
    el.style.width = (box.width / w * 100) + '%';
    el.style.height = (box.height / h * 100) + '%';
    el.hidden = false;
  }

  // One image of a set as the lightbox needs it.
  function item(button) {
    var img = button.querySelector('img');
    return { src: img.currentSrc || img.src, alt: img.alt, box: parseBox(button.dataset.box),
      width: Number(button.dataset.width) || img.naturalWidth, height: Number(button.dataset.height) || img.naturalHeight };
  }

  function strip(button) {
    var img = button.querySelector('img');
    var box = parseBox(button.dataset.box);
    if (!img) { return; }
    function size() {
      return [Number(button.dataset.width) || img.naturalWidth, Number(button.dataset.height) || img.naturalHeight];
    }
    if (button.classList.contains('crop-view')) {
      // The comparison shows the plate alone: the first image enlarged inside a window the shape of the box.
      var crop = function () {
        var s = size();
        if (!box || !s[0]) { return; }
        button.classList.add('cropped');
        button.style.aspectRatio = box.width + ' / ' + box.height;
        img.style.width = (s[0] / box.width * 100) + '%';
        img.style.left = (-box.x / box.width * 100) + '%';
        img.style.top = (-box.y / box.height * 100) + '%';
      };
      if (img.complete) { crop(); } else { img.addEventListener('load', crop); }
      return;
    }
    var outline = button.querySelector('.plate-box');
    var draw = function () { var s = size(); placeBox(outline, box, s[0], s[1]); };
    if (img.complete) { draw(); } else { img.addEventListener('load', draw); }
  }

  function lightbox(dialog) {
    var stage = dialog.querySelector('.lightbox-stage');
    var frame = dialog.querySelector('.lightbox-frame');
    var img = dialog.querySelector('.lightbox-image');
    var outline = dialog.querySelector('.plate-box');
    var count = dialog.querySelector('.lightbox-count');
    var items = [], index = 0, scale = 1, tx = 0, ty = 0, opener = null, drag = null;

    function apply() {
      frame.style.transform = 'translate(' + tx + 'px, ' + ty + 'px) scale(' + scale + ')';
      dialog.dataset.scale = String(scale);
    }

    function reset() { scale = 1; tx = 0; ty = 0; apply(); }

    // As large as the window allows, small crops enlarged too.
    function fit() {
      var it = items[index];
      var w = it && (it.width || img.naturalWidth), h = it && (it.height || img.naturalHeight);
      if (!w || !h || !stage.clientWidth) { return; }
      var f = Math.min(stage.clientWidth / w, stage.clientHeight / h);
      img.style.width = Math.floor(w * f) + 'px';
      img.style.height = Math.floor(h * f) + 'px';
    }

    // Zooms keeping the point (x, y), relative to the stage's centre, where it is on screen.
    function zoomAt(next, x, y) {
      next = Math.min(MAX, Math.max(1, next));
      if (next === 1) { reset(); return; }
      tx = x - (x - tx) * next / scale;
      ty = y - (y - ty) * next / scale;
      scale = next;
      apply();
    }

    function pan(dx, dy) {
      if (scale <= 1) { return; }
      tx += dx; ty += dy;
      apply();
    }

    function show(i) {
      index = (i + items.length) % items.length;
      var it = items[index];
      reset();
      img.alt = it.alt;
      img.src = it.src;
      fit();
      placeBox(outline, it.box, it.width, it.height);
      count.textContent = (dialog.dataset.count || '{0} / {1}').replace('{0}', index + 1).replace('{1}', items.length);
      dialog.dataset.index = String(index);
      dialog.querySelectorAll('[data-act=prev], [data-act=next]').forEach(function (b) { b.hidden = items.length < 2; });
    }

    function step(n) { if (items.length > 1) { show(index + n); } }

    function open(list, i) {
      items = list;
      opener = document.activeElement;
      if (!dialog.open) { dialog.showModal(); }
      show(i);
    }

    img.addEventListener('load', function () {
      var it = items[index];
      if (it && (!it.width || !it.height)) { it.width = img.naturalWidth; it.height = img.naturalHeight; }
      fit();
      if (it) { placeBox(outline, it.box, it.width, it.height); }
    });
    window.addEventListener('resize', function () { if (dialog.open) { fit(); } });
    dialog.addEventListener('close', function () {
      if (opener && document.contains(opener) && opener.focus) { opener.focus(); }
    });

    dialog.addEventListener('click', function (e) {
      var button = e.target.closest('[data-act]');
      if (!button) { return; }
      switch (button.dataset.act) {
        case 'prev': step(-1); break;
        case 'next': step(1); break;
        case 'in': zoomAt(scale * FACTOR, 0, 0); break;
        case 'out': zoomAt(scale / FACTOR, 0, 0); break;
        case 'reset': reset(); break;
        case 'close': dialog.close(); break;
        default: break;
      }
    });

    // Keys by position (KeyboardEvent.code) where a layout types something else there (, and . are б and ю in
    // Russian); + and − also by the character they type.
    dialog.addEventListener('keydown', function (e) {
      e.stopPropagation(); // the page behind (the review's c, r, n, e) does not see the lightbox's keys
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      var code = e.code || '';
      if (e.key === '+' || code === 'Equal' || code === 'NumpadAdd') { zoomAt(scale * FACTOR, 0, 0); }
      else if (e.key === '-' || e.key === '−' || code === 'Minus' || code === 'NumpadSubtract') { zoomAt(scale / FACTOR, 0, 0); }
      else if (code === 'Digit0' || code === 'Numpad0') { reset(); }
      else if (code === 'Comma' || code === 'PageUp') { step(-1); }
      else if (code === 'Period' || code === 'PageDown') { step(1); }
      // Arrows move a zoomed image; at its full-window size ← and → step through the images.
      else if (code === 'ArrowLeft') { if (scale > 1) { pan(PAN, 0); } else { step(-1); } }
      else if (code === 'ArrowRight') { if (scale > 1) { pan(-PAN, 0); } else { step(1); } }
      else if (code === 'ArrowUp') { if (scale > 1) { pan(0, PAN); } else { return; } }
      else if (code === 'ArrowDown') { if (scale > 1) { pan(0, -PAN); } else { return; } }
      else { return; }
      e.preventDefault();
    });

    function centred(e) {
      var r = stage.getBoundingClientRect();
      return [e.clientX - r.left - r.width / 2, e.clientY - r.top - r.height / 2];
    }
    stage.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = centred(e);
      zoomAt(e.deltaY < 0 ? scale * FACTOR : scale / FACTOR, p[0], p[1]);
    }, { passive: false });
    stage.addEventListener('dblclick', function (e) {
      var p = centred(e);
      if (scale > 1) { reset(); } else { zoomAt(2.5, p[0], p[1]); }
    });
    stage.addEventListener('pointerdown', function (e) {
      if (e.button !== 0 || scale <= 1) { return; }
      drag = { x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
      stage.classList.add('dragging');
      e.preventDefault();
    });
    stage.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    });
    ['pointerup', 'pointercancel'].forEach(function (type) {
      stage.addEventListener(type, function () { drag = null; stage.classList.remove('dragging'); });
    });

    // Any .evidence-open opens the lightbox on the images of its set (one read's strip, or one alert's thumbnail);
    // delegated, so that alert cards the feed adds later work too.
    document.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('.evidence-open');
      if (!button) { return; }
      var set = button.closest('[data-evidence-set]');
      var buttons = set ? Array.prototype.slice.call(set.querySelectorAll('.evidence-open')) : [button];
      buttons = buttons.filter(function (b) { return !b.hidden && b.querySelector('img'); });
      var at = buttons.indexOf(button);
      if (at < 0) { return; }
      e.preventDefault();
      open(buttons.map(item), at);
    });
  }

  // A clip: pause and move one frame (1/fps; 25 when the camera did not say) back or forward, the time shown.
  function clip(figure) {
    var video = figure.querySelector('video');
    var out = figure.querySelector('.clip-time');
    var fps = Number(figure.dataset.fps) || 25;
    if (!video) { return; }
    function show() {
      var t = video.currentTime || 0;
      if (out) {
        out.value = (out.dataset.template || '{0} / {1}').replace('{0}', t.toFixed(3))
          .replace('{1}', String(Math.floor(t * fps + 1e-6) + 1));
      }
    }
    function step(n) {
      video.pause();
      // On the frame grid: from frame k to k ± 1, whatever time the player stopped at.
      var frame = Math.round((video.currentTime || 0) * fps) + n;
      var end = isFinite(video.duration) ? video.duration : Infinity;
      video.currentTime = Math.max(0, Math.min(end, frame / fps));
      show();
    }
    figure.querySelectorAll('[data-frame]').forEach(function (b) {
      b.addEventListener('click', function () { step(Number(b.dataset.frame)); });
    });
    figure.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (e.code === 'Comma' || e.code === 'Period') {
        e.preventDefault();
        e.stopPropagation();
        step(e.code === 'Comma' ? -1 : 1);
      }
    });
    ['timeupdate', 'seeked', 'loadedmetadata'].forEach(function (type) { video.addEventListener(type, show); });
    show();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.evidence-viewer .evidence-open, .compare .evidence-open').forEach(strip);
    document.querySelectorAll('.evidence-viewer figure.clip').forEach(clip);
    var dialog = document.getElementById('evidence-lightbox');
    if (dialog && typeof dialog.showModal === 'function') { lightbox(dialog); }
  });
})();
