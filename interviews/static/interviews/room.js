/* 在线访谈 viewer room: the live feed over WebSocket (server-sent events, then polling, when the
   WebSocket is blocked), replay of what was missed by sequence number, the question box, the player.
   Text from the server is inserted with textContent only. */
(function () {
  "use strict";

  // -- the question box (预告 page and live room) --------------------------------------------------
  var form = document.getElementById("iv-ask-form");
  if (form && window.fetch && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = document.getElementById("iv-ask-result");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (reply) {
          result.className = "sg-iv-ask__result " + (reply.ok ? "sg-iv-ask__result--ok" : "sg-alert");
          result.textContent = reply.ok ? reply.data.message : reply.data.error;
          if (reply.ok) { form.querySelector("textarea").value = ""; }
        })
        .catch(function () {
          result.className = "sg-iv-ask__result sg-alert";
          result.textContent = "网络连接失败，问题没有提交，请稍后再试。";
        })
        .then(function () { button.disabled = false; });
    });
  }

  var room = document.getElementById("iv-room");
  if (!room) { return; }

  // -- the player (video + image-text, audio + text) -----------------------------------------------
  var player = document.getElementById("iv-player");
  if (player && player.dataset.src) {
    var note = document.getElementById("iv-player-note");
    if (player.canPlayType("application/vnd.apple.mpegurl")) {
      player.src = player.dataset.src;
    } else if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.loadSource(player.dataset.src);
      hls.attachMedia(player);
      hls.on(window.Hls.Events.ERROR, function (_name, data) {
        if (data.fatal) { note.textContent = "直播流暂时无法播放，图文直播照常进行。"; }
      });
    } else {
      note.textContent = "您的浏览器无法播放直播流，请使用图文直播。";
    }
  }

  // -- the feed ------------------------------------------------------------------------------------
  var interviewId = room.dataset.interview;
  var last = parseInt(room.dataset.since, 10) || 0;
  var list = document.getElementById("iv-posts");
  var viewers = document.getElementById("iv-viewers");
  var status = document.getElementById("iv-connection");
  var announcer = document.getElementById("iv-announcer");
  var finished = false;
  var pending = [];
  var announceTimer = null;

  function text(tag, className, value) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.textContent = value;
    return element;
  }

  // A screen reader hears at most one summary every 4 seconds, not every post.
  function announce(summary) {
    pending.push(summary);
    if (announceTimer) { return; }
    announceTimer = setTimeout(function () {
      var latest = pending[pending.length - 1];
      announcer.textContent = pending.length > 1 ? "新增" + pending.length + "条直播内容，最新：" + latest : latest;
      pending = [];
      announceTimer = null;
    }, 4000);
  }

  function render(post) {
    var item = document.createElement("li");
    item.className = "sg-iv-post sg-iv-post--" + post.kind;
    item.dataset.seq = post.seq;
    if (post.question) {
      var quote = document.createElement("p");
      quote.className = "sg-iv-quote";
      quote.appendChild(text("span", "sg-iv-speaker", post.question.name + " 问："));
      quote.appendChild(document.createTextNode(post.question.text));
      item.appendChild(quote);
    }
    if (post.kind !== "question") {
      var body = document.createElement("p");
      if (post.speaker) { body.appendChild(text("span", "sg-iv-speaker", post.speaker + "：")); }
      body.appendChild(document.createTextNode(post.text));
      item.appendChild(body);
    }
    if (post.image) {
      var image = document.createElement("img");
      image.src = post.image;
      image.alt = "直播图片";
      image.className = "sg-iv-image";
      item.appendChild(image);
    }
    item.appendChild(text("time", "sg-iv-time", post.time));
    return item;
  }

  function apply(post) {
    if (post.seq <= last) { return true; }
    if (post.seq > last + 1) { return false; }
    last = post.seq;
    list.appendChild(render(post));
    if (post.state) { changeState(post.state, post.text); }
    var who = post.question ? post.question.name + "问：" + post.question.text : "";
    announce(post.kind === "question" ? who : (post.speaker ? post.speaker + "：" : "") + post.text);
    return true;
  }

  function changeState(state, label) {
    var badge = document.getElementById("iv-state");
    if (badge) {
      badge.className = "sg-badge sg-badge--" + state;
      badge.textContent = state === "finished" ? "已结束" : "直播中";
    }
    if (state === "finished") {
      finished = true;
      status.textContent = label;
    }
  }

  function receive(data) {
    var message;
    try { message = JSON.parse(data); } catch (error) { return; }
    if (message.type === "viewers") {
      viewers.textContent = "（在线 " + message.count + " 人）";
    } else if (message.type === "post" && !apply(message)) {
      catchUp();
    }
  }

  var catchingUp = false;
  function catchUp() {
    if (catchingUp) { return; }
    catchingUp = true;
    return fetch(room.dataset.feed + "?since=" + last, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { (data.posts || []).forEach(apply); })
      .catch(function () {})
      .then(function () { catchingUp = false; });
  }

  // -- transports: WebSocket, then server-sent events, then polling ----------------------------------
  var failures = 0;
  var forced = new URLSearchParams(window.location.search).get("transport");

  function connectSocket() {
    if (finished) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/interviews/" + interviewId + "/?since=" + last);
    var opened = false;
    socket.onopen = function () { opened = true; failures = 0; status.textContent = "已连接直播"; room.dataset.transport = "websocket"; };
    socket.onmessage = function (event) { receive(event.data); };
    socket.onclose = function () {
      room.dataset.transport = "";
      if (finished) { return; }
      failures = opened ? 1 : failures + 1;
      if (failures >= 3) { connectEvents(); return; }
      status.textContent = "连接中断，正在重新连接…";
      var wait = Math.min(15000, 1000 * Math.pow(2, failures - 1)) + Math.random() * 1000;
      setTimeout(connectSocket, wait);
    };
    window.ivSocket = socket;
  }
  window.ivReconnect = connectSocket;  // what a dropped connection does after its back-off (tests call it at once)

  function connectEvents() {
    if (!window.EventSource) { poll(); return; }
    var source = new EventSource(room.dataset.events + "?since=" + last);
    source.onopen = function () { status.textContent = "已连接直播"; room.dataset.transport = "events"; };
    source.onmessage = function (event) {
      receive(event.data);
      if (finished) { source.close(); }
    };
    window.ivEvents = source;
  }

  function poll() {
    room.dataset.transport = "polling";
    catchUp();
    if (!finished) { setTimeout(poll, 5000); }
  }

  if (forced === "events") { connectEvents(); }
  else if (forced === "polling") { poll(); }
  else if (window.WebSocket) { connectSocket(); }
  else { connectEvents(); }
})();
