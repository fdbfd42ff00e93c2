// The query editor: YASGUI on our own /sparql, with every internet look-up switched off
// (no prefix.cc, no LOV autocompletion, no CORS proxy, no link shortener, no endpoint catalogue
// beyond ours) and the examples/queries/*.rq offered as tabs and in a menu.
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).toString();
  var examples = JSON.parse(document.getElementById("example-queries").textContent || "[]");
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    corsProxy: undefined,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    populateFromUrl: false,
    persistenceId: null,
    yasqe: {
      autocompleters: ["variables"],
      prefixCcApi: "",
      createShortLink: undefined,
      showQueryButton: true,
      resizeable: true
    },
    yasr: { prefixes: {} }
  });
  function openExample(ex) {
    var tab = yasgui.addTab(true, { name: ex.name, requestConfig: { endpoint: endpoint } });
    tab.setQuery(ex.query);
  }
  // First visit: one tab per example, the first one selected.
  if (examples.length && Object.keys(yasgui._tabs).length <= 1) {
    var first = yasgui.getTab();
    if (first) { first.setQuery(examples[0].query); first.setName(examples[0].name); }
    for (var i = 1; i < examples.length; i++) {
      var t = yasgui.addTab(false, { name: examples[i].name, requestConfig: { endpoint: endpoint } });
      t.setQuery(examples[i].query);
    }
  }
  document.getElementById("examples").addEventListener("change", function (ev) {
    var ex = examples[Number(ev.target.value)];
    if (ex) { openExample(ex); }
  });
  window.referatgrafYasgui = yasgui;
})();
