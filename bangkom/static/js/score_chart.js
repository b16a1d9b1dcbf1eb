/* Score distribution chart of the item-analysis page (assessments:assessment-analysis).
 *
 * Reads the histogram the server rendered with json_script into
 * <script type="application/json" id="score-chart-data"> ({labels, counts, label}: one bar
 * per 10-point bin of scores) and draws a Chart.js bar chart on <canvas id="score-chart">.
 * Sets data-drawn on the canvas when done, for tests.
 */
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("score-chart");
    var source = document.getElementById("score-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var previous = window.Chart.getChart(canvas);
    if (previous) {
      previous.destroy();
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.counts, backgroundColor: "#0d6efd" }]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
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
