/* Video progress: report the stretches of the video actually played to the server.
 *
 * The server merges the intervals and decides completion (>= 90 % watched), so skipping
 * ahead counts for nothing. Intervals are sent every 10 s while playing, and on pause,
 * end and when the page is hidden; a failed send is kept and retried with the next one.
 * The player resumes at the position stored on the server (data-resume).
 */
(function () {
  "use strict";

  var video = document.getElementById("material-video");
  if (!video) {
    return;
  }
  var progressUrl = video.dataset.progressUrl;
  var csrfToken = video.dataset.csrfToken;
  var resumeAt = parseFloat(video.dataset.resume || "0") || 0;
  var bar = document.getElementById("video-progress");
  var status = document.getElementById("video-status");
  var SEND_EVERY_MS = 10000;
  var MAX_STEP_SECONDS = 2; // more than this between two timeupdates is a jump, not playback

  var pending = []; // [[start, end], ...] played but not yet acknowledged by the server
  var segmentStart = null;
  var lastTime = null;
  var inFlight = false;

  function closeSegment() {
    if (segmentStart !== null && lastTime !== null && lastTime > segmentStart) {
      pending.push([segmentStart, lastTime]);
    }
    segmentStart = null;
  }

  function cutSegment() {
    // Send what was played so far and carry on from the same point.
    var now = lastTime;
    closeSegment();
    if (!video.paused && now !== null) {
      segmentStart = now;
    }
  }

  function showProgress(data) {
    if (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
    }
    if (status) {
      status.textContent = data.completed
        ? status.dataset.doneText
        : (status.dataset.percentText || "{percent}%").replace("{percent}", data.percent);
    }
  }

  function send(keepalive) {
    if (inFlight && !keepalive) {
      return;
    }
    var batch = pending;
    pending = [];
    var body = JSON.stringify({ intervals: batch, position: video.currentTime });
    inFlight = true;
    fetch(progressUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(keepalive),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: body,
    })
      .then(function (response) {
        if (response.ok) {
          return response.json().then(showProgress);
        }
        if (response.status >= 500) {
          pending = batch.concat(pending); // a server hiccup: try again with the next send
        }
        return null;
      })
      .catch(function () {
        pending = batch.concat(pending); // offline: keep the intervals, resend later
      })
      .finally(function () {
        inFlight = false;
      });
  }

  video.addEventListener("loadedmetadata", function () {
    if (resumeAt > 0 && resumeAt < video.duration - 3) {
      video.currentTime = resumeAt;
    }
  });

  video.addEventListener("timeupdate", function () {
    if (video.seeking) {
      return;
    }
    var t = video.currentTime;
    if (video.paused) {
      lastTime = t;
      return;
    }
    var jumped =
      lastTime === null || t < lastTime || t - lastTime > MAX_STEP_SECONDS * (video.playbackRate || 1);
    if (segmentStart === null || jumped) {
      closeSegment();
      segmentStart = t;
    }
    lastTime = t;
  });

  video.addEventListener("seeking", function () {
    closeSegment();
    lastTime = null;
  });

  video.addEventListener("pause", function () {
    closeSegment();
    send(false);
  });

  video.addEventListener("ended", function () {
    lastTime = video.duration;
    closeSegment();
    send(false);
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      cutSegment();
      send(true);
    }
  });

  window.setInterval(function () {
    if (!video.paused) {
      cutSegment();
      if (pending.length) {
        send(false);
      }
    }
  }, SEND_EVERY_MS);
})();
