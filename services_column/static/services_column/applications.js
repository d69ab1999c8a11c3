/* 网上申请: show only the applicant block of the chosen type (without JavaScript both stay visible
   and the chosen type decides which one is read). */
(function () {
  var radios = document.querySelectorAll('input[name="applicant_kind"]');
  var blocks = document.querySelectorAll('.sg-apply__applicant');
  if (radios.length < 2) return;
  function show() {
    var chosen = document.querySelector('input[name="applicant_kind"]:checked');
    blocks.forEach(function (block) {
      block.hidden = Boolean(chosen) && block.getAttribute('data-applicant') !== chosen.value;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener('change', show); });
  show();
})();
