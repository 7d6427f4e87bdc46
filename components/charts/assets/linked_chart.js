// A linked chart: one Plotly plot per key, updated in place. Streamlit 1.67's st.plotly_chart derives
// a selectable chart's identity from its figure, so on every cross-filter click it tore each chart
// down and drew it anew, twice; here each new figure goes to Plotly.react, which redraws only what
// changed. Clicks and box selections go back to Python as the trigger value "select": the clicked
// points' customdata (components/state/selection.py reads it).

function plotly(src) {
  // One copy of plotly.js per page, shared by every chart: the one in the installed plotly package,
  // served by serve.py (never a CDN: the app works with no internet).
  if (!window.__linkedPlotly) {
    window.__linkedPlotly = new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const script = document.createElement("script");
      script.src = new URL(src, document.baseURI).href;
      const failed = () => {
        window.__linkedPlotly = undefined; // the next render tries again
        reject(new Error(`plotly.js was not served at ${src}`));
      };
      // Without serve.py's route Streamlit answers with its own page, which loads but is no script.
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : failed());
      script.onerror = failed;
      document.head.appendChild(script);
    });
  }
  return window.__linkedPlotly;
}

// Draw the figure Python sent last. The figure itself shows what is selected (bar colours, the span
// band): plotly keeps no selection of its own, which would disagree with the filters. `shapes`, when
// given, replaces the figure's (a span's band drawn before the server sends it).
function draw(div, Plotly, shapes) {
  if (div.__data.fresh) return drawSlide(div, Plotly);
  const [last, lastSpec, lastApart] = [div.__figure, div.__drawnSpec, div.__drawnShapes];
  const { spec, shapes: apart = null } = div.__data;
  const config = toolbar(div, Plotly);
  // The figure's shapes sent apart from it (`apart`: the Incidents map's ring, which moves with each
  // incident opened) changed, and nothing else: drawn by themselves without reading the figure's
  // JSON, 46 KB for the map (parsing and comparing it was ~8 ms of each incident opened).
  if (!shapes && apart !== null && spec === lastSpec && config === div.__drawnConfig) {
    div.__drawnShapes = apart;
    return Plotly.relayout(div, { shapes: JSON.parse(apart) });
  }
  let figure = shared(last, JSON.parse(spec));
  if (apart !== null) figure = { ...figure, layout: { ...figure.layout, shapes: JSON.parse(apart) } };
  [div.__figure, div.__drawnSpec, div.__drawnShapes] = [figure, spec, apart];
  const { meta, ...layout } = onPage(figure.layout);
  div.__select = meta?.select; // what a click selects (linked_predict.js)
  if (shapes) layout.shapes = shapes;
  // The server's figure differs from the last in its shapes alone (a span's band): for Plotly.react a
  // shape's position may move an autoranged axis, so it replots the whole chart (16-26 ms for the
  // map, before its ring came apart); Plotly.relayout checks the axes and
  // redraws the shapes alone. Not for a band drawn ahead (`shapes`), nor the same figure again:
  // those come after a drag, whose selection box and dimmed points only Plotly.react clears.
  const same = !shapes && figure.data === last?.data && config === div.__drawnConfig;
  if (same && shapesAlone(lastSpec, spec)) return Plotly.relayout(div, { shapes: figure.layout.shapes ?? [] });
  const inPlace = !shapes && apart === lastApart && config === div.__drawnConfig;
  if (inPlace && restyledInPlace(div, lastSpec, spec, figure)) return Promise.resolve();
  div.__drawnConfig = config;
  return Plotly.react(div, figure.data, layout, config);
}

// Slides (`fresh`): each figure is unrelated to the last, so it is drawn anew (Plotly.react kept the
// slide before's measurements and put slide 3's axis title over its tick labels), in a plot of its
// own, offscreen, which then takes the last one's place in the chart. The figure of the slide
// ahead comes with each step (`ahead`) and is drawn while the browser is idle, so the next step
// only puts a drawn plot in place: a step cost ~60-80 ms of plotly for the new slide's plot. The
// plots drawn stay, the last POOL_SIZE of them, so a step back is as quick. A slide is static (the
// room neither clicks nor hovers), so nothing listens to its plots.
const POOL_SIZE = 8;

