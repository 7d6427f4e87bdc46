"""The briefing as one self-contained HTML file for the room: every slide, interactive charts,
arrow-key navigation, plotly.js embedded once, no request to anything outside the file."""

from __future__ import annotations

import json
from html import escape

from plotly.offline import get_plotlyjs

from components.briefing import Slide

STYLE = """
html, body { margin: 0; height: 100%; background: #fff; color: #111; font-family: sans-serif; }
.slide { display: none; box-sizing: border-box; height: 100vh; padding: 28px 48px 56px; flex-direction: column; }
.slide.active { display: flex; }
h1 { font-size: 38px; line-height: 1.2; margin: 0 0 12px; }
ul { font-size: 24px; line-height: 1.35; margin: 0 0 8px; padding-left: 28px; }
.chart { flex: 1; min-height: 0; }
.notes { display: none; font-size: 18px; color: #333; border-top: 1px solid #ccc; padding-top: 6px; }
body.show-notes .notes { display: block; }
footer { position: fixed; bottom: 0; left: 0; right: 0; height: 40px; display: flex; align-items: center;
         gap: 16px; padding: 0 48px; font-size: 18px; color: #444; background: #fff; }
.bar { flex: 1; height: 6px; background: #e5e5e5; } .bar div { height: 6px; background: #0072B2; }
"""

SCRIPT = """
const slides = [...document.querySelectorAll('.slide')];
const figures = JSON.parse(document.getElementById('figures').textContent);
let current = 0;
function show(i) {
  current = Math.max(0, Math.min(slides.length - 1, i));
  slides.forEach((s, k) => s.classList.toggle('active', k === current));
  const div = slides[current].querySelector('.chart');
  if (div && !div.dataset.drawn) {
    const fig = figures[div.dataset.figure];
    Plotly.newPlot(div, fig.data, fig.layout, {displaylogo: false, responsive: true});
    div.dataset.drawn = '1';
  } else if (div) { Plotly.Plots.resize(div); }
  document.getElementById('position').textContent = (current + 1) + ' / ' + slides.length;
  document.getElementById('progress').style.width = (100 * (current + 1) / slides.length) + '%';
  history.replaceState(null, '', '#' + (current + 1));
}
document.addEventListener('keydown', e => {
  if (['ArrowRight', 'PageDown', ' '].includes(e.key)) { show(current + 1); e.preventDefault(); }
  if (['ArrowLeft', 'PageUp'].includes(e.key)) { show(current - 1); e.preventDefault(); }
  if (e.key === 'Home') show(0);
  if (e.key === 'End') show(slides.length - 1);
  if (e.key === 'n') document.body.classList.toggle('show-notes');
});
show((parseInt(location.hash.slice(1), 10) || 1) - 1);
"""


def _section(i: int, slide: Slide) -> str:
    points = "".join(f"<li>{escape(p)}</li>" for p in slide.points)
    chart = f'<div class="chart" data-figure="{i}"></div>' if slide.figure is not None else ""
    notes = "".join(f"<p>{escape(n)}</p>" for n in slide.notes)
    return (
        f'<section class="slide" id="slide-{i + 1}"><h1>{escape(slide.headline)}</h1>'
        f'<ul>{points}</ul>{chart}<aside class="notes">{notes}</aside></section>'
    )


def to_html(slides: list[Slide], title: str) -> bytes:
    # plotly's own JSON (NaN becomes null); "</" would end the <script> element early.
    payload = (
        "{"
        + ",".join(f"{json.dumps(str(i))}:{s.figure.to_json()}" for i, s in enumerate(slides) if s.figure is not None)
        + "}"
    )
    payload = payload.replace("</", "<\\/")
    body = "".join(_section(i, s) for i, s in enumerate(slides))
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style>'
        f"<script>{get_plotlyjs()}</script></head><body>{body}"
        '<footer><span id="position"></span><div class="bar"><div id="progress"></div></div>'
        "<span>← → to move · N for notes</span></footer>"
        f'<script type="application/json" id="figures">{payload}</script><script>{SCRIPT}</script></body></html>'
    )
    return html.encode("utf-8")
