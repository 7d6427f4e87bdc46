<button type="button" class="deck-fullscreen" title="$FULLSCREEN_TITLE">Full screen</button>
<script>
// The Briefing's canvas zoom and keys. Installed once per tab (the page's reruns keep this element;
// going to another page and back runs it again, so it guards itself), and inert on other pages.
// No less-than sign before a letter, a slash or '!' anywhere in it, comments and deck_common.js
// included: Streamlit's HTML sanitizer (DOMPurify) drops a script whose text has one, silently.
(() => {
$DECK_COMMON
  const fit = () => document.documentElement.style.setProperty('--deck-zoom', zoom());
  fit();
  if (window.__kzDeck) return;
  window.__kzDeck = true;
  addEventListener('resize', fit);
  setInterval(() => document.querySelectorAll('.deck-clock').forEach(el => {
    el.textContent = elapsed(Date.now() - Number(el.dataset.start));
  }), 500);
  const deck = () => document.querySelector('.st-key-deck_controls');
  // The controls are Streamlit's own buttons and links (st-key-deck_ and a name): a key clicks one, so a
  // key and a click do the same thing. A disabled button (Next on the last slide) is not clicked.
  const click = selector => {
    const el = document.querySelector(selector);
    if (el) el.click();
    return Boolean(el);
  };
  const control = name => click('.st-key-deck_' + name + ' button:not([disabled]), .st-key-deck_' + name + ' a');
  // Steps are taken one at a time. A step button's target is the slide after the one it was drawn
  // for, and Streamlit merges a button's presses that reach it during one run into one: a second
  // press within a run (keys 15-40 ms apart) was lost, or went to the slide the first one had. So a
  // press waits until the counter ('3 / 7', drawn after the buttons, so they are the new slide's
  // by then) has changed since the press before it; after STEP_WAIT_MS it goes anyway, as before.
  const STEP_WAIT_MS = 5000;
  const counter = () => [...(deck()?.querySelectorAll('[data-testid="stMarkdownContainer"]') || [])]
    .map(el => el.textContent.trim()).find(text => /^[0-9]+ \/ [0-9]+$$/.test(text));  // the end anchor doubled for string.Template
  const steps = [];
  let stepping = null;  // the counter when the step under way was pressed
  const nextStep = () => {
    while (!stepping && steps.length) {
      const before = counter();
      if (control(steps.shift())) {  // else it was disabled (Next on the last slide): skipped
        stepping = { before, at: performance.now() };
        requestAnimationFrame(waitStep);
      }
    }
  };
  const waitStep = () => {
    const done = counter() !== stepping.before || performance.now() - stepping.at > STEP_WAIT_MS;
    if (!done) return requestAnimationFrame(waitStep);
    stepping = null;
    nextStep();
  };
  const step = name => () => {
    steps.push(name);
    nextStep();
  };
  const actions = handlers({
    next: step('next'),
    prev: step('prev'),
    first: step('first'),
    last: step('last'),
    fullscreen,
    // The "Presenter view" link of the control bar (a new tab; a key press may open one). The
    // presenter window has no such link, so there P does nothing, as in the exported file.
    presenter: () => click('.st-key-deck_controls ' + $PRESENTER_LINK),
    notes: () => control('notes'),
    leave: () => leave(() => control('exit')),
  });
  // Capture phase: the keys reach the deck whatever has the focus, before any widget claims them.
  document.addEventListener('keydown', e => {
    const action = deck() && actionFor(e);
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    actions[action]();
    document.activeElement && document.activeElement.blur();
  }, true);
  // Any control gives the focus back after acting, so the next key press moves the slides.
  document.addEventListener('click', e => {
    if (!deck()) return;
    if (e.target.closest('.deck-fullscreen')) fullscreen();
    if (e.target.closest('.st-key-deck_controls')) setTimeout(() => document.activeElement && document.activeElement.blur(), 0);
  }, true);
})();
</script>
