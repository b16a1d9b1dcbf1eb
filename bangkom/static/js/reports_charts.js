/* Charts of the report pages (reports:offering-dashboard, reports:institution-report).
 *
 * Every <canvas data-chart="ID"> is drawn from the JSON in <script type="application/json"
 * id="ID"> (Django's json_script: data, never code, so the CSP's script-src 'self' holds).
 * The JSON is {kind: "bar" | "stacked" | "line", horizontal: bool, unit: "%" | undefined,
 * labels: [...], datasets: [{label, data: [...]}]}. Charts keep no aspect ratio: the
 * sized container (.report-chart-box in css/reports.css) gives them their height, so they
 * stay readable on a phone. The same numbers are in the table under each chart.
 */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d"];
  // Likert scales: disagree (red) to agree (green), whatever the number of points
  var LIKERT = {
    2: ["#dc3545", "#198754"],
    3: ["#dc3545", "#adb5bd", "#198754"],
    4: ["#dc3545", "#f1a7a0", "#8fd19e", "#198754"],
    5: ["#dc3545", "#f1a7a0", "#adb5bd", "#8fd19e", "#198754"],
    6: ["#b02a37", "#dc3545", "#f1a7a0", "#8fd19e", "#198754", "#146c43"],
    7: ["#b02a37", "#dc3545", "#f1a7a0", "#adb5bd", "#8fd19e", "#198754", "#146c43"]
  };
  var number = new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 1 });

  function colours(spec) {
    if (spec.kind === "stacked" && LIKERT[spec.datasets.length]) {
      return LIKERT[spec.datasets.length];
    }
    return PALETTE;
  }

  function format(spec, value) {
    return number.format(value) + (spec.unit === "%" ? " %" : "");
  }

  // Long category labels (statements, stage names) become several lines instead of being
  // cut off at the edge of a phone's screen.
  function wrap(label, width) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines.length > 1 ? lines : label;
  }

  function config(spec) {
    var palette = colours(spec);
    var stacked = spec.kind === "stacked";
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      max: spec.unit === "%" ? 100 : undefined,
      ticks: { callback: function (value) { return format(spec, value); } }
    };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: false } };
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.labels.map(function (label) {
          return wrap(label, window.innerWidth < 576 ? 16 : 32);
        }),
        datasets: spec.datasets.map(function (set, index) {
          var colour = palette[index % palette.length];
          return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour, tension: 0.2 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) { return spec.labels[items[0].dataIndex]; },
              label: function (item) {
                var value = spec.horizontal ? item.parsed.x : item.parsed.y;
                return item.dataset.label + ": " + format(spec, value);
              }
            }
          }
        }
      }
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) {
        return;
      }
      var previous = window.Chart.getChart(canvas);
      if (previous) {
        previous.destroy();
      }
      new window.Chart(canvas, config(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
