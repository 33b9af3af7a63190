/**
 * The dashboard's only JavaScript, served as /dashboard/assets/dashboard.js: live regions fed
 * by server-sent events, waiting times and deadline countdowns that tick, canned replies and
 * their /shortcuts, confirmations, and the charts of the reports pages. Plain ES2017 so any office browser runs it; pages work without it (forms
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
          showInboxCount();
        })
        .catch(function () {});
    }, 150);
  }

  // The tab title carries the number of chats waiting for an answer, like a mail client's.
  function showInboxCount() {
    var counter = document.getElementById('inbox-counter');
    if (!counter) return;
    var n = parseInt(counter.getAttribute('data-count'), 10) || 0;
    document.title = (n ? '(' + n + ') ' : '') + document.title.replace(/^\(\d+\) /, '');
  }

  function onEvent(kind, data) {
    regions.forEach(function (region) {
      var topic = region.getAttribute('data-live-on') || '';
      var chat = region.getAttribute('data-live-chat');
      if (topic.split(' ').indexOf(kind) < 0) return;
      if (chat && data.chat !== chat) return;
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

  // Canned replies: inserted on a click or Enter. Arrow keys on a closed select change it and
  // fire "change" at every step, so a change that follows one of them only moves the choice.
  var NAVIGATION_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'];
  var browsingCanned = false;
  function isCanned(el) { return el && el.matches && el.matches('select[data-canned]'); }
  function insertCanned(el) {
    var target = document.querySelector(el.getAttribute('data-canned'));
    if (target && el.value) {
      target.value = target.value ? target.value + '\n' + el.value : el.value;
      target.dispatchEvent(new Event('input', { bubbles: true })); // kept as a draft too
      target.focus();
    }
    el.selectedIndex = 0;
  }
  document.addEventListener('keydown', function (e) {
    if (!isCanned(e.target)) return;
    if (e.key === 'Enter') {
      e.preventDefault(); // Enter picks the reply; it must not send the form
      insertCanned(e.target);
    } else if (NAVIGATION_KEYS.indexOf(e.key) >= 0 && !e.altKey) {
      browsingCanned = true;
    }
  });
  document.addEventListener('change', function (e) {
    if (!isCanned(e.target)) return;
    if (browsingCanned) { browsingCanned = false; return; }
    insertCanned(e.target);
  });

  // Shortcuts: "/salam" followed by a space, Tab or Enter becomes that canned reply's text, in place
  // (Enter picks it, as in the list; it used to add a line and send "/salam" as typed).
  document.addEventListener('keydown', function (e) {
    var el = e.target;
    if ((e.key !== ' ' && e.key !== 'Tab' && e.key !== 'Enter') || e.ctrlKey || e.altKey || e.metaKey || !el || !el.matches || !el.matches('textarea[data-shortcuts]')) return;
    var select = document.querySelector(el.getAttribute('data-shortcuts'));
    var caret = el.selectionStart;
    if (!select || caret !== el.selectionEnd) return;
    var m = /(^|\s)\/([a-z0-9_-]+)$/i.exec(el.value.slice(0, caret));
    if (!m) return;
    var option = Array.prototype.filter.call(select.options, function (o) { return o.getAttribute('data-shortcut') === m[2].toLowerCase(); })[0];
    if (!option) return;
    e.preventDefault();
    var start = caret - m[2].length - 1;
    var text = option.value + (e.key === ' ' ? ' ' : '');
    el.value = el.value.slice(0, start) + text + el.value.slice(caret);
    el.selectionStart = el.selectionEnd = start + text.length;
    el.dispatchEvent(new Event('input', { bubbles: true })); // kept as a draft too
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    // A choice that messages the applicant (a stage change) asks for itself.
    var chosen = form.querySelector && form.querySelector('option[data-confirm]:checked');
    if (chosen) question = chosen.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { e.preventDefault(); return; }
    if (form.matches && form.matches('form[action="/dashboard/logout"]') && window.sessionStorage) sessionStorage.clear();
    // One click, one post: the buttons wait while it is sent (after this tick, so the
    // clicked button's own value is still part of the form).
    var buttons = form.querySelectorAll ? form.querySelectorAll('button[type=submit], button:not([type])') : [];
    setTimeout(function () { Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; b.setAttribute('data-busy', '1'); }); }, 0);
  });
  // Back to a page kept by the browser: the buttons this script held work again.
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(document.querySelectorAll('button[data-busy]'), function (b) { b.disabled = false; b.removeAttribute('data-busy'); });
  });

  // Ctrl+Enter sends the reply or the response being typed.
  document.addEventListener('keydown', function (e) {
    var el = e.target;
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || !el || !el.matches || !el.matches('textarea[data-draft]')) return;
    e.preventDefault();
    if (el.form && !el.disabled) { if (el.form.requestSubmit) el.form.requestSubmit(); else el.form.submit(); }
  });

  // Drafts: what staff type in a reply survives a reload, a refused send (a colleague took the
  // chat) and signing in again. Kept in sessionStorage — this tab only, gone when it closes or
  // on sign-out — because office PCs are shared. A send that went through ("ok=" names it) ends it.
  // Each box keeps its own draft, keyed by its id: the staff-note box and the reply box are
  // both named "text", and a note restored into the reply box would go to the applicant.
  function keepDrafts() {
    if (!window.sessionStorage) return;
    Array.prototype.forEach.call(document.querySelectorAll('textarea[data-draft]'), function (el) {
      var key = 'draft:' + location.pathname + ':' + (el.id || el.name);
      var sent = new RegExp('[?&]ok=(' + el.getAttribute('data-draft') + ')(&|$)').test(location.search);
      if (sent) sessionStorage.removeItem(key);
      else if (!el.value && sessionStorage.getItem(key)) {
        el.value = sessionStorage.getItem(key);
        var note = document.createElement('p');
        note.className = 'muted draft-note';
        note.textContent = 'Draf yang belum terkirim dipulihkan.';
        el.parentNode.insertBefore(note, el.nextSibling);
      }
      el.addEventListener('input', function () {
        if (el.value) sessionStorage.setItem(key, el.value); else sessionStorage.removeItem(key);
      });
    });
  }
  keepDrafts();

  // A live count beside a box with a limit (data-max): how many WhatsApp messages a long reply
  // becomes (data-part each; the outbox splits it), and a refusal — never a cut — when too long.
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }
  function countChars(el) {
    var out = document.querySelector(el.getAttribute('data-counter'));
    if (!out) return true;
    var max = parseInt(el.getAttribute('data-max'), 10);
    var part = parseInt(el.getAttribute('data-part'), 10) || max;
    var n = el.value.trim().length;
    var over = n > max;
    out.textContent = over
      ? 'Terlalu panjang: ' + fmt(n) + ' dari paling banyak ' + fmt(max) + ' karakter. Persingkat dulu; balasan ini tidak akan dikirim.'
      : fmt(n) + ' / ' + fmt(max) + ' karakter' + (n > part ? ' · dikirim utuh dalam ' + Math.ceil(n / part) + ' pesan WhatsApp atau lebih' : '');
    out.classList.toggle('over', over);
    return !over;
  }
  Array.prototype.forEach.call(document.querySelectorAll('textarea[data-max][data-counter]'), function (el) {
    countChars(el);
    el.addEventListener('input', function () { countChars(el); });
  });
  document.addEventListener('submit', function (e) {
    var el = e.target.querySelector && e.target.querySelector('textarea[data-max][data-counter]');
    if (el && !countChars(el)) { e.preventDefault(); e.stopImmediatePropagation(); el.focus(); }
  }, true);

  // Charts: drawn by Chart.js (served from the app) from the numbers the page carries.
  if (window.Chart) {
    Array.prototype.forEach.call(document.querySelectorAll('canvas[data-chart]'), function (canvas) {
      try {
        var config = JSON.parse(canvas.getAttribute('data-chart'));
        config.options = { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
        new window.Chart(canvas, config);
      } catch (err) { /* the table beside it still shows the numbers */ }
    });
  }

  tick();
  setInterval(tick, 30000);
  scrollHistory(true);
})();
`;
