// Fills the empty CSRF fields of forms on cached pages ({% csrf_field %}) from /csrf-token/, once per page.
// A form submitted before the token arrived waits for it, then submits.
(function () {
  "use strict";
  if (window.sgCsrfField) return;
  var fields = document.querySelectorAll("input[data-csrf-url]");
  if (!fields.length) return;
  var ready = fetch(fields[0].getAttribute("data-csrf-url"), { credentials: "same-origin", cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      document.querySelectorAll("input[data-csrf-url]").forEach(function (field) { field.value = data.token; });
      return data.token;
    });
  window.sgCsrfField = ready;
  fields.forEach(function (field) {
    var form = field.form;
    if (!form) return;
    form.addEventListener("submit", function (event) {
      if (field.value) return;
      event.preventDefault();
      ready.then(function () { form.submit(); });
    });
  });
})();
