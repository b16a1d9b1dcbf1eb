/* The CAT exam page (assessments:exam-page) and the device id of every exam page.
 *
 * Every exam page (my exams, takeover, exam, result) loads this file. It
 * - keeps a random device id in localStorage, mirrors it into the "bangkom_device" cookie
 *   (the server compares it with the attempt's device: another device must confirm a
 *   takeover, RELIABILITY.md decision 4) and into hidden [data-exam-device] form fields;
 * - clears the local answer outbox of finished attempts (result page), of attempts long
 *   past their deadline, and of everything on logout (decision 5);
 * - on the exam page, reads the form that the server rendered once with json_script into
 *   <script type="application/json" id="exam-data"> and runs the exam: one question at a
 *   time, a navigator grid (answered / unanswered / flagged; flags kept in localStorage),
 *   previous/next and keyboard (←/→, 1–5 or A–E, F), a countdown from the server's
 *   remaining seconds (re-synced every 60 s, never the client clock), and an outbox of
 *   unsent answers in localStorage, keyed by attempt and item with an increasing
 *   client_seq, sent one by one with PUT and retried with backoff while offline. An entry
 *   leaves the outbox only when the server acknowledged it (saved, or holds a newer one).
 *   Submitting opens an HTML confirmation naming the unanswered count, flushes the outbox,
 *   then POSTs the submit and opens the result page.
 * Nothing here can tell which option is keyed: the page never receives the key.
 */