// Where the plots wait to be shown: outside the app, unseen and out of the accessibility tree, in a
// closed shadow root so that nothing looking for the page's charts (its tests, a MutationObserver
// on the page) finds them. Laid out all the same, at a fixed size: plotly measures text as it draws.
function pool() {
  if (!window.__linkedPool) {
    const host = document.createElement("div");
    host.setAttribute("aria-hidden", "true");
    host.inert = true;
    host.style.cssText = "position: fixed; left: -100000px; top: 0; width: 4000px; height: 3000px; "
      + "visibility: hidden; contain: strict; pointer-events: none";
    document.body.appendChild(host);
    window.__linkedPool = host.attachShadow({ mode: "closed" });
  }
  return window.__linkedPool;
}

// The plot of `spec`, drawn (a promise), from the chart's pool or drawn into it now. The pool is
// the chart's key's (spec -> plot, the most recently wanted last), not its element's: Streamlit now
// and then makes a chart's element anew, and every slide would be drawn again.
function plotOf(div, Plotly, spec) {
  const pools = (window.__linkedPlots ||= new Map());
  if (!pools.has(div.__key)) pools.set(div.__key, new Map());
  const plots = (div.__plots = pools.get(div.__key));
  let plot = plots.get(spec);
  if (plot) {
    plots.delete(spec);
  } else {
    plot = document.createElement("div");
    pool().appendChild(plot);
    const { data, layout } = JSON.parse(spec);
    plot.__drawn = Plotly.newPlot(plot, data, onPage(layout), toolbar(div, Plotly)).then(() => plot);
  }
  plots.set(spec, plot);
  for (const [old, gone] of plots) {
    if (plots.size <= POOL_SIZE) break;
    if (gone === div.__shown || (div.__data.ahead || []).includes(old)) continue;
    plots.delete(old);
    Plotly.purge(gone);
    gone.remove();
  }
  return plot.__drawn;
}

function drawSlide(div, Plotly) {
  const spec = div.__data.spec;
  return plotOf(div, Plotly, spec).then(plot => {
    if (div.__data.spec !== spec || div.__shown === plot) return; // a newer figure is on its way
    if (div.__shown) pool().appendChild(div.__shown); // drawn, kept for a step back
    div.appendChild(plot);
    [div.__shown, div.__drawnSpec] = [plot, spec];
    ahead(div, Plotly);
  });
}

// Draw the slides ahead while the browser is idle, one plot per idle moment.
function ahead(div, Plotly) {
  const idle = window.requestIdleCallback || (task => setTimeout(task, 100));
  for (const spec of div.__data.ahead || []) {
    if (div.__plots.has(spec)) continue;
    idle(() => (div.__data.ahead || []).includes(spec) && !div.__plots.has(spec) && plotOf(div, Plotly, spec), { timeout: 2000 });
  }
}

// The layout as the page draws it: clicks are events, the selection is the figure's own (plotly keeps
// none of its own), the size follows the chart's box where the figure sets none. draw() keeps the
// layout's `meta` (what a click selects, which changes with every click) out of plotly's: for
// plotly a new meta replots the whole chart, where a click on a bar may change its colours alone
// (restyledInPlace).
function onPage(layout) {
  return { ...layout, clickmode: "event", selections: [], autosize: true };
}

// Whether two figures (their JSON) differ in their layout's shapes, and only there. Read from the
// JSON: plotly writes into the objects it is given (an axis's autorange), so those differ anyway.
function shapesAlone(before, after) {
  if (before === after) return false;
  const [a, b] = [before, after].map(spec => JSON.parse(spec));
  const [shapesA, shapesB] = [a.layout?.shapes, b.layout?.shapes];
  if (a.layout) delete a.layout.shapes;
  if (b.layout) delete b.layout.shapes;
  return JSON.stringify(shapesA) !== JSON.stringify(shapesB) && JSON.stringify(a) === JSON.stringify(b);
}

// Where plotly keeps each restyled attribute per bar once computed (Bar.calc's arraysToCalcdata), and
// the colour it last drew from it (Drawing.singlePointStyle), which its hover labels read first:
// taken out, to be drawn again from the new value.
const COMPUTED = { "marker.color": ["mc", "mcc"], "marker.line.color": ["mlc", "mlcc"], "marker.line.width": ["mlw"] };

