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
  };
  const control = name => click('.st-key-deck_' + name + ' button:not([disabled]), .st-key-deck_' + name + ' a');
  const actions = handlers({
    next: () => control('next'),
    prev: () => control('prev'),
    first: () => control('first'),
    last: () => control('last'),
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