(function () {
  "use strict";

  var DEVICE_KEY = "bangkom.device";
  var DEVICE_COOKIE = "bangkom_device";
  var OUTBOX_PREFIX = "bangkom.outbox.";
  var FLAGS_PREFIX = "bangkom.flags.";
  var POSITION_PREFIX = "bangkom.position.";
  var SEQ_KEY = "bangkom.seq";
  var RESYNC_MS = 60 * 1000;
  var MAX_BACKOFF_MS = 30 * 1000;
  var STALE_AFTER_DEADLINE_MS = 6 * 3600 * 1000;
  var FOCUS_EVENT_GAP_MS = 5000;
  var DEVICE_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
  var LETTERS = "ABCDEFGHIJ";

  // --- storage ------------------------------------------------------------------------------

  var store = (function () {
    try {
      var s = window.localStorage;
      s.setItem("bangkom.probe", "1");
      s.removeItem("bangkom.probe");
      return s;
    } catch (e) {
      return null;
    }
  })();
  var memory = {};

  function getItem(key) {
    return store ? store.getItem(key) : (key in memory ? memory[key] : null);
  }
  function setItem(key, value) {
    if (store) {
      try { store.setItem(key, value); } catch (e) { memory[key] = value; }
    } else {
      memory[key] = value;
    }
  }
  function removeItem(key) {
    if (store) { store.removeItem(key); }
    delete memory[key];
  }
  function readJSON(key, fallback) {
    try {
      var raw = getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function writeJSON(key, value) {
    setItem(key, JSON.stringify(value));
  }
  function storedKeys() {
    var keys = [];
    if (store) {
      for (var i = 0; i < store.length; i++) { keys.push(store.key(i)); }
    } else {
      keys = Object.keys(memory);
    }
    return keys;
  }

  // --- device id ----------------------------------------------------------------------------

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function cookieValue(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].split("=");
      if (pair[0] === name) { return decodeURIComponent(pair.slice(1).join("=")); }
    }
    return "";
  }

  function deviceId() {
    var id = getItem(DEVICE_KEY);
    if (!id || !DEVICE_PATTERN.test(id)) {
      var fromCookie = cookieValue(DEVICE_COOKIE);
      id = DEVICE_PATTERN.test(fromCookie) ? fromCookie : randomId();
      setItem(DEVICE_KEY, id);
    }
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = DEVICE_COOKIE + "=" + id + "; path=/; max-age=31536000; SameSite=Lax" + secure;
    return id;
  }

  // --- outbox housekeeping (decision 5) ---------------------------------------------------------

  function clearAttempt(attemptId) {
    removeItem(OUTBOX_PREFIX + attemptId);
    removeItem(FLAGS_PREFIX + attemptId);
    removeItem(POSITION_PREFIX + attemptId);
  }

  function clearEverything() {
    storedKeys().forEach(function (key) {
      if (key.indexOf(OUTBOX_PREFIX) === 0 || key.indexOf(FLAGS_PREFIX) === 0 ||
          key.indexOf(POSITION_PREFIX) === 0) {
        removeItem(key);
      }
    });
  }

  function clearStale() {
    var now = Date.now();
    storedKeys().forEach(function (key) {
      if (key.indexOf(OUTBOX_PREFIX) !== 0) { return; }
      var box = readJSON(key, null);
      var deadline = box && Date.parse(box.deadline);
      if (!box || isNaN(deadline) || deadline + STALE_AFTER_DEADLINE_MS < now) {
        clearAttempt(key.slice(OUTBOX_PREFIX.length));
      }
    });
  }

  var beforeLogout = null; // the exam page sets this to flush its outbox first

  function hookLogout() {
    var button = document.querySelector('[data-testid="logout"]');
    var form = button && button.form;
    if (!form) { return; }
    window.bangkomExamOwnsLogout = true;  // outbox_cleanup.js (every page) steps aside
    form.addEventListener("submit", function (event) {
      if (!beforeLogout) {
        clearEverything();
        return;
      }
      event.preventDefault();
      beforeLogout().then(function () {
        clearEverything();
        form.submit();
      });
    });
  }

  // --- helpers ------------------------------------------------------------------------------------

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function clock(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = (m < 10 ? "0" : "") + m;
    var ss = (s < 10 ? "0" : "") + s;
    return h > 0 ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  var lastSeq = 0;
  function nextSeq() {
    // Time-based and monotonic across reloads and tabs of this browser: a later change always
    // carries a larger client_seq than anything this device sent before.
    var stored = Number(getItem(SEQ_KEY)) || 0;
    var seq = Math.max(Date.now() * 1000, stored + 1, lastSeq + 1);
    lastSeq = seq;
    setItem(SEQ_KEY, String(seq));
    return seq;
  }

  // --- the exam page --------------------------------------------------------------------------------

  function runExam(root, data, device) {
    var csrf = root.getAttribute("data-csrf");
    var text = data.text;
    var items = data.items;
    var attemptId = data.attempt;
    var outboxKey = OUTBOX_PREFIX + attemptId;
    var flagsKey = FLAGS_PREFIX + attemptId;
    var positionKey = POSITION_PREFIX + attemptId;

    var el = {
      number: document.getElementById("exam-question-number"),
      stem: document.getElementById("exam-stem"),
      options: document.getElementById("exam-options"),
      prev: document.getElementById("exam-prev"),
      next: document.getElementById("exam-next"),
      flag: document.getElementById("exam-flag"),
      flagBadge: document.getElementById("exam-flag-badge"),
      nav: document.getElementById("exam-nav"),
      timer: document.getElementById("exam-timer"),
      connection: document.getElementById("exam-connection"),
      alert: document.getElementById("exam-alert"),
      answered: document.getElementById("exam-answered-count"),
      total: document.getElementById("exam-total-count"),
      modal: document.getElementById("exam-submit-modal"),
      summary: document.getElementById("exam-submit-summary"),
      submitError: document.getElementById("exam-submit-error"),
      confirm: document.getElementById("exam-submit-confirm")
    };

    var answers = {};   // item id -> {o: [option ids], s: client_seq}
    var outbox = readJSON(outboxKey, null);
    if (!outbox || !outbox.items) { outbox = { deadline: data.deadline, items: {} }; }
    outbox.deadline = data.deadline;
    var flags = readJSON(flagsKey, {});
    var accepting = true;   // the participant may still change answers
    var finished = false;   // the server closed the attempt (submitted or expired)
    var sending = false;
    var backoff = 0;
    var retryTimer = null;
    var endAt = performance.now() + data.remaining * 1000;

    data.answers.forEach(function (a) {
      answers[a.item_id] = { o: a.option_ids, s: a.client_seq };
    });
    Object.keys(outbox.items).forEach(function (itemId) {
      var local = outbox.items[itemId];
      var server = answers[itemId];
      if (!server || local.s > server.s) {
        answers[itemId] = { o: local.o, s: local.s };  // unsent: the browser's is newer
      } else {
        delete outbox.items[itemId];                    // the server already has it (or newer)
      }
    });
    saveOutbox();

    var index = Number(getItem(positionKey));
    if (!(index >= 0 && index < items.length)) {
      index = 0;
      for (var i = 0; i < items.length; i++) {
        if (!isAnswered(items[i].item_id)) { index = i; break; }
      }
    }

    function saveOutbox() { writeJSON(outboxKey, outbox); }
    function pendingCount() { return Object.keys(outbox.items).length; }
    function isAnswered(itemId) {
      var a = answers[itemId];
      return !!(a && a.o && a.o.length);
    }
    function answeredCount() {
      return items.filter(function (item) { return isAnswered(item.item_id); }).length;
    }

    // connection indicator
    function showConnection() {
      var state;
      if (!navigator.onLine) {
        state = "offline";
      } else if (pendingCount() > 0 || sending) {
        state = retryTimer ? "offline" : "saving";
      } else {
        state = "saved";
      }
      el.connection.setAttribute("data-state", state);
      el.connection.textContent = text[state];
    }

    function showAlert(message, kind) {
      el.alert.textContent = message;
      el.alert.className = "alert alert-" + (kind || "warning");
    }

    // rendering
    function renderNav() {
      el.nav.innerHTML = "";
      items.forEach(function (item, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm exam-nav-btn";
        button.textContent = String(i + 1);
        var answered = isAnswered(item.item_id);
        button.classList.add(answered ? "exam-nav-answered" : "exam-nav-unanswered");
        if (flags[item.item_id]) { button.classList.add("exam-nav-flagged"); }
        if (i === index) {
          button.classList.add("exam-nav-current");
          button.setAttribute("aria-current", "true");
        }
        button.setAttribute("data-state", answered ? "answered" : "unanswered");
        button.setAttribute("data-flagged", flags[item.item_id] ? "true" : "false");
        button.setAttribute("aria-label", format(text.nav_label, {
          n: i + 1,
          state: answered ? text.answered : text.unanswered
        }) + (flags[item.item_id] ? " · " + text.flagged : ""));
        button.addEventListener("click", function () { go(i); });
        el.nav.appendChild(button);
      });
      el.answered.textContent = String(answeredCount());
      el.total.textContent = String(items.length);
    }

    function render() {
      var item = items[index];
      if (!item) { return; }  // an empty form: nothing to show
      var chosen = (answers[item.item_id] && answers[item.item_id].o) || [];
      var multiple = item.type === "multiple";
      el.number.textContent = format(text.question, { n: index + 1, total: items.length }) +
        (multiple ? " · " + text.choose_many : "");
      el.stem.innerHTML = item.stem;  // sanitised by the bank (nh3) before it was stored
      el.options.innerHTML = "";
      item.options.forEach(function (option, i) {
        var label = document.createElement("label");
        label.className = "list-group-item list-group-item-action exam-option";
        label.setAttribute("data-testid", "exam-option");
        var input = document.createElement("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = "exam-option";
        input.value = option.option_id;
        input.className = "form-check-input me-2";
        input.checked = chosen.indexOf(option.option_id) >= 0;
        input.disabled = !accepting;
        input.addEventListener("change", function () { choose(i, input.checked); });
        var letter = document.createElement("span");
        letter.className = "exam-letter fw-semibold me-2";
        letter.textContent = LETTERS.charAt(i) + ".";
        var body = document.createElement("span");
        body.className = "exam-option-text";
        body.innerHTML = option.text;
        label.appendChild(input);
        label.appendChild(letter);
        label.appendChild(body);
        if (input.checked) { label.classList.add("active"); }
        el.options.appendChild(label);
      });
      el.prev.disabled = index === 0;
      el.next.disabled = index === items.length - 1;
      var flagged = !!flags[item.item_id];
      el.flag.textContent = flagged ? text.unflag : text.flag;
      el.flag.setAttribute("aria-pressed", flagged ? "true" : "false");
      el.flagBadge.classList.toggle("d-none", !flagged);
      setItem(positionKey, String(index));
      renderNav();
    }

    function go(i) {
      if (i < 0 || i >= items.length || i === index) { return; }
      index = i;
      render();
    }

    function toggleFlag() {
      var itemId = items[index].item_id;
      if (flags[itemId]) { delete flags[itemId]; } else { flags[itemId] = true; }
      writeJSON(flagsKey, flags);
      render();
    }

    // answering
    function choose(optionIndex, checked) {
      if (!accepting) { render(); return; }
      var item = items[index];
      var option = item.options[optionIndex];
      if (!option) { return; }
      var current = ((answers[item.item_id] && answers[item.item_id].o) || []).slice();
      var chosen;
      if (item.type === "multiple") {
        var at = current.indexOf(option.option_id);
        var want = checked === undefined ? at < 0 : checked;
        if (want && at < 0) { current.push(option.option_id); }
        if (!want && at >= 0) { current.splice(at, 1); }
        chosen = current;
      } else {
        chosen = [option.option_id];
      }
      record(item.item_id, chosen);
      render();
    }

    function record(itemId, optionIds) {
      var seq = nextSeq();
      answers[itemId] = { o: optionIds, s: seq };
      outbox.items[itemId] = { o: optionIds, s: seq };
      saveOutbox();
      flush();
    }

    // sending
    function request(method, url, body) {
      var headers = { "X-CSRFToken": csrf, "X-Bangkom-Device": device, "Accept": "application/json" };
      if (body !== undefined) { headers["Content-Type"] = "application/json"; }
      return fetch(url, {
        method: method,
        credentials: "same-origin",
        cache: "no-store",
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(
          function (json) { return { status: response.status, body: json || {} }; },
          function () { return { status: response.status, body: {} }; }
        );
      });
    }

    function scheduleRetry() {
      if (retryTimer) { return; }
      backoff = backoff ? Math.min(backoff * 2, MAX_BACKOFF_MS) : 1000;
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        flush();
      }, backoff);
    }

    function flush() {
      showConnection();
      if (sending || finished) { return; }
      var ids = Object.keys(outbox.items);
      if (!ids.length || !navigator.onLine) { return; }
      var itemId = ids[0];
      var entry = outbox.items[itemId];
      sending = true;
      showConnection();
      request("PUT", data.urls.answer + itemId, { option_ids: entry.o, client_seq: entry.s })
        .then(function (result) {
          sending = false;
          handleSaved(itemId, entry, result);
        }, function () {
          sending = false;       // no answer from the server: keep it, try again later
          scheduleRetry();
          showConnection();
        });
    }

    function handleSaved(itemId, entry, result) {
      var current = outbox.items[itemId];
      if (result.status === 200) {
        backoff = 0;
        var acknowledged = result.body.saved === true || Number(result.body.client_seq) >= entry.s;
        if (acknowledged && current && current.s === entry.s) {
          delete outbox.items[itemId];
          saveOutbox();
        }
        flush();
      } else if (result.status === 409 || result.status === 404) {
        closeAttempt(text.closed);
      } else if (result.status === 422) {
        if (current && current.s === entry.s) {   // can never be stored: don't loop on it
          delete outbox.items[itemId];
          saveOutbox();
        }
        flush();
      } else if (result.status === 401 || result.status === 403) {
        showAlert(text.session, "danger");
        scheduleRetry();
        showConnection();
      } else {
        scheduleRetry();
        showConnection();
      }
    }

    function waitForFlush(timeoutMs) {
      return new Promise(function (resolve) {
        var started = Date.now();
        (function check() {
          if (!pendingCount() && !sending) { resolve(true); return; }
          if (Date.now() - started > timeoutMs || finished) { resolve(false); return; }
          if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
          flush();
          window.setTimeout(check, 200);
        })();
      });
    }

    // closing
    function finishLocally() {
      finished = true;
      accepting = false;
      clearAttempt(attemptId);
    }

    function closeAttempt(message) {
      finishLocally();
      showAlert(message, "info");
      render();
      window.setTimeout(function () { window.location.assign(data.urls.result); }, 1500);
    }

    function submitAttempt() {
      return request("POST", data.urls.submit).then(function (result) {
        if (result.status === 200 || result.status === 409) {
          finishLocally();
          window.location.assign(data.urls.result);
          return true;
        }
        return false;
      }, function () { return false; });
    }

    function timeUp() {
      if (!accepting) { return; }
      accepting = false;
      showAlert(text.time_up, "warning");
      render();
      // Saves already on their way are accepted for a short grace period (decision 1).
      var finish = function () {
        waitForFlush(10000).then(function (flushed) {
          // never submit over answers still waiting to be sent; try again shortly
          return flushed || finished ? submitAttempt() : false;
        }).then(function (done) {
          if (!done) { window.setTimeout(finish, 5000); }
        });
      };
      finish();
    }

    // countdown, re-synced with the server
    function tick() {
      var left = Math.max(0, Math.round((endAt - performance.now()) / 1000));
      el.timer.textContent = clock(left);
      el.timer.parentNode.classList.toggle("exam-timer-low", left <= 300);
      if (left === 0) { timeUp(); }
    }

    function resync() {
      if (finished || !navigator.onLine) { return; }
      request("GET", data.urls.state).then(function (result) {
        if (result.status !== 200) { return; }
        if (result.body.status && result.body.status !== "open") {
          closeAttempt(text.closed);
          return;
        }
        endAt = performance.now() + Number(result.body.remaining_seconds) * 1000;
        tick();
      }, function () { /* offline: the local countdown carries on */ });
    }

    // integrity log: leaving the page
    var lastFocusEvent = 0;
    function focusLost(via) {
      if (finished || !navigator.onLine) { return; }
      var now = Date.now();
      if (now - lastFocusEvent < FOCUS_EVENT_GAP_MS) { return; }
      lastFocusEvent = now;
      request("POST", data.urls.events, { kind: "focus_lost", detail: { via: via } })
        .then(function () {}, function () {});
    }

    // submit confirmation (an HTML modal, never window.confirm)
    el.modal.addEventListener("show.bs.modal", function () {
      var open = items.length - answeredCount();
      el.summary.textContent = open > 0 ? format(text.open_count, { n: open }) : text.all_answered;
      el.submitError.classList.add("d-none");
      el.confirm.disabled = false;
    });
    el.confirm.addEventListener("click", function () {
      if (!navigator.onLine) {
        el.submitError.textContent = text.submit_offline;
        el.submitError.classList.remove("d-none");
        return;
      }
      el.confirm.disabled = true;
      accepting = false;
      waitForFlush(10000).then(function (flushed) {
        return flushed ? submitAttempt() : false;
      }).then(function (done) {
        if (!done && !finished) {
          accepting = true;
          el.confirm.disabled = false;
          el.submitError.textContent = text.submit_failed;
          el.submitError.classList.remove("d-none");
          render();
        }
      });
    });

    // wiring
    el.prev.addEventListener("click", function () { go(index - 1); });
    el.next.addEventListener("click", function () { go(index + 1); });
    el.flag.addEventListener("click", toggleFlag);
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (document.querySelector(".modal.show")) { return; }
      var target = event.target;
      if (target && (target.tagName === "TEXTAREA" || target.isContentEditable ||
          (target.tagName === "INPUT" && /^(text|search|email|number|password)$/.test(target.type)))) {
        return;
      }
      var key = event.key;
      if (key === "ArrowLeft") {
        event.preventDefault();   // also stops the browser moving between radio buttons
        go(index - 1);
      } else if (key === "ArrowRight") {
        event.preventDefault();
        go(index + 1);
      } else if (key === "f" || key === "F") {
        event.preventDefault();
        toggleFlag();
      } else if (/^[1-5]$/.test(key)) {
        event.preventDefault();
        choose(Number(key) - 1);
      } else if (/^[a-eA-E]$/.test(key)) {
        event.preventDefault();
        choose(key.toUpperCase().charCodeAt(0) - 65);
      }
    });
    window.addEventListener("online", function () {
      backoff = 0;
      if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
      flush();
      resync();
    });
    window.addEventListener("offline", showConnection);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { focusLost("visibility"); }
    });
    window.addEventListener("blur", function () { focusLost("blur"); });
    beforeLogout = function () {
      accepting = false;
      return navigator.onLine ? waitForFlush(3000) : Promise.resolve(false);
    };

    render();
    tick();
    flush();
    window.setInterval(tick, 1000);
    window.setInterval(resync, RESYNC_MS);
  }

  // --- start -----------------------------------------------------------------------------------------

  var device = deviceId();
  Array.prototype.forEach.call(document.querySelectorAll("[data-exam-device]"), function (input) {
    input.value = device;
  });
  var finishedMarker = document.getElementById("exam-finished");
  if (finishedMarker) { clearAttempt(finishedMarker.getAttribute("data-attempt")); }
  clearStale();
  hookLogout();

  var root = document.getElementById("exam");
  var source = document.getElementById("exam-data");
  if (root && source) {
    runExam(root, JSON.parse(source.textContent), device);
  }
})();
