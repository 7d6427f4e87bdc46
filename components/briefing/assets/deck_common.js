  // Shared by the exported deck (deck.js) and the app's (app_deck.js), written into each one's own
  // closure where it says $$DECK_COMMON, so both zoom, count the clock, go full screen and read keys
  // alike. Keys: the table of components/briefing/keys.py as JSON; no key is named in the decks.
  // The app runs it through Streamlit's HTML sanitizer: see app_deck.js before writing a less-than sign.
  const W = $WIDTH, H = $HEIGHT;
  const KEYS = $KEYS;
  const zoom = () => Math.min(innerWidth / W, innerHeight / H);
  const pad = n => String(n).padStart(2, '0');
  const elapsed = ms => {
    const s = Math.max(0, Math.floor(ms / 1000));
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  };
  // A refused request (no user gesture, a kiosk) is no error worth a console message.
  const fullscreen = () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => {});
  // Esc's one meaning (keys.py): out of full screen first; only out of it does it leave the briefing.
  const leave = away => (document.fullscreenElement ? fullscreen() : away());
  // The action a key press asks for, or null: with Shift held, "Shift+" and the key first (Shift+Space
  // goes back), then the key alone.
  const actionFor = e => (e.altKey || e.ctrlKey || e.metaKey ? null
    : (e.shiftKey && KEYS['Shift+' + e.key]) || KEYS[e.key] || null);
  // Every action of the table needs a handler in each deck: a missing one fails loudly, on load.
  const handlers = actions => {
    const missing = [...new Set(Object.values(KEYS))].filter(a => typeof actions[a] !== 'function');
    if (missing.length) throw new Error('slide deck: no handler for ' + missing.join(', '));
    return actions;
  };
