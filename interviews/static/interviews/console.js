/* 访谈控制台: hears new and changed questions and new posts on the console WebSocket and refreshes
   the queue (server-rendered, with its forms) — without JavaScript a reload does the same. */
/* Buttons that ask before they act: data-sg-confirm="问题？" (no inline handlers under the CSP). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-sg-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-sg-confirm"))) { event.preventDefault(); }
});
(function () {
  "use strict";
  var root = document.getElementById("iv-console");
  if (!root || !window.WebSocket) { return; }
  var queue = document.getElementById("iv-queue");
  var feed = document.getElementById("iv-console-feed");
  var status = document.getElementById("iv-console-connection");
  var typing = false;
  queue.addEventListener("focusin", function (event) { typing = event.target.tagName === "TEXTAREA"; });
  queue.addEventListener("focusout", function () { typing = false; refresh(); });
  var stale = false;

  function refresh() {
    if (typing) { stale = true; return; }   // never replace a box the director is typing in
    stale = false;
    fetch(root.dataset.queue, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { queue.innerHTML = html; } });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/interviews/" + root.dataset.interview + "/console/");
    socket.onopen = function () { status.textContent = "已实时连接"; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "question") { refresh(); }
      if (message.type === "post") {
        var item = document.createElement("li");
        var line = (message.question ? message.question.name + " 问：" + message.question.text + " " : "") +
          (message.kind === "question" ? "" : (message.speaker ? message.speaker + "：" : "") + (message.text || ""));
        item.textContent = line;
        feed.insertBefore(item, feed.firstChild);
        if (message.state) { document.getElementById("iv-console-state").textContent = message.state === "live" ? "直播中" : "已结束"; }
      }
    };
    socket.onclose = function () { status.textContent = "连接中断，正在重新连接…"; setTimeout(connect, 2000); };
  }
  connect();
})();
