/* gridsafe's offline route map for phones: the data is in <script id="gs-data">, Leaflet is in the page, nothing is
   fetched. Layers: the grid boundary, roads and other sites (muted), the route, numbered stops whose popup is the
   stop's checklist (ticks kept on the phone), the start, the member's position while the phone gives one. */
(function () {
  "use strict";
  var errors = [];
  function note(msg) {
    errors.push(String(msg));
    document.body.setAttribute("data-errors", errors.join(" | "));
  }
  window.addEventListener("error", function (e) { note(e.message || e); });

  var D = JSON.parse(document.getElementById("gs-data").textContent);
  var C = D.colors;
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function ll(p) { return [p[1], p[0]]; }

  var map = L.map("map", {attributionControl: false, zoomSnap: 0.5, fadeAnimation: false});
  var b = D.bounds;     // the view first: vector layers need one when added
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {paddingTopLeft: [10, 80], paddingBottomRight: [10, 20], maxZoom: 17});
  L.geoJSON(D.layers.grid, {className: "gs-grid", interactive: false,
    style: {color: C.grid, weight: 3, dashArray: "8 6", fillColor: C.grid, fillOpacity: 0.05}}).addTo(map);
  L.geoJSON(D.layers.roads, {className: "gs-road",
    style: {color: C.road, weight: 4, opacity: 0.9, lineCap: "round"},
    onEachFeature: function (f, layer) {
      if (f.properties.name) { layer.bindTooltip(esc(f.properties.name), {sticky: true}); }
    }}).addTo(map);
  L.geoJSON(D.layers.sites, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {className: "gs-site", radius: 4.5, color: "#ffffff", weight: 1,
                                     fillColor: C.site, fillOpacity: 0.95});
    },
    onEachFeature: function (f, layer) {
      layer.bindPopup("<div class='gs-pop'><b>" + esc(f.properties.name) + "</b><br>" + esc(f.properties.category) +
                      "<br><span class='gs-code'>" + esc(D.text.not_in_route) + "</span></div>");
    }}).addTo(map);
  if (D.route.length > 1) {
    L.polyline(D.route.map(ll), {className: "gs-route-casing", color: "#ffffff", weight: 8, opacity: 0.8,
                                 interactive: false}).addTo(map);
    L.polyline(D.route.map(ll), {className: "gs-route", color: C.route, weight: 5, opacity: 0.9})
      .bindTooltip(esc(D.text.route)).addTo(map);
  }
  L.marker(ll(D.start.at), {title: D.start.name, keyboard: false,
    icon: L.divIcon({className: "gs-start", html: "<span>" + esc(D.text.start_mark) + "</span>",
                     iconSize: [26, 26], iconAnchor: [13, 13]})})
    .bindPopup("<div class='gs-pop'><b>" + esc(D.start.label) + "</b></div>").addTo(map);

  function ticks(key) {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function stopPopup(st) {
    var key = "gridsafe:" + D.code + ":" + st.seq;
    var done = ticks(key);
    var h = "<div class='gs-pop' data-key='" + esc(key) + "'><h3>" + esc(st.seq + ". " + st.name) + "</h3>";
    if (st.category) { h += "<p>" + esc(st.category) + "</p>"; }
    if (st.address) { h += "<p>" + esc(D.text.address) + esc(st.address) + "</p>"; }
    if (st.contact || st.phone) {
      h += "<p>" + esc(D.text.contact) + esc(st.contact) + " " +
           (st.phone ? "<a href='tel:" + esc(st.phone) + "'>" + esc(st.phone) + "</a>" : "") + "</p>";
    }
    st.hazards.forEach(function (t) { h += "<p class='gs-hz'>" + esc(D.text.hazard) + esc(t) + "</p>"; });
    if (st.visited) { h += "<p>" + esc(st.visited) + "</p>"; }
    if (st.checklist.length) {
      h += "<b>" + esc(D.text.checklist) + "</b><ul>";
      st.checklist.forEach(function (c, i) {
        h += "<li><label><input type='checkbox' data-i='" + i + "'" + (done[i] ? " checked" : "") + ">" +
             "<span>" + esc(c.point) + "</span></label>" +
             (c.detail ? "<details><summary>" + esc(D.text.detail) + (c.item ? "（" + esc(c.item) + "）" : "") +
                         "</summary>" + esc(c.detail) + "</details>" : "") + "</li>";
      });
      h += "</ul>";
    }
    if (st.code) { h += "<p class='gs-code'>" + esc(D.text.code) + esc(st.code) + "</p>"; }
    h += "</div>";
    return h;
  }
  var stopLayer = L.layerGroup().addTo(map), markers = {};
  D.stops.slice().sort(function (a, b) { return b.seq - a.seq; }).forEach(function (st) {
    markers[st.seq] = L.marker(ll(st.at), {title: st.seq + ". " + st.name, riseOnHover: true,
      icon: L.divIcon({className: "gs-stop" + (st.visited ? " gs-visited" : ""), html: "<span>" + st.seq + "</span>",
                       iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]})})
      .bindPopup(stopPopup(st), {maxWidth: 300, minWidth: 220, autoPanPadding: [10, 70]})
      .addTo(stopLayer);
  });
  map.on("popupopen", function (e) {
    var root = e.popup.getElement().querySelector(".gs-pop[data-key]");
    if (!root) { return; }
    root.addEventListener("change", function (ev) {
      var key = root.getAttribute("data-key"), done = ticks(key);
      done[ev.target.getAttribute("data-i")] = ev.target.checked;
      try { localStorage.setItem(key, JSON.stringify(done)); } catch (err) { /* private mode: ticks not kept */ }
    });
  });

  L.control.scale({imperial: false, maxWidth: 120, position: "bottomleft"}).addTo(map);

  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "gs-legend");
    var h = "<b>" + esc(D.text.legend) + "</b><div>";
    D.legend.forEach(function (row) {
      h += "<i class='gs-l-" + row[0] + "'>" + esc(row[2] || "") + "</i>" + esc(row[1]) + "<br>";
    });
    div.innerHTML = h + "</div>";
    L.DomEvent.disableClickPropagation(div);
    div.firstChild.addEventListener("click", function () { div.classList.toggle("gs-closed"); });
    return div;
  };
  legend.addTo(map);

  // the member's position: watched while the page is open, if the phone and the member allow it
  var where = document.getElementById("gs-where");
  var me = null, ring = null, follow = false;
  function say(text, bad) { where.textContent = text; where.className = "gs-where" + (bad ? " gs-bad" : ""); }
  function located(pos) {
    var at = [pos.coords.latitude, pos.coords.longitude], acc = pos.coords.accuracy || 0;
    if (!me) {
      ring = L.circle(at, {className: "gs-accuracy", radius: acc, color: C.me, weight: 1, fillOpacity: 0.12,
                           interactive: false}).addTo(map);
      me = L.circleMarker(at, {className: "gs-me", radius: 7, color: "#ffffff", weight: 2, fillColor: C.me,
                               fillOpacity: 1}).addTo(map);
    } else {
      me.setLatLng(at);
      ring.setLatLng(at).setRadius(acc);
    }
    me.bindTooltip(esc(D.text.me));
    say(D.text.located.replace("{m}", Math.round(acc)));
    if (follow) { map.setView(at, Math.max(map.getZoom(), 16)); follow = false; }
  }
  function failed(err) {
    var why = {1: D.text.denied, 2: D.text.unavailable, 3: D.text.timeout}[err && err.code] || D.text.unavailable;
    say(D.text.no_position + why, true);
  }
  function watch() {
    if (!("geolocation" in navigator)) { say(D.text.no_position + D.text.unsupported, true); return; }
    navigator.geolocation.watchPosition(located, failed, {enableHighAccuracy: true, maximumAge: 10000, timeout: 60000});
  }
  var locate = L.control({position: "topleft"});
  locate.onAdd = function () {
    var div = L.DomUtil.create("div", "leaflet-bar gs-locate");
    div.innerHTML = "<a href='#' role='button' title='" + esc(D.text.locate) + "'>" + esc(D.text.locate) + "</a>";
    L.DomEvent.disableClickPropagation(div);
    div.firstChild.addEventListener("click", function (e) {
      e.preventDefault();
      if (me) { map.setView(me.getLatLng(), Math.max(map.getZoom(), 16)); } else { follow = true; watch(); }
    });
    return div;
  };
  locate.addTo(map);
  // page.html#S3 opens stop 3's checklist
  var asked = /^#S?(\d+)$/i.exec(location.hash || "");
  if (asked && markers[asked[1]]) { markers[asked[1]].openPopup(); }
  say(D.text.locating);
  watch();
  document.body.setAttribute("data-ready", "1");
})();
