// Keyboard access to the popovers (Cite, Reproduce this view, Copy link). Streamlit draws an open
// popover's body at the end of the page, so Tab from its button went on through the page behind it,
// and the body's tabs, copy and download buttons were out of a keyboard's reach. Now Tab on the open
// popover's button enters the body, Tab past its last control goes on to the page after the button,
// and Shift+Tab before its first goes back to the button (Escape closes it, as before).
(() => {
  if (window.__kzPopoverKeys) return; // one listener per page, however often the script is drawn
  window.__kzPopoverKeys = true;
  const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]';
  const tabbable = root => [...root.querySelectorAll(TABBABLE)].filter(e => e.tabIndex >= 0 && e.getClientRects().length);
  document.addEventListener(
    "keydown",
    ev => {
      if (ev.key !== "Tab" || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const button = document.querySelector('[data-testid="stPopoverButton"][aria-expanded="true"]');
      const body = document.querySelector('[data-testid="stPopoverBody"]');
      const inside = body ? tabbable(body) : [];
      if (!button || !inside.length) return;
      let to = null;
      if (ev.target === button && !ev.shiftKey) to = inside[0];
      else if (ev.target === inside[0] && ev.shiftKey) to = button;
      else if (ev.target === inside.at(-1) && !ev.shiftKey) {
        const page = tabbable(document).filter(e => !body.contains(e));
        to = page[page.indexOf(button) + 1] ?? null;
      }
      if (!to) return;
      ev.preventDefault();
      to.focus();
    },
    true,
  );
})();
