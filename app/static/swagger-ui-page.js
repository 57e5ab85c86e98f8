// Starts Swagger UI with the settings the page carries in #swagger-ui's data attributes: a
// script file of this server, so that the page's Content-Security-Policy needs no inline script.
window.addEventListener("load", () => {
  const settings = document.getElementById("swagger-ui").dataset;
  window.ui = SwaggerUIBundle({
    url: settings.specsUrl,
    dom_id: "#swagger-ui",
    validatorUrl: null, // never send the document to a validator elsewhere
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset.slice(1)], // no top bar
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    docExpansion: settings.docExpansion,
    filter: true,
    displayOperationId: settings.displayOperationId === "true",
    displayRequestDuration: settings.displayRequestDuration === "true",
  });
});