// The server's figure differs from the one drawn only in the bars' styles a click changes (the
// chart's select.styles: a type clicked on the types chart changes its colours alone). Plotly takes a
// new colour array for new data: Plotly.react recomputes and replots the whole chart for it, and
// Plotly.restyle too (types chart, per Overview click: 20-40 ms of the browser's main thread on a
// busy 2-core machine). Here the new values go where plotly keeps them, which is what a later
// replot (a resize), a hover label and an export read: the trace, its defaults and each bar's
// computed style; and onto the drawn bars, as plotly paints them (PAINT, linked_predict.js). Not where
// a legend's swatch changes: it is drawn in its trace's first bar's style (the casualties chart's
// Militants), so plotly draws that chart. False when that is not the case.
function restyledInPlace(div, lastSpec, spec, figure) {
  const styles = div.__select?.styles;
  if (!styles?.length || styles.some(s => !(s.attr in COMPUTED)) || !lastSpec || !div.calcdata) return false;
  const at = (node, attr) => attr.split(".").reduce((n, k) => n?.[k], node);
  const rest = text => {
    const { data, layout } = JSON.parse(text);
    delete layout.meta;
    for (const { trace, attr } of styles) {
      const keys = attr.split(".");
      const owner = at(data[trace], keys.slice(0, -1).join("."));
      if (!Array.isArray(owner?.[keys.at(-1)])) return null; // a scalar style is not kept per bar
      delete owner[keys.at(-1)];
    }
    return JSON.stringify({ data, layout });
  };
  const before = rest(lastSpec);
  if (before === null || before !== rest(spec)) return false;
  const traces = div.querySelectorAll("g.trace.bars");
  for (const { trace, attr } of styles) {
    const [values, points] = [at(figure.data[trace], attr), div.calcdata[trace]];
    if (values.length !== points.length) return false; // not one per bar: let plotly draw it
    if (div._fullLayout?.showlegend && values[0] !== at(div._fullData[trace], attr)[0]) return false;
  }
  for (const { trace, attr } of styles) {
    const values = at(figure.data[trace], attr);
    const keys = attr.split(".");
    at(div._fullData[trace], keys.slice(0, -1).join("."))[keys.at(-1)] = values;
    const [kept, drawn] = COMPUTED[attr];
    div.calcdata[trace].forEach((point, i) => {
      point[kept] = values[i];
      if (drawn) delete point[drawn];
    });
    // A bar per point, its path in it (plotly leaves a point without a number pathless).
    const points = traces[trace]?.querySelectorAll("g.point") || [];
    values.forEach((value, i) => {
      const path = points[i]?.querySelector("path");
      if (path) PAINT[attr](path, value);
    });
  }
  div.data = figure.data; // what plotly draws again from (Plotly.redraw, an export's toImage)
  div._fullData.forEach(full => (full._input = figure.data[full.index]));
  return true;
}

// `next`, with every part equal to the same part of `prev` replaced by prev's own object. Plotly.react
// compares arrays by identity: a new array, equal or not, redraws the whole chart, and every figure
// from the server is parsed anew. Handed the arrays it has, it redraws only what changed: a span
// dragged on the escalation chart changes its band alone (27-35 ms to draw before, 9 now).
function shared(prev, next) {
  if (prev === next) return prev;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev) || prev.length !== next.length) return next;
    const out = next.map((value, i) => shared(prev[i], value));
    return out.every((value, i) => value === prev[i]) ? prev : out;
  }
  if (next === null || typeof next !== "object") return next;
  if (prev === null || typeof prev !== "object" || Array.isArray(prev)) return next;
  const keys = Object.keys(next);
  const out = Object.fromEntries(keys.map(k => [k, shared(prev[k], next[k])]));
  const same = keys.length === Object.keys(prev).length && keys.every(k => out[k] === prev[k]);
  return same ? prev : out;
}

// The page's config, its "toImage" button replaced by the download menu's (linked_export.js, joined
// to this file by linked_ui.py) when there is an export. One object per config: Plotly.react compares
// buttons by identity and replots the whole chart for a new one.
function toolbar(div, Plotly) {
  const { config, export: file } = div.__data;
  const key = JSON.stringify([config, Boolean(file)]);
  if (div.__config?.key !== key) {
    const button = { name: "download", title: "Download the chart…", val: "download", icon: Plotly.Icons.camera,
      click: () => openMenu(div, Plotly) };
    const buttons = (config.modeBarButtons || []).map(g => g.map(b => (b === "toImage" && file ? button : b)));
    div.__config = { key, value: { ...config, modeBarButtons: buttons } };
  }
  return div.__config.value;
}

