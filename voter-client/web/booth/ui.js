// DOM helpers for the booth: elements are built with createElement and text nodes only
// (markup is never parsed from a string, so the manifest's texts stay text), and each step replaces
// the <main> content and moves focus to its heading (WCAG 2.4.3).

// h('p', {class: 'x', onclick: fn}, 'text', child, …): an element. Attributes named on* are
// listeners; a function child is called (a text chosen at render time); false/null/undefined
// attributes and children are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    const c = typeof child === 'function' ? child() : child; // a text in the current language
    if (c === false || c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Replaces the main region with `nodes`; the first <h1> (or h2) gets focus.
export function show(main, ...nodes) {
  main.replaceChildren(...nodes.flat().filter(Boolean));
  const heading = main.querySelector('h1, h2');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  window.scrollTo(0, 0);
}

// A message in the polite live region (progress), or clears it.
export function announce(region, text) {
  region.textContent = text || '';
}

// A yield to the event loop long enough for the browser to paint (before long computations).
export function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
