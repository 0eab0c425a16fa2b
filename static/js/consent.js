/* The cookie banner without a page reload. Without JavaScript the same form posts and the
   server redirects back; this only saves the round trip. */
(function () {
  "use strict";
  var banner = document.getElementById("consent-banner");
  if (!banner || !window.fetch || !window.FormData) {
    return;
  }
  var form = banner.querySelector("form");

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.value) {
      return;
    }
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    body.set("choice", button.value);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("choice not recorded: " + response.status);
        }
        return response.json();
      })
      .then(function (result) {
        var notice = document.createElement("p");
        notice.className = "consent-notice container";
        notice.setAttribute("role", "status");
        notice.setAttribute("tabindex", "-1");
        notice.textContent = banner.getAttribute("data-saved-text");
        banner.replaceWith(notice);
        notice.focus();
        if (result.analytics && banner.getAttribute("data-analytics-src")) {
          var script = document.createElement("script");
          script.src = banner.getAttribute("data-analytics-src");
          script.setAttribute("data-endpoint", banner.getAttribute("data-analytics-endpoint"));
          document.body.appendChild(script);
        }
      })
      .catch(function () {
        // Fall back to the plain form: the server records the choice and comes back here.
        var fallback = document.createElement("input");
        fallback.type = "hidden";
        fallback.name = "choice";
        fallback.value = button.value;
        form.appendChild(fallback);
        form.submit();
      });
  });
})();
