// Draws every plotly figure of the page with the book's own copy of plotly.js.
// Each figure is a <div class="labnotebook-plotly"> holding its JSON in an inert
// <script type="application/json">; nothing is fetched from anywhere else.
"use strict";
(function () {
  function draw(holder) {
    var data = holder.querySelector("script.labnotebook-plotly-data");
    if (!data || typeof Plotly === "undefined") return;
    var figure = JSON.parse(data.textContent);
    var plot = document.createElement("div");
    plot.className = "labnotebook-plotly-plot";
    holder.appendChild(plot);
    var config = Object.assign({}, figure.config || {}, {
      responsive: true,
      displaylogo: false,
      // the "edit in Chart Studio" link would send the figure off the site
      showLink: false,
      showEditInChartStudio: false,
    });
    // a width fixed for a notebook's wide cell would overflow a phone: fit the page
    var layout = Object.assign({}, figure.layout || {});
    if (layout.width && layout.width > holder.clientWidth) {
      delete layout.width;
      layout.autosize = true;
    }
    Plotly.newPlot(plot, figure.data || [], layout, config);
  }
  function drawAll() {
    document.querySelectorAll("div.labnotebook-plotly").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
