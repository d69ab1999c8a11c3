/* Article reading tools: font size 大/中/小 (remembered in localStorage) and the QR code shown on request.
   No inline handlers: the Content-Security-Policy blocks them. */
(function () {
  "use strict";
  var KEY = "sg-article-font-size";
  var SIZES = ["small", "medium", "large"];

  function applySize(size) {
    var article = document.querySelector("[data-sg-article]");
    if (!article || SIZES.indexOf(size) < 0) { return; }
    SIZES.forEach(function (name) { article.classList.toggle("sg-article--" + name, name === size); });
    document.querySelectorAll("[data-sg-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-sg-font-size") === size ? "true" : "false");
    });
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function remember(size) {
    try { window.localStorage.setItem(KEY, size); } catch (error) { /* private mode: size lasts this page */ }
  }

  function toggleQr(button) {
    var figure = document.getElementById(button.getAttribute("aria-controls"));
    if (!figure) { return; }
    var image = figure.querySelector("img[data-src]");
    if (image && !image.getAttribute("src")) { image.setAttribute("src", image.getAttribute("data-src")); }
    var open = figure.hidden;
    figure.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "收起二维码" : "扫码在手机上看";
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var sizeButton = event.target.closest("[data-sg-font-size]");
    if (sizeButton) {
      var size = sizeButton.getAttribute("data-sg-font-size");
      applySize(size);
      remember(size);
      return;
    }
    var qrButton = event.target.closest("[data-sg-qr-toggle]");
    if (qrButton) { toggleQr(qrButton); }
  });

  function init() { applySize(remembered() || "medium"); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
