<button type="button" class="deck-fullscreen" title="Full screen (F)">Full screen</button>
<script>
// The Briefing's canvas zoom and keys. Installed once per tab (the page's reruns keep this element;
// going to another page and back runs it again, so it guards itself), and inert on other pages.
(() => {
  const W = $WIDTH, H = $HEIGHT;
  const fit = () => document.documentElement.style.setProperty('--deck-zoom', Math.min(innerWidth / W, innerHeight / H));
  fit();
  if (window.__kzDeck) return;
  window.__kzDeck = true;
  addEventListener('resize', fit);
  const pad = n => String(n).padStart(2, '0');
  setInterval(() => document.querySelectorAll('.deck-clock').forEach(el => {
    const s = Math.max(0, Math.floor((Date.now() - Number(el.dataset.start)) / 1000));
    el.textContent = pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  }), 500);
  const deck = () => document.querySelector('.st-key-deck_controls');
  const click = name => {
    const el = document.querySelector('.st-key-deck_' + name + ' button:not([disabled]), .st-key-deck_' + name + ' a');
    if (el) el.click();
  };
  // A refused request (no user gesture, a kiosk) is no error worth a console message.
  const fullscreen = () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => {});
  const keys = {ArrowRight: 'next', PageDown: 'next', ArrowDown: 'next', ArrowLeft: 'prev', PageUp: 'prev', ArrowUp: 'prev',
                Home: 'first', End: 'last', Escape: 'exit', n: 'notes', N: 'notes'};
  // Capture phase: the keys reach the deck whatever has the focus, before any widget claims them.
  document.addEventListener('keydown', e => {
    if (!deck() || e.altKey || e.ctrlKey || e.metaKey) return;
    let action = e.key === ' ' ? (e.shiftKey ? 'prev' : 'next') : keys[e.key];
    if (e.key === 'f' || e.key === 'F') { e.preventDefault(); e.stopPropagation(); fullscreen(); return; }
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    click(action);
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
