// A small accessibility checker run in the browser (WCAG 2.1 AA basics, axe-core's serious
// rules in spirit): language, names of controls, unique ids, image text, text contrast.
// Returns a list of {rule, element, detail}; the demo's page must give none.
const problems = [];
const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
  + `${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}`
  + ` "${(el.textContent || "").trim().slice(0, 40)}"`;
const add = (rule, el, detail) => problems.push({ rule, element: describe(el), detail: detail || "" });
const visible = (el) => {
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || style.display === "none") return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && !el.closest("[hidden], template, dialog:not([open])");
};

// html-has-lang, valid-lang
const lang = document.documentElement.lang;
if (!/^(pl|uk|en)$/.test(lang)) add("html-lang", document.documentElement, lang);
for (const el of document.querySelectorAll("[lang]")) {
  if (!/^(pl|uk|en)$/.test(el.lang)) add("valid-lang", el, el.lang);
}

// label / select-name: every form control has an accessible name
function accessibleName(el) {
  if (el.getAttribute("aria-label")) return el.getAttribute("aria-label").trim();
  const by = el.getAttribute("aria-labelledby");
  if (by) return by.split(" ").map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
  if (el.id) {
    const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (label) return label.textContent.trim();
  }
  const wrapping = el.closest("label");
  if (wrapping) return wrapping.textContent.trim();
  if (["BUTTON", "A", "SUMMARY"].includes(el.tagName)) return el.textContent.trim();
  return (el.getAttribute("title") || "").trim();
}
for (const el of document.querySelectorAll("input, select, textarea")) {
  if (el.type === "hidden") continue;
  if (!accessibleName(el)) add("label", el);
}
// button-name, link-name
for (const el of document.querySelectorAll("button, a[href], summary")) {
  if (!visible(el)) continue;
  if (!accessibleName(el)) add("button-name", el);
}
// aria-labelledby points at something
for (const el of document.querySelectorAll("[aria-labelledby]")) {
  for (const id of el.getAttribute("aria-labelledby").split(" ")) {
    if (!document.getElementById(id)) add("aria-valid-reference", el, id);
  }
}
// duplicate-id
const seen = new Map();
for (const el of document.querySelectorAll("[id]")) {
  if (el.closest("template")) continue;
  if (seen.has(el.id)) add("duplicate-id", el, el.id);
  seen.set(el.id, el);
}
// image-alt
for (const el of document.querySelectorAll("img")) {
  if (!el.hasAttribute("alt")) add("image-alt", el);
}
// landmarks: one main, a page title, headings present
if (document.querySelectorAll("main").length !== 1) add("landmark-one-main", document.body);
if (!document.title.trim()) add("document-title", document.documentElement);
if (!document.querySelector("h1")) add("page-has-heading-one", document.body);

// color-contrast (1.4.3): every visible element with its own text
function rgba(text) {
  const parts = text.match(/[\d.]+/g).map(Number);
  return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
}
function luminance(c) {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}
function blend(top, bottom) {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}
function background(el) {
  const layers = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour.a > 0) layers.push(colour);
    if (colour.a >= 1) break;
  }
  let result = { r: 255, g: 255, b: 255, a: 1 };
  for (const layer of layers.reverse()) result = blend(layer, result);
  return result;
}
function effectiveOpacity(el) {
  let opacity = 1;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  return opacity;
}
for (const el of document.querySelectorAll("body *")) {
  const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!ownText || !visible(el) || el.closest(".spoiler")) continue;
  const opacity = effectiveOpacity(el);
  if (opacity === 0) continue;  // not shown (e.g. the empty toast)
  const style = getComputedStyle(el);
  const bg = background(el);
  const fg = blend({ ...rgba(style.color), a: rgba(style.color).a * opacity }, bg);
  const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  const ratio = (light + 0.05) / (dark + 0.05);
  const size = parseFloat(style.fontSize);
  const bold = Number(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  if (ratio < (large ? 3 : 4.5)) add("color-contrast", el, ratio.toFixed(2));
}
return problems;
