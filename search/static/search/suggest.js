// Prefix suggestions for the header search box: fills the input's <datalist> (works without it too).
(function () {
  "use strict";
  var input = document.getElementById("sg-search-q");
  var list = document.getElementById("sg-search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var value = input.value.trim();
      if (value.length < 1 || value === last) return;
      last = value;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          (data.suggestions || []).forEach(function (word) {
            var option = document.createElement("option");
            option.value = word;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
