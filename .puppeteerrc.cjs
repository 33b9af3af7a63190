// whatsapp-web.js pulls in puppeteer. We never let it download a browser:
// the service runs the system Chromium (CHROME_PATH, default /usr/bin/chromium).
/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  'chrome-headless-shell': { skipDownload: true },
  firefox: { skipDownload: true },
};