function send(div, points) {
  div.__send("select", { points: points.filter(p => p.customdata !== undefined).map(p => ({ customdata: p.customdata })) });
}

function listen(div, Plotly) {
  // The chart follows its column's width: plotly's own `responsive` only follows the window, and
  // the column also changes when the sidebar opens or closes.
  // A chart leaving the page (another page opened) shrinks to nothing: nothing to redraw then.
  let width = div.clientWidth;
  new ResizeObserver(() => {
    if (div.clientWidth && div.clientWidth !== width && div.isConnected) {
      width = div.clientWidth;
      Plotly.Plots.resize(div).catch(() => {});
    }
  }).observe(div);
  // A tap reaches plotly twice (the touch, then the click the browser makes of it): two toggles of
  // the same bar would cancel out, so the same points again within half a second count once.
  let last = { at: 0, points: "" };
  div.on("plotly_click", ev => {
    const points = JSON.stringify(ev.points.map(p => p.customdata));
    const repeat = points === last.points && performance.now() - last.at < 500;
    last = { at: performance.now(), points };
    if (repeat) return;
    predict(div, Plotly, ev.points, { quick: true }); // drawn before the server hears of it (linked_predict.js)
    send(div, ev.points);
  });
  // A span dragged (escalation chart); a double click clears it, as in plotly itself. Plotly also
  // reports an empty selection when a figure drops the drawn box: that is no user's act.
  div.on("plotly_selected", ev => {
    if (!ev || !ev.points || !ev.points.length) return;
    // The box and plotly's dimming of the points outside it go at once, the band the span sets in
    // their place: a span that sets the range already set brings no new figure (Streamlit passes
    // the same data on), and would leave them.
    if (!predict(div, Plotly, ev.points)) draw(div, Plotly);
    send(div, ev.points);
  });
  if (div.__select?.kind === "bin") bandOnRelease(div, Plotly); // linked_predict.js
  div.on("plotly_deselect", () => {
    predict(div, Plotly, []);
    send(div, []);
  });
}

export default function ({ data, key, parentElement, setTriggerValue }) {
  let div = parentElement.querySelector(".linked-chart");
  if (!div) {
    // A box holding the chart and its download menu (linked_export.js), placed over the chart's corner.
    const box = document.createElement("div");
    box.style.position = "relative";
    div = document.createElement("div");
    div.className = "linked-chart";
    div.setAttribute("role", "figure");
    box.appendChild(div);
    parentElement.appendChild(box);
  }
  div.__send = setTriggerValue; // the newest callback, for listeners wired on the first draw
  div.__key = key;
  div.__data = data;
  div.setAttribute("aria-label", data.label);
  div.style.height = `${data.height || 450}px`; // the space is held before plotly.js arrives
  // Until this figure is drawn: an updated chart shows the last one meanwhile, drawn and complete
  // to look at, and whoever waits for this one (the browser tests) needs to tell them apart.
  div.dataset.drawing = "";
  const done = () => {
    if (div.__data === data) delete div.dataset.drawing;
  };
  plotly(data.library).then(
    Plotly => {
      if (div.__data !== data) return; // a newer figure arrived meanwhile and is drawn instead
      const first = !div.__drawn;
      div.__drawn = true;
      // New data with the same figure (only the caption of its export changed): nothing to redraw,
      // unless a click was drawn ahead of the server, whose word this is.
      const same = data.spec === div.__drawnSpec && (data.shapes ?? null) === (div.__drawnShapes ?? null)
        && JSON.stringify([data.config, Boolean(data.export)]) === div.__config?.key;
      if (!first && same && !div.__predicted) return done();
      return settle(div, Plotly).then(() => {
        if (first && !data.fresh) listen(div, Plotly);
        done();
      });
    },
    // Only a missing plotly.js replaces the chart with words; a drawing error stays an error.
    error => {
      div.textContent = `The chart could not be drawn: ${error.message}. Start the app with "streamlit run serve.py".`;
    },
  );
}
