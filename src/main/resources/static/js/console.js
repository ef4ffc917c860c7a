/*
 * Credential Courier's console: two enhancements over pages that work without script. Served from this site only
 * (the console's Content-Security-Policy allows 'self' and nothing inline).
 *
 * 1. The browser's time zone, for an admin who chose none in Settings: kept in the cookie courier-tz, which the
 *    server reads (a browser sends no zone of its own); the first page after a change is loaded once more in it.
 * 2. A Copy button after each secret shown once ([data-copy]), where the browser lets a page write the clipboard.
 */
(function () {
  'use strict';

  var COOKIE = 'courier-tz';

  function cookie(name) {
    var found = document.cookie.split(';').map(function (part) { return part.trim(); })
      .filter(function (part) { return part.indexOf(name + '=') === 0; })[0];
    return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
  }

  function followBrowserZone() {
    var meta = document.querySelector('meta[name="courier-time-zone"]');
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (unsupported) {
      return;
    }
    if (!meta || !zone || cookie(COOKIE) === zone) {
      return;
    }
    document.cookie = COOKIE + '=' + encodeURIComponent(zone) + '; Path=/admin; Max-Age=31536000; SameSite=Strict';
    // once: only when the cookie took (cookies may be off) and this page was drawn in another zone
    if (cookie(COOKIE) === zone && meta.getAttribute('content') === 'browser'
        && meta.getAttribute('data-zone') !== zone) {
      window.location.reload();
    }
  }

  function copyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (block) {
      var button = document.createElement('button');
      var status = document.createElement('span');
      button.type = 'button';
      button.className = 'copy';
      button.textContent = 'Copy ' + block.getAttribute('data-copy');
      status.className = 'copy-status';
      status.setAttribute('role', 'status');
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(block.textContent.trim()).then(function () {
          status.textContent = 'Copied.';
        }, function () {
          status.textContent = 'Not copied: select the text and copy it.';
        });
      });
      var row = document.createElement('p');
      row.className = 'copy-row';
      row.appendChild(button);
      row.appendChild(status);
      block.parentNode.insertBefore(row, block.nextSibling);
    });
  }

  followBrowserZone();
  copyButtons();
}());
