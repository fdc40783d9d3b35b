// Big screen: rotates the right-hand panels, keeps a clock, and reloads the figures every few minutes.
(function () {
  'use strict';

  var body = document.body;
  var rotate = (parseInt(body.getAttribute('data-rotate'), 10) || 15) * 1000;
  var refresh = (parseInt(body.getAttribute('data-refresh'), 10) || 300) * 1000;
  var panels = Array.prototype.slice.call(document.querySelectorAll('.screen-rotating'));
  var key = 'tiaodu.screen.panel';
  var current = Math.min(parseInt(sessionStorage.getItem(key) || '0', 10) || 0, panels.length - 1);

  function show(index) {
    panels.forEach(function (panel, i) {
      panel.hidden = i !== index;
      var dot = document.querySelector('[data-dot="' + panel.getAttribute('data-panel') + '"]');
      if (dot) {
        dot.classList.toggle('active', i === index);
      }
    });
    var chart = panels[index].querySelector('[data-chart]');
    if (chart && window.tiaoduCockpit) {
      window.tiaoduCockpit.draw(chart);
    }
    sessionStorage.setItem(key, String(index));
  }

  if (panels.length > 0) {
    show(current);
    setInterval(function () {
      current = (current + 1) % panels.length;
      show(current);
    }, rotate);
  }

  var clock = document.getElementById('screen-clock');
  function tick() {
    if (clock) {
      clock.textContent = new Date().toLocaleTimeString('zh-CN', { hour12: false });
    }
  }
  tick();
  setInterval(tick, 1000);

  // A failed reload (network down) leaves the last picture on the wall; the next attempt follows the same timer.
  setTimeout(function () { window.location.reload(); }, refresh);
})();
