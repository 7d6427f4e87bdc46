// The exported deck: keys, scaling, drawing, and the presenter window. No server, no network: the
// presenter window is this same file opened with #presenter; the two talk through postMessage
// (window.opener) and BroadcastChannel, as reveal.js's speaker view does.
(() => {
$DECK_COMMON
  const slides = [...document.querySelectorAll('.slide')];
  const figures = JSON.parse(document.getElementById('figures').textContent);
  const presenter = location.hash === '#presenter';
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('kz-briefing-$DECK_ID') : null;
  let current = 0, partner = null;
  const started = Date.now();
  document.body.classList.add(presenter ? 'presenter' : 'deck');

  function fit() {
    const root = document.documentElement.style;
    root.setProperty('--zoom', zoom());
    root.setProperty('--current', Math.min(0.58 * innerWidth / W, 0.86 * innerHeight / H));
    const next = 0.36 * innerWidth / W;
    root.setProperty('--next', next);
    const notes = document.getElementById('presenter-notes');
    notes.style.top = (0.07 * innerHeight + H * next + 44) + 'px';
    document.getElementById('next-label').style.top = (0.07 * innerHeight - 22) + 'px';
  }
  function send(message) {
    if (channel) channel.postMessage(message);
    const other = presenter ? window.opener : partner;
    if (other && !other.closed) other.postMessage(message, '*');
  }
  function show(i, remote) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, k) => {
      s.classList.toggle('active', k === current);
      s.classList.toggle('next', presenter && k === current + 1);
    });
    document.getElementById('position').textContent = (current + 1) + ' / ' + slides.length;
    document.getElementById('progress').style.width = (100 * (current + 1) / slides.length) + '%';
    document.getElementById('presenter-notes').innerHTML = slides[current].querySelector('.notes').innerHTML;
    document.getElementById('next-label').textContent =
      current + 1 < slides.length ? 'Next: slide ' + (current + 2) : 'End of the briefing';
    history.replaceState(null, '', (presenter ? '#presenter' : '#' + (current + 1)));
    if (!remote) send({kz: 'slide', slide: current});
  }
  function onMessage(data) {
    if (!data || !data.kz) return;
    if (data.kz === 'slide' && data.slide !== current) show(data.slide, true);
    if (data.kz === 'hello' && !presenter) send({kz: 'slide', slide: current});
  }
  if (channel) channel.onmessage = e => onMessage(e.data);
  window.addEventListener('message', e => onMessage(e.data));

  // The presenter window opens only from the audience window; in the presenter window P does nothing.
  function openPresenter() {
    if (presenter) return;
    partner = window.open(location.href.split('#')[0] + '#presenter', 'kz-presenter-$DECK_ID', 'width=1280,height=760');
  }
  const actions = handlers({
    next: () => show(current + 1),
    prev: () => show(current - 1),
    first: () => show(0),
    last: () => show(slides.length - 1),
    fullscreen,
    presenter: openPresenter,
    notes: () => presenter && document.body.classList.toggle('hide-notes'),
    // The presenter window was opened by the deck, so it may close itself; the audience window stays.
    leave: () => leave(() => presenter && window.close()),
  });
  document.addEventListener('keydown', e => {
    const action = actionFor(e);
    if (!action) return;
    e.preventDefault();
    actions[action]();
  }, true);
  // Buttons act and give the focus back, so the next key press moves the slides, not the button.
  document.querySelectorAll('[data-action]').forEach(b => b.addEventListener('click', e => {
    actions[b.dataset.action]();
    b.blur();
  }));

  const tick = () => { document.getElementById('clock').textContent = elapsed(Date.now() - started); };
  // Every chart is drawn once at its canvas size; scaling the canvas never re-lays it out.
  document.querySelectorAll('.chart').forEach(div => {
    const fig = figures[div.dataset.figure];
    Plotly.newPlot(div, fig.data, fig.layout, {displaylogo: false, responsive: false, displayModeBar: false});
  });
  addEventListener('resize', fit);
  fit();
  if (presenter) { setInterval(tick, 500); tick(); send({kz: 'hello'}); }
  show(presenter ? 0 : (parseInt(location.hash.slice(1), 10) || 1) - 1, presenter);
})();
