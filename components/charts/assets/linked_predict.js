// Feedback before the round trip (part of the linked chart, see linked_chart.js): a click or a span
// is drawn on the clicked chart at once, in the state the server will send, which Python describes
// in the figure's layout.meta.select (components/charts/bars.py _linked_meta, escalation.py): the
// same rules as components/state/selection.py (merge_click for bars, bin_span and clip_span for
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

// Restyle the clicked bars to the selection the server will hold (kept in div.__chosen until its
// figure arrives, so a second click before then builds on the first).
function restyleBars(div, Plotly, select, values) {
  const chosen = mergeClick(div.__chosen || select.selected, values);
  div.__chosen = chosen;
  const byTrace = new Map();
  for (const style of select.styles) {
    const keys = div.data[style.trace].customdata.map(c => String(c[1]));
    const state = k => (chosen.length ? (chosen.includes(k) ? "on" : "off") : style.none);
    const update = byTrace.get(style.trace) || {};
    update[style.attr] = [keys.map((k, i) => style[state(k)][i])];
    byTrace.set(style.trace, update);
  }
  for (const [trace, update] of byTrace) Plotly.restyle(div, update, [trace]);
}

// Draw what the server will draw for this click or span; false when it will change nothing here
// (a click on a policy marker). `points` as plotly reports them ([]: the span cleared).
function predict(div, Plotly, points) {
  const select = div.layout.meta?.select;
  if (!select) return false;
  const values = pickedValues(points, select.kind);
  if (points.length && !values.length) return false;
  if (select.kind === "bin") {
    draw(div, Plotly, spanShapes(select, values));
  } else {
    restyleBars(div, Plotly, select, values);
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
  div.__drawnSpec = div.__data.spec;
  return draw(div, Plotly).then(() => labelButton(div));
}
