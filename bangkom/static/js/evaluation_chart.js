/* Stacked Likert bars of a survey report (evaluation:instrument-report).
 *
 * Reads {labels, scale, percents} rendered with json_script into
 * <script type="application/json" id="likert-chart-data">: one horizontal bar per
 * statement, one stacked segment per scale value (percent of answers), and draws it on
 * <canvas id="likert-chart">. Sets data-drawn on the canvas when done, for tests.
 */
(function () {
  "use strict";

  var COLORS = ["#b02a37", "#e35d6a", "#adb5bd", "#6ea8fe", "#0a58ca", "#052c65", "#198754",
    "#20c997", "#ffc107", "#6f42c1"];

  function palette(n) {
    if (n === 5) {
      return ["#b02a37", "#e35d6a", "#adb5bd", "#6ea8fe", "#0a58ca"];
    }
    return COLORS.slice(0, n);
  }

  function draw() {
    var canvas = document.getElementById("likert-chart");
    var source = document.getElementById("likert-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data) {
      return;
    }
    var colors = palette(data.scale.length);
    var datasets = data.scale.map(function (label, index) {
      return {
        label: label,
        data: data.percents.map(function (row) { return row[index]; }),
        backgroundColor: colors[index]
      };
    });
    var previous = window.Chart.getChart(canvas);
    if (previous) {
      previous.destroy();
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + ctx.parsed.x + "%"; }
            }
          }
        },
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: {
            stacked: true,
            ticks: {
              callback: function (value) {
                var text = this.getLabelForValue(value);
                return text.length > 40 ? text.slice(0, 38) + "…" : text;
              }
            }
          }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
