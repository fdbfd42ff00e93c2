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
  function openExample(ex, active) {
    // Inactive tabs have no editor yet: the query goes in the tab's configuration.
    return yasgui.addTab(active, { name: ex.name, yasqe: { value: ex.query }, requestConfig: { endpoint: endpoint } });
  }
  // First visit: one tab per example, the first one selected, the empty default tab closed.
  if (examples.length && Object.keys(yasgui._tabs).length <= 1) {
    var initial = yasgui.getTab();
    examples.forEach(function (ex, i) { openExample(ex, i === 0); });
    if (initial) { initial.close(); }
  }
  document.getElementById("examples").addEventListener("change", function (ev) {
    var ex = examples[Number(ev.target.value)];
    if (ex) { openExample(ex, true); }
  });
  window.referatgrafYasgui = yasgui;
})();
