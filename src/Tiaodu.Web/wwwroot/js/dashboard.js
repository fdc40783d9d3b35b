// Dashboard: the year-to-date investment trend (this year vs last year) and a tidy filter URL.
(function () {
  'use strict';

  // Leave empty conditions out of the address so links and bookmarks stay short.
  var form = document.getElementById('dashboard-filter');
  if (form) {
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === '') {
          el.disabled = true;
        }
      });
    });
    window.addEventListener('pageshow', function () {
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    });
  }

  var host = document.getElementById('trend-chart');
  var source = document.getElementById('trend-data');
  if (!host || !source || !window.echarts) {
    return;
  }

  var d = JSON.parse(source.textContent);
  var chart = window.echarts.init(host);
  var font = getComputedStyle(document.body).fontFamily;

  chart.setOption({
    textStyle: { fontFamily: font },
    color: ['#0d6efd', '#adb5bd'],
    tooltip: {
      trigger: 'axis',
      valueFormatter: function (v) { return v == null ? '—' : v.toLocaleString() + ' ' + d.unit; }
    },
    legend: { top: 0, data: [d.thisYearName, d.lastYearName] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: d.months },
    yAxis: { type: 'value', name: d.unit, nameTextStyle: { align: 'left' } },
    series: [
      {
        name: d.thisYearName,
        type: 'line',
        data: d.thisYear,
        symbolSize: 9,
        lineStyle: { width: 3 },
        cursor: 'pointer',
        emphasis: { focus: 'series' }
      },
      {
        name: d.lastYearName,
        type: 'line',
        data: d.lastYear,
        symbolSize: 6,
        lineStyle: { type: 'dashed' },
        cursor: 'default'
      }
    ]
  });

  // A point of this year's line opens the projects behind it, as of that month end.
  chart.on('click', function (p) {
    if (p.seriesIndex === 0 && d.links[p.dataIndex]) {
      window.location.href = d.links[p.dataIndex];
    }
  });

  window.addEventListener('resize', function () { chart.resize(); });
})();
