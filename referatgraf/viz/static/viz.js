/* referatgraf graph page: builds the vis-network from the page's JSON block.
 *
 * Safety: every string from a document reaches the page only as a DOM text node (textContent)
 * or as a canvas label; tooltips are elements we build, never HTML strings. Clicking a node opens
 * its page, but only for the app's own /doc/ and /viz/ paths.
 * State for tests and tools: window.rgViz = {network, nodes, edges, stable, stableAt}.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var statusEl = document.getElementById("rg-status");
  var SAFE_URL = /^(\/|https?:\/\/[^\/\s]+\/)(doc|viz)\/[^\s"'<>\\`]*$/;

  function fold(text) {
    return String(text || "").toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function tooltip(lines) {
    var box = document.createElement("div");
    box.className = "rg-tip";
    (lines || []).forEach(function (line, i) {
      var el = document.createElement(i === 0 ? "strong" : "div");
      el.textContent = line;
      box.appendChild(el);
    });
    return box;
  }

  // The legend's swatches take their colour from data-color: the page's CSP allows no inline
  // style attribute, but a style set from our script is allowed.
  Array.prototype.forEach.call(document.querySelectorAll(".rg-swatch[data-color]"), function (el) {
    el.style.setProperty("--c", el.getAttribute("data-color"));
  });

  function setStatus(text) {
    statusEl.textContent = text;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = tooltip(n.tip);
    copy.fold = fold(n.search);
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var copy = Object.assign({}, e);
    copy.id = i;
    return copy;
  }));
  var container = document.getElementById("rg-graph");
  var state = { network: null, nodes: nodes, edges: edges, stable: false, stableAt: null, data: data };
  window.rgViz = state;

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;

  // A long timeline fitted into the window is too small to read: show its start at a readable
  // scale instead (drag or zoom to follow it).
  function readableStart() {
    if (data.layout !== "timeline" || network.getScale() >= 0.45) return;
    var positions = network.getPositions();
    var xs = [], ys = [];
    Object.keys(positions).forEach(function (id) { xs.push(positions[id].x); ys.push(positions[id].y); });
    var scale = 0.6;
    var minX = Math.min.apply(null, xs);
    var midY = (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2;
    network.moveTo({ position: { x: minX - 40 + container.clientWidth / 2 / scale, y: midY }, scale: scale });
    state.partial = true;
  }

  function freeze() {
    if (state.stable) return;
    network.setOptions({ physics: { enabled: false } });
    readableStart();
    state.stable = true;
    state.stableAt = performance.now();
    document.body.setAttribute("data-state", "stable");
    setStatus(data.nodes.length + " nodes, " + data.edges.length + " edges · layout frozen · " +
      (state.partial ? "showing the start of the timeline, drag to follow it · " : "") +
      "hover for details, click to open");
  }
  network.on("stabilizationProgress", function (p) {
    setStatus("Laying out… " + Math.round(100 * p.iterations / p.total) + "%");
  });
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) {
    freeze();
    setStatus("Nothing to show.");
  }

  network.on("click", function (params) {
    if (params.nodes.length !== 1) return;
    var node = nodes.get(params.nodes[0]);
    if (node && typeof node.url === "string" && SAFE_URL.test(node.url)) {
      window.location.assign(node.url);
    }
  });
  network.on("hoverNode", function () { container.style.cursor = "pointer"; });
  network.on("blurNode", function () { container.style.cursor = "default"; });

  // -- filters: node types and date range (nodes without a date always pass) ----------------
  var typeBoxes = Array.prototype.slice.call(document.querySelectorAll("input.rg-type"));
  var fromEl = document.getElementById("rg-from");
  var toEl = document.getElementById("rg-to");

  function applyFilters() {
    var shown = {};
    typeBoxes.forEach(function (box) { shown[box.value] = box.checked; });
    var from = fromEl && fromEl.value ? fromEl.value : null;
    var to = toEl && toEl.value ? toEl.value : null;
    var updates = nodes.get().map(function (n) {
      var visible = shown[n.group] !== false &&
        (!n.date || ((!from || n.date >= from) && (!to || n.date <= to)));
      return { id: n.id, hidden: !visible };
    });
    nodes.update(updates);
    var hidden = updates.filter(function (u) { return u.hidden; }).length;
    setStatus((data.nodes.length - hidden) + " of " + data.nodes.length + " nodes shown");
  }
  typeBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  [fromEl, toEl].forEach(function (el) { if (el) el.addEventListener("change", applyFilters); });

  // -- search: select and focus matching nodes ---------------------------------------------
  var searchEl = document.getElementById("rg-search");
  var searchStatus = document.getElementById("rg-search-status");
  function search() {
    var q = fold(searchEl.value.trim());
    if (!q) {
      network.unselectAll();
      searchStatus.textContent = "";
      return [];
    }
    var hits = nodes.get({ filter: function (n) { return !n.hidden && n.fold.indexOf(q) !== -1; } })
      .map(function (n) { return n.id; });
    network.selectNodes(hits);
    searchStatus.textContent = hits.length + (hits.length === 1 ? " match" : " matches");
    return hits;
  }
  searchEl.addEventListener("input", search);
  searchEl.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var hits = search();
    if (hits.length) network.focus(hits[0], { scale: 1.3, animation: false });
  });
  state.search = function (text) { searchEl.value = text; return search(); };
  state.applyFilters = applyFilters;
})();
