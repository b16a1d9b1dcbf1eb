/* Material upload: read a video's duration from the chosen file into the duration field.
 *
 * The content security policy allows media from this site only (no blob: URLs), so the
 * duration is read from the file's own metadata: the MP4 "mvhd" box or the WebM
 * Segment Info. When it cannot be read, the field stays for manual entry.
 */
(function () {
  "use strict";

  function readBytes(file, start, length) {
    return file.slice(start, start + length).arrayBuffer().then(function (buffer) {
      return new DataView(buffer);
    });
  }

  function mvhdSeconds(view, offset) {
    var version = view.getUint8(offset);
    if (version === 1) {
      var timescale1 = view.getUint32(offset + 20);
      var duration1 = view.getUint32(offset + 24) * 4294967296 + view.getUint32(offset + 28);
      return timescale1 ? duration1 / timescale1 : null;
    }
    var timescale = view.getUint32(offset + 12);
    var duration = view.getUint32(offset + 16);
    return timescale ? duration / timescale : null;
  }

  // Walk the top-level boxes to "moov", then its children to "mvhd".
  function mp4Duration(file) {
    function boxAt(offset) {
      return readBytes(file, offset, 16).then(function (view) {
        if (view.byteLength < 8) {
          return null;
        }
        var size = view.getUint32(0);
        var type = String.fromCharCode(view.getUint8(4), view.getUint8(5), view.getUint8(6), view.getUint8(7));
        var header = 8;
        if (size === 1 && view.byteLength >= 16) {
          size = view.getUint32(8) * 4294967296 + view.getUint32(12);
          header = 16;
        } else if (size === 0) {
          size = file.size - offset;
        }
        return { offset: offset, size: size, type: type, header: header };
      });
    }
    function find(offset, end, wanted, depth) {
      if (offset + 8 > end || depth > 64) {
        return Promise.resolve(null);
      }
      return boxAt(offset).then(function (box) {
        if (!box || box.size < 8) {
          return null;
        }
        if (box.type === wanted) {
          return box;
        }
        return find(offset + box.size, end, wanted, depth + 1);
      });
    }
    return find(0, file.size, "moov", 0).then(function (moov) {
      if (!moov) {
        return null;
      }
      return find(moov.offset + moov.header, moov.offset + moov.size, "mvhd", 0).then(function (mvhd) {
        if (!mvhd) {
          return null;
        }
        return readBytes(file, mvhd.offset + mvhd.header, 32).then(function (view) {
          return mvhdSeconds(view, 0);
        });
      });
    });
  }

  // WebM: look for TimecodeScale (2A D7 B1) and Duration (44 89, a float) near the start.
  function webmDuration(file) {
    return readBytes(file, 0, Math.min(file.size, 262144)).then(function (view) {
      var scale = 1000000;
      var ticks = null;
      for (var i = 0; i + 12 < view.byteLength; i++) {
        if (view.getUint8(i) === 0x2a && view.getUint8(i + 1) === 0xd7 && view.getUint8(i + 2) === 0xb1) {
          var lengthByte = view.getUint8(i + 3);
          var n = lengthByte & 0x0f;
          if (lengthByte & 0x80 && n > 0 && n <= 4) {
            scale = 0;
            for (var k = 0; k < n; k++) {
              scale = scale * 256 + view.getUint8(i + 4 + k);
            }
          }
        }
        if (ticks === null && view.getUint8(i) === 0x44 && view.getUint8(i + 1) === 0x89) {
          var size = view.getUint8(i + 2);
          if (size === 0x84) {
            ticks = view.getFloat32(i + 3);
          } else if (size === 0x88) {
            ticks = view.getFloat64(i + 3);
          }
        }
      }
      return ticks === null ? null : (ticks * scale) / 1e9;
    });
  }

  function fill(input) {
    var file = input.files && input.files[0];
    var target = document.getElementById(input.dataset.durationTarget);
    if (!file || !target) {
      return;
    }
    var name = file.name.toLowerCase();
    var reader = null;
    if (file.type === "video/mp4" || name.endsWith(".mp4")) {
      reader = mp4Duration;
    } else if (file.type === "video/webm" || name.endsWith(".webm")) {
      reader = webmDuration;
    }
    if (!reader) {
      return;
    }
    reader(file)
      .then(function (seconds) {
        if (seconds && isFinite(seconds) && seconds > 0) {
          target.value = Math.round(seconds);
        }
      })
      .catch(function () {
        /* unreadable metadata: the field stays for manual entry */
      });
  }

  document.querySelectorAll("input[type=file][data-duration-target]").forEach(function (input) {
    input.addEventListener("change", function () {
      fill(input);
    });
  });
})();
