// A voter in the hosted booth, driven by playwright-core with the keyboard only (Tab, Space,
// Enter): shared by the browser test (booth.test.js) and the demo (demo_booth.js).
'use strict';
const { chromium } = require('playwright-core');

// Debian's Chromium, headless, no background traffic, trusting the board's certificate by its
// public key hash only (no CA installed, no certificate error ignored for any other key).
function launchArgs(spki) {
  return {
    executablePath: process.env.URNE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-domain-reliability',
      '--metrics-recording-only', '--no-pings', `--ignore-certificate-errors-spki-list=${spki}`],
  };
}

async function launch(profileDir, spki, options = {}) {
  return chromium.launchPersistentContext(profileDir, {
    ...launchArgs(spki), acceptDownloads: true, viewport: { width: 390, height: 844 }, locale: 'fr-FR', ...options,
  });
}

async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; ++i) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error('Tab never reached ' + selector);
}

async function press(page, selector, key = 'Enter') {
  await tabTo(page, selector);
  await page.keyboard.press(key);
}

// Types the code and submits; waits for the next screen or the code error.
async function enterCode(page, code) {
  await tabTo(page, '#code');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.waitForSelector('input[name=q0], #code-error:not(:empty), #previous-ballot, #single-ballot');
}

// Answers question i: `pick(inputs)` returns the values to select (input[name=qI] elements'
// values), default the first option. Each step hook runs on the question screen first.
async function answer(page, i, values, onScreen) {
  await page.waitForSelector(`input[name=q${i}]`);
  if (onScreen) await onScreen(i);
  for (const v of values) {
    const sel = `input[name=q${i}][value="${v}"]`;
    if (await page.isChecked(sel)) continue;
    if ((await page.getAttribute(sel, 'type')) === 'radio') {
      // Tab enters a radio group once; the arrow keys move (and check) within it.
      await tabTo(page, `input[name=q${i}]`);
      for (let k = 0; k < 70 && !(await page.evaluate((s) => document.activeElement.matches(s), sel)); ++k) {
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Space');
    } else {
      await press(page, sel, 'Space');
    }
    if (!(await page.isChecked(sel))) throw new Error(`${sel} is not checked`);
  }
  await press(page, '#next');
}

// Questions from the review screen's count: answers every question with `choices[i]` (a list
// of option ids) and stops on the review screen.
async function answerAll(page, choices, onScreen) {
  for (let i = 0; i < choices.length; ++i) await answer(page, i, choices[i], onScreen);
  await page.waitForSelector('#encrypt');
}

async function encrypt(page) {
  await press(page, '#encrypt');
  await page.waitForSelector('#cast', { timeout: 60000 });
  return (await page.textContent('#tracking')).trim();
}

async function cast(page) {
  await press(page, '#cast');
  await page.waitForSelector('#receipt-link, #cast-error:not(:empty)', { timeout: 60000 });
  const error = await page.$('#cast-error:not(:empty)');
  if (error) throw new Error('cast refused: ' + (await error.textContent()));
  return (await page.textContent('#tracking')).trim();
}

// A whole vote from the link: code, answers, encrypt, cast. Returns the tracking code.
async function vote(page, url, code, choices) {
  await page.goto(url);
  await page.waitForSelector('#code', { timeout: 60000 });
  await enterCode(page, code);
  if (await page.$('#previous-ballot')) await press(page, '#next');
  await answerAll(page, choices);
  await encrypt(page);
  return cast(page);
}

module.exports = { launch, launchArgs, tabTo, press, enterCode, answer, answerAll, encrypt, cast, vote };
