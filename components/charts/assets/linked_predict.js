// Feedback before the round trip (part of the linked chart, see linked_chart.js): a click or a span
// is drawn on the clicked chart at once, in the state the server will send, which Python describes
// in the figure's layout.meta.select, kept by draw() as div.__select (components/charts/bars.py
// _linked_meta, escalation.py): the same rules as components/state/selection.py (merge_click for bars, bin_span and clip_span for
// bins). When the server's figure arrives, Plotly.react draws it: the same colours, so nothing
// flickers; where the server decided otherwise, its figure wins.

const SERVER_WINS_AFTER = 10000; // ms: a click the server dropped without a new figure is undone then

// Values of the clicked points of the chart's kind, in order, deduplicated (selection.picked).
function pickedValues(points, kind) {
  const out = points.map(p => p.customdata).filter(c => Array.isArray(c) && c.length === 2 && c[0] === kind);
  return [...new Set(out.map(c => String(c[1])))];
}

// A click on one bar toggles it in the selection; a multi-point event replaces it (merge_click).
function mergeClick(current, values) {
  if (values.length !== 1) return values;
  const [value] = values;
  return current.includes(value) ? current.filter(v => v !== value) : [...current, value];
}

const day = iso => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const isoDay = ms => new Date(ms).toISOString().slice(0, 10);

// The band the server will draw for these bins: their whole months within the period, none for
// the whole period (no date filter) or no bin (bin_span, clip_span, Filters' from_state).
function spanShapes(select, bins) {
  const months = bins.flatMap(b => b.split("/")).sort();
  if (!months.length) return [];
  const [first, last] = [months[0], months[months.length - 1]];
  const following = Date.UTC(+last.slice(0, 4), +last.slice(5, 7), 1); // the month after the last
  let [start, end] = [day(`${first}-01`), following - 86400000];
  const [p0, p1] = select.period.map(day);
  [start, end] = [Math.max(start, p0), Math.min(end, p1)];
  if (start > end || (start === p0 && end === p1)) return [];
  return [{ ...select.band, x0: isoDay(start), x1: isoDay(end + 86400000) }];
}

// A colour as plotly writes it into a bar's style: its rgb, and its alpha as the opacity.
function rgbAlpha(color) {
  const context = (rgbAlpha.context ||= document.createElement("canvas").getContext("2d"));
  context.fillStyle = "#000";
  context.fillStyle = color; // read back as "#rrggbb" or "rgba(r, g, b, a)"
  const hex = context.fillStyle.match(/^#(..)(..)(..)$/);
  const [r, g, b, a = 1] = hex ? [...hex.slice(1).map(h => parseInt(h, 16)), 1] : context.fillStyle.match(/[\d.]+/g);
  return [`rgb(${r}, ${g}, ${b})`, String(+a)];
}

// The style a restyled attribute gives a bar's path, as plotly's own drawing writes it.
const PAINT = {
  "marker.color": (path, value) => ([path.style.fill, path.style.fillOpacity] = rgbAlpha(value)),
  "marker.line.color": (path, value) => ([path.style.stroke, path.style.strokeOpacity] = rgbAlpha(value)),
  "marker.line.width": (path, value) => (path.style.strokeWidth = `${value}px`),
};

// Each restyled attribute's values per bar for the selection `chosen` (the key of bar i is its
// customdata[1]): what the server's figure will hold.
function styled(select, chosen, data) {
  return select.styles.map(style => {
    const state = k => (chosen.length ? (chosen.includes(k) ? "on" : "off") : style.none);
    return data[style.trace].customdata.map((c, i) => style[state(String(c[1]))][i]);
  });
}

// Paint the clicked chart's bars in the selection the server will hold (kept in div.__chosen until its
// figure arrives, so a second click before then builds on the first). On the drawn paths, not with
// Plotly.restyle, which takes ~20 ms to redraw the chart: the server's figure is drawn by Plotly.react
// in any case, in the same colours.
function paintBars(div, select, values) {
  const chosen = mergeClick(div.__chosen || select.selected, values);
  div.__chosen = chosen;
  const traces = div.querySelectorAll("g.trace.bars");
  styled(select, chosen, div.data).forEach((values, n) => {
    const { trace, attr } = select.styles[n];
    const points = traces[trace]?.querySelectorAll("g.point path") || [];
    values.forEach((value, i) => points[i] && PAINT[attr](points[i], value));
  });
}

// Draw what the server will draw for this click or span; false when it will change nothing here
// (a click on a policy marker). `points` as plotly reports them ([]: the span cleared). `quick`: the
// band alone (Plotly.relayout of the shapes, a few ms), leaving plotly's selection box for later.
function predict(div, Plotly, points, { quick = false } = {}) {
  const select = div.__select;
  if (!select) return false;
  const values = pickedValues(points, select.kind);
  if (points.length && !values.length) return false;
  if (select.kind === "bin") {
    const shapes = spanShapes(select, values);
    if (quick) Plotly.relayout(div, { shapes });
    else draw(div, Plotly, shapes);
  } else {
    paintBars(div, select, values);
  }
  clearTimeout(div.__undo);
  div.__predicted = true;
  div.__undo = setTimeout(() => {
    if (div.__predicted) settle(div, Plotly);
  }, SERVER_WINS_AFTER);
  return true;
}

// The server's figure is drawn: the prediction is over, whatever it was.
function settle(div, Plotly) {
  clearTimeout(div.__undo);
  div.__predicted = false;
  div.__chosen = undefined;
  return draw(div, Plotly).then(() => labelButton(div));
}

// The bins a span dragged on the counts' row takes, known on the release: plotly reports its
// selection only once its throttled selecting (100 ms) has caught up. The same rule as plotly's: a bin
// is in when its middle (the bars' x) lies between the drag's ends.
function releasedSpan(div, fromX, toX) {
  const xa = div._fullLayout.xaxis;
  const left = div.getBoundingClientRect().left + xa._offset;
  const [lo, hi] = [fromX, toX].map(x => xa.p2l(x - left)).sort((a, b) => a - b);
  const bars = div.data[0];
  return bars.x.map((x, i) => [day(x), bars.customdata[i]]).filter(([at]) => lo <= at && at <= hi).map(([, c]) => ({ customdata: c }));
}

// Wire the span's band to the release of the drag. A drag counts once plotly reports it selecting on
// the counts' row (its range has y, the timeline's y3).
function bandOnRelease(div, Plotly) {
  let from = null;
  let selecting = false;
  div.addEventListener("pointerdown", ev => {
    from = ev.clientX;
    selecting = false;
  });
  div.on("plotly_selecting", ev => {
    selecting = Boolean(ev?.range?.y);
  });
  window.addEventListener("pointerup", ev => {
    if (from === null || !selecting) return;
    const points = releasedSpan(div, from, ev.clientX);
    [from, selecting] = [null, false];
    if (points.length) predict(div, Plotly, points, { quick: true });
  }, true);
}
