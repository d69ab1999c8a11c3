/* The main-colour field of 网站模板设置: a colour picker kept in step with the hex text, and the
   contrast of white text on the chosen colour shown as the person picks (the server checks it again). */
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function channel(value) {
    var srgb = value / 255;
    return srgb <= 0.03928 ? srgb / 12.92 : Math.pow((srgb + 0.055) / 1.055, 2.4);
  }

  function luminance(hex) {
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }

  function contrastWithWhite(hex) {
    return 1.05 / (luminance(hex) + 0.05);
  }

  function setUp(box) {
    if (box.dataset.sgReady) return;
    box.dataset.sgReady = "1";
    var picker = box.querySelector("[data-sg-colour-picker]");
    var text = box.querySelector("input[type=text]");
    var hint = box.querySelector("[data-sg-colour-contrast]");
    var minimum = parseFloat(box.dataset.minContrast);
    var defaults = JSON.parse(box.dataset.themeDefaults || "{}");
    var form = box.closest("form");
    var themeSelect = form ? form.querySelector("select[name=theme]") : null;

    function themeDefault() {
      return (themeSelect && defaults[themeSelect.value]) || "#1d4f91";
    }

    function show() {
      var value = text.value.trim();
      var colour = HEX.test(value) ? value : value === "" ? themeDefault() : null;
      if (colour === null) {
        hint.textContent = "请填写 # 加 6 位十六进制数，例如 #b3261e，或用左侧取色器选择。";
        return;
      }
      picker.value = colour.toLowerCase();
      var ratio = contrastWithWhite(colour);
      var shown = (Math.floor(ratio * 10) / 10).toFixed(1);
      hint.textContent = (value === "" ? "使用模板默认色 " + colour + "；" : "") +
        "与白色文字对比度 " + shown + ":1" +
        (ratio >= minimum ? "，符合无障碍要求。" : "，低于 " + minimum + ":1，保存时将被拒绝，请选择更深的颜色。");
    }

    picker.addEventListener("input", function () {
      text.value = picker.value;
      text.dispatchEvent(new Event("input", { bubbles: true }));
      text.dispatchEvent(new Event("change", { bubbles: true }));
    });
    text.addEventListener("input", show);
    if (themeSelect) themeSelect.addEventListener("change", show);
    show();
  }

  function setUpAll() {
    document.querySelectorAll("[data-sg-colour-input]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
