// Gap heat map page: a stacked bar chart of employees per competency (with a gap, meeting
// the standard, not yet assessed). Data comes from json_script "gap-chart-data"; labels
// from the data-* attributes of #gap-chart-labels (translated by the template).
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("gap-chart");
    var source = document.getElementById("gap-chart-data");
    var labels = document.getElementById("gap-chart-labels");
    if (!canvas || !source || !labels || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rows = data.labels.length;
    canvas.parentElement.style.height = Math.max(288, rows * 28 + 80) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: labels.dataset.withGap, data: data.with_gap, backgroundColor: "#dc3545" },
          { label: labels.dataset.met, data: data.met, backgroundColor: "#198754" },
          { label: labels.dataset.unknown, data: data.unknown, backgroundColor: "#adb5bd" },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
