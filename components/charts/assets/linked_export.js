// Figures for publication (part of the linked chart, see linked_chart.js): the chart as an SVG
// (vector, editable) or a PNG at twice its size, with a caption under it (the view's description and
// the data's source, sent by Python as data.export), made by plotly.js in this browser from a copy of
// the figure: the chart on the page is not touched, and nothing leaves the machine. The toolbar's
// one button opens a small menu: still one Tab stop, its items reached with the arrow keys.

const CAPTION = { size: 12, line: 16, pad: 12, color: "#6b6d7a" };
const DOWNLOADS = [
  { format: "png", scale: 2, label: "PNG image, twice the size, with caption" },
  { format: "svg", scale: 1, label: "SVG vector image, with caption" },
];

// Lines of at most `chars` characters, broken between words.
function wrapText(text, chars) {
  const lines = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= chars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

// The SVG plotly makes of the chart as drawn now, at its size on the page, with a caption band added
// under it. Added to plotly's SVG rather than to the figure: a figure with a taller margin is laid
// out anew (plotly moves axis titles and legends with the margin), and would not be the chart shown.
async function captionedSvg(div, Plotly, caption) {
  const { width, height } = div._fullLayout;
  const figure = { data: JSON.parse(JSON.stringify(div.data)), layout: JSON.parse(JSON.stringify(div.layout)) };
  const url = await Plotly.toImage(figure, { format: "svg", width, height });
  const doc = new DOMParser().parseFromString(decodeURIComponent(url.slice(url.indexOf(",") + 1)), "image/svg+xml");
  const svg = doc.documentElement;
  const chars = Math.max(20, Math.floor((width - 20) / (CAPTION.size * 0.55)));
  const lines = caption.flatMap(text => wrapText(text, chars));
  const total = height + lines.length * CAPTION.line + CAPTION.pad;
  svg.setAttribute("height", total);
  svg.setAttribute("viewBox", `0 0 ${width} ${total}`);
  const make = (name, attributes) => {
    const node = doc.createElementNS(svg.namespaceURI, name);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    return node;
  };
  const band = svg.appendChild(make("g", { class: "caption" }));
  band.appendChild(make("rect", { x: 0, y: height, width, height: total - height, fill: "white" }));
  lines.forEach((line, i) => {
    const y = height + CAPTION.pad / 2 + CAPTION.line * (i + 1) - 4; // the line's baseline
    const text = make("text", { x: 10, y, fill: CAPTION.color, "font-family": "sans-serif", "font-size": CAPTION.size });
    text.textContent = line;
    band.appendChild(text);
  });
  return { svg: new XMLSerializer().serializeToString(doc), width, height: total };
}

// The captioned SVG as a PNG `scale` times its size, drawn by the browser as plotly's own PNGs are.
async function svgToPng({ svg, width, height }, scale) {
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  await image.decode();
  const canvas = Object.assign(document.createElement("canvas"), {
    width: Math.round(width * scale),
    height: Math.round(height * scale),
  });
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(image.src);
  return new Promise(resolve => canvas.toBlob(resolve, "image/png"));
}

async function downloadImage(div, Plotly, { format, scale }) {
  const { caption, file } = div.__data.export;
  const drawn = await captionedSvg(div, Plotly, caption);
  const blob = format === "svg" ? new Blob([drawn.svg], { type: "image/svg+xml" }) : await svgToPng(drawn, scale);
  const link = Object.assign(document.createElement("a"), {
    href: URL.createObjectURL(blob),
    download: `${file}.${format}`,
  });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

// The toolbar's download button (plotly redraws its toolbar now and then: found anew each time).
function menuButton(div) {
  return div.querySelector('.modebar-btn[data-val="download"]');
}

function labelButton(div, open = div.__menu?.style.display === "block") {
  const button = menuButton(div);
  button?.setAttribute("aria-haspopup", "menu");
  button?.setAttribute("aria-expanded", String(open));
}

function closeMenu(div, { focus = false } = {}) {
  const menu = div.__menu;
  if (!menu || menu.style.display === "none") return;
  menu.style.display = "none";
  labelButton(div, false);
  if (focus) menuButton(div)?.focus();
}

function menuItem(div, Plotly, download) {
  const item = document.createElement("button");
  item.type = "button";
  item.setAttribute("role", "menuitem");
  item.tabIndex = -1;
  item.textContent = download.label;
  Object.assign(item.style, {
    display: "block", width: "100%", minHeight: "32px", padding: "4px 12px", border: "0", textAlign: "left",
    background: "none", font: "inherit", fontSize: "14px", color: "#31333F", cursor: "pointer",
  });
  item.addEventListener("mouseenter", () => item.focus());
  item.addEventListener("click", () => {
    closeMenu(div, { focus: true });
    downloadImage(div, Plotly, download).catch(error => console.warn("The chart was not exported:", error));
  });
  return item;
}

// Arrow keys, Home and End move between the items, Escape closes the menu (back to its button),
// Tab closes it and moves on; so does a click or focus anywhere else.
function menuKeys(div, menu, ev) {
  const items = [...menu.children];
  const at = items.indexOf(document.activeElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[ev.key];
  if (to !== undefined) {
    ev.preventDefault();
    items[(to + items.length) % items.length].focus();
  } else if (ev.key === "Escape") {
    ev.preventDefault();
    closeMenu(div, { focus: true });
  } else if (ev.key === "Tab") {
    closeMenu(div);
  }
}

function makeMenu(div, Plotly) {
  const menu = document.createElement("div");
  menu.className = "linked-menu";
  menu.setAttribute("role", "menu");
  menu.setAttribute("aria-label", "Download the chart");
  Object.assign(menu.style, {
    display: "none", position: "absolute", top: "30px", right: "4px", zIndex: "1002", padding: "4px 0",
    background: "white", border: "1px solid #d5d6dc", borderRadius: "6px", boxShadow: "0 2px 8px rgba(0,0,0,0.15)",
  });
  for (const download of DOWNLOADS) menu.appendChild(menuItem(div, Plotly, download));
  menu.addEventListener("keydown", ev => menuKeys(div, menu, ev));
  menu.addEventListener("focusout", ev => {
    if (!menu.contains(ev.relatedTarget) && ev.relatedTarget !== menuButton(div)) closeMenu(div);
  });
  document.addEventListener("pointerdown", ev => {
    if (!menu.contains(ev.target) && !menuButton(div)?.contains(ev.target)) closeMenu(div);
  });
  div.parentElement.appendChild(menu);
  return menu;
}

// The toolbar button's click: the menu opens with its first item focused, or closes.
function openMenu(div, Plotly) {
  div.__menu = div.__menu || makeMenu(div, Plotly);
  if (div.__menu.style.display !== "none") return closeMenu(div, { focus: true });
  div.__menu.style.display = "block";
  labelButton(div, true);
  div.__menu.firstChild.focus();
}
