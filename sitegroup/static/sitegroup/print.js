/* 打印 buttons on printable pages: <button type="button" data-sg-print>. (No inline handlers: the
   Content-Security-Policy blocks them.) */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-sg-print]") : null;
    if (button) { window.print(); }
  });
})();
