// The API explorer (/docs): Swagger UI (bundled in vendor/swagger-ui) on our own OpenAPI schema.
// This file replaces the inline script of FastAPI's default page, which our Content-Security-Policy
// (script-src 'self') would block; the schema's URL comes from the page's data-openapi-url.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]
  });
})();
