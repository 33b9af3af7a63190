/**
 * The dashboard's only JavaScript, served as /dashboard/assets/dashboard.js: live regions fed
 * by server-sent events, waiting times and deadline countdowns that tick, canned replies and
 * confirmations. Plain ES2017 so any office browser runs it; pages work without it (forms
 * post and redirect), it only saves reloads. Kept as a string because the build copies no
 * .js assets.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var regions = Array.prototype.slice.call(document.querySelectorAll('[data-live-src]'));
  // Relative times follow the server's clock, not the PC's (office PCs drift; tests move time).
  var serverNow = document.querySelector('meta[name="server-now"]');
  var offset = serverNow ? Date.parse(serverNow.getAttribute('content')) - Date.now() : 0;
  if (isNaN(offset)) offset = 0;

  function minutesText(ms) {
    var m = Math.max(0, Math.floor(ms / 60000));
    if (m < 1) return 'kurang dari 1 menit';
    if (m < 60) return m + ' menit';
    var h = Math.floor(m / 60);
    if (h < 24) return h + ' jam ' + (m % 60) + ' menit';
    var d = Math.floor(h / 24);
    return d + ' hari ' + (h % 24) + ' jam';
  }

  function tick() {
    var now = Date.now() + offset;
    Array.prototype.forEach.call(document.querySelectorAll('[data-since]'), function (el) {
      el.textContent = minutesText(now - Date.parse(el.getAttribute('data-since')));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-until]'), function (el) {
      var left = Date.parse(el.getAttribute('data-until')) - now;
      el.textContent = left >= 0 ? 'sisa ' + minutesText(left) : 'terlambat ' + minutesText(-left);
      el.classList.toggle('late', left < 0);
    });
  }

  function scrollHistory(force) {
    Array.prototype.forEach.call(document.querySelectorAll('.history'), function (el) {
      var nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      if (force || nearBottom) el.scrollTop = el.scrollHeight;
    });
  }

  var pending = {};
  function refresh(region) {
    var src = region.getAttribute('data-live-src');
    if (pending[src]) return;
    pending[src] = setTimeout(function () {
      delete pending[src];
      fetch(src, { headers: { 'X-Partial': '1' }, credentials: 'same-origin' })
        .then(function (res) {
          if (res.status === 401) { location.reload(); return null; }
          return res.ok ? res.text() : null;
        })
        .then(function (text) {
          if (text === null) return;
          region.innerHTML = text;
          tick();
          scrollHistory(false);
        })
        .catch(function () {});
    }, 150);
  }

  function onEvent(kind, data) {
    regions.forEach(function (region) {
      var topic = region.getAttribute('data-live-on') || '';
      var chat = region.getAttribute('data-live-chat');
      if (topic.split(' ').indexOf(kind) < 0) return;
      if (chat && data.chatKey !== chat) return;
      refresh(region);
    });
  }

  if (regions.length && window.EventSource) {
    var indicator = document.getElementById('live-indicator');
    var source = new EventSource('/dashboard/events');
    source.onopen = function () { if (indicator) indicator.classList.add('on'); };
    source.onerror = function () { if (indicator) indicator.classList.remove('on'); };
    ['handoff', 'message', 'ticket'].forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        var data = {};
        try { data = JSON.parse(e.data); } catch (err) { /* keep empty */ }
        onEvent(kind, data);
      });
    });
  }

  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el && el.matches && el.matches('select[data-canned]')) {
      var target = document.querySelector(el.getAttribute('data-canned'));
      if (target && el.value) {
        target.value = target.value ? target.value + '\n' + el.value : el.value;
        target.focus();
      }
      el.selectedIndex = 0;
    }
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });

  tick();
  setInterval(tick, 30000);
  scrollHistory(true);
})();
`;
