/* Cost per participant chart of the cost comparison page (finance:comparison).
 *
 * Reads the JSON that the server put (escaped) in the data-chart attribute of
 * <canvas class="cost-chart"> — an attribute rather than a json_script element, because
 * htmx runs with allowScriptTags=false and removes every <script> from swapped content —
 * and draws a Chart.js line chart: x = participants on a log scale (10 … 10,000),
 * y = cost per participant, one series per scenario. It redraws after every HTMX swap of
 * the results and then sets data-participants on the canvas (the browser test waits for it).
 */
(function () {
  "use strict";

  var rupiah = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });

  function formatRupiah(value) {
    return "Rp " + rupiah.format(value);
  }

  function draw() {
    var canvas = document.querySelector("canvas.cost-chart[data-chart]");
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(canvas.dataset.chart);
    var previous = window.Chart.getChart(canvas);
    if (previous) {
      previous.destroy();
    }
    var series = function (key) {
      return data.points
        .filter(function (p) { return p[key] !== null; })
        .map(function (p) { return { x: p.participants, y: p[key] }; });
    };
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          { label: data.labels.conventional, data: series("conventional"), borderColor: "#dc3545", backgroundColor: "#dc3545", tension: 0.2 },
          { label: data.labels.smart, data: series("smart"), borderColor: "#198754", backgroundColor: "#198754", tension: 0.2 }
        ]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: {
            type: "logarithmic",
            min: 10,
            max: 10000,
            title: { display: true, text: data.labels.x },
            ticks: {
              callback: function (value) {
                return [10, 100, 1000, 10000, 20, 50, 200, 500, 2000, 5000].indexOf(value) >= 0
                  ? rupiah.format(value) : "";
              }
            }
          },
          y: {
            type: "logarithmic",
            title: { display: true, text: data.labels.y },
            ticks: {
              // label 1, 2 and 5 × 10^n only, so the log axis stays readable
              callback: function (value) {
                var mantissa = value / Math.pow(10, Math.floor(Math.log10(value)));
                return [1, 2, 5].indexOf(Math.round(mantissa)) >= 0 &&
                  Math.abs(mantissa - Math.round(mantissa)) < 1e-9 ? formatRupiah(value) : "";
              }
            }
          }
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) { return rupiah.format(items[0].parsed.x) + " " + data.labels.participants; },
              label: function (item) { return item.dataset.label + ": " + formatRupiah(item.parsed.y); }
            }
          }
        }
      }
    });
    canvas.dataset.participants = String(data.participants);
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSwap", draw);
})();
