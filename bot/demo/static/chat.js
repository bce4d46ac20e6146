// The demo's web chat: people's chats side by side, live from the local Bot API.
// Messages are built as DOM nodes from Telegram's entities (never innerHTML): safe by design.
"use strict";

const state = { ui: "pl", people: [], commands: {}, open: [], panels: new Map(), refreshing: null };

function t(key, values) {
  const table = window.TEXTS[state.ui] || window.TEXTS.pl;
  let text = key.split(".").reduce((obj, part) => (obj || {})[part], table) || key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.replace(`{${name}}`, value);
  }
  return text;
}

async function api(path, options) {
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

function postJson(path, body) {
  return api(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

function say(text) {
  const toast = document.getElementById("toast");
  toast.textContent = "";
  // A fresh text node makes screen readers announce it even when it repeats.
  window.setTimeout(() => { toast.textContent = text; }, 30);
  toast.classList.add("shown");
  window.clearTimeout(say.timer);
  say.timer = window.setTimeout(() => toast.classList.remove("shown"), 6000);
}

function alertBox(text) {
  const dialog = document.getElementById("alert");
  document.getElementById("alert-text").textContent = text;
  dialog.showModal();
}

// -- interface language ------------------------------------------------------------------

function applyLanguage(language) {
  state.ui = language;
  document.documentElement.lang = language;
  document.title = t("title");
  localStorage.setItem("ngobot-demo-ui", language);
  for (const node of document.querySelectorAll("[data-t]")) {
    node.textContent = t(node.dataset.t);
  }
  document.getElementById("ui-language").value = language;
  fillPicker();
  for (const panel of state.panels.values()) labelPanel(panel);
}

// -- people ------------------------------------------------------------------------------

function fillPicker() {
  const pick = document.getElementById("person-pick");
  const chosen = pick.value;
  pick.textContent = "";
  for (const person of state.people) {
    const option = document.createElement("option");
    option.value = String(person.chat_id);
    option.textContent = `${person.name} — ${t(`roles.${person.role}`)}`;
    pick.append(option);
  }
  if (chosen) pick.value = chosen;
}

async function loadPeople() {
  state.people = await api("/api/people");
  fillPicker();
}

// The bot's command names in each language (/api/commands, from its own command table).
async function loadCommands() {
  state.commands = await api("/api/commands");
}

// What a person using the page's language types for a command ("upcoming": /terminy in Polish).
function typed(command) {
  return `/${(state.commands[command] || {})[state.ui] || command}`;
}

function person(chatId) {
  return state.people.find((p) => p.chat_id === chatId);
}

function saveOpen() {
  localStorage.setItem("ngobot-demo-open", JSON.stringify(state.open));
}

// -- panels ------------------------------------------------------------------------------

function openPanel(chatId, focus) {
  if (!person(chatId)) return;
  if (!state.panels.has(chatId)) {
    state.open.push(chatId);
    saveOpen();
    createPanel(chatId);
  }
  const panel = state.panels.get(chatId);
  refreshPanel(panel);
  if (focus) panel.textarea.focus();
}

function createPanel(chatId) {
  const fragment = document.getElementById("panel-template").content.cloneNode(true);
  const root = fragment.querySelector(".panel");
  const id = `chat-${String(chatId).replace("-", "g")}`;
  root.id = id;
  root.dataset.chatId = String(chatId);
  const panel = {
    chatId,
    root,
    list: root.querySelector(".messages"),
    textarea: root.querySelector("textarea"),
    file: root.querySelector(".file"),
    commands: root.querySelector(".commands"),
    keyboard: root.querySelector(".reply-keyboard"),
    rendered: new Map(),
    lastSeen: 0,
  };
  root.querySelector(".panel-name").id = `${id}-name`;
  root.setAttribute("aria-labelledby", `${id}-name`);
  root.querySelector(".composer-label").htmlFor = `${id}-text`;
  panel.textarea.id = `${id}-text`;
  root.querySelector(".composer-help").id = `${id}-help`;
  panel.textarea.setAttribute("aria-describedby", `${id}-help`);
  root.querySelector(".file-label").htmlFor = `${id}-file`;
  panel.file.id = `${id}-file`;
  panel.list.setAttribute("aria-labelledby", `${id}-name`);
  for (const node of root.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  root.querySelector(".close").addEventListener("click", () => closePanel(chatId));
  root.querySelector(".composer").addEventListener("submit", (event) => {
    event.preventDefault();
    sendText(panel, panel.textarea.value);
  });
  panel.textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      sendText(panel, panel.textarea.value);
    }
  });
  panel.file.addEventListener("change", () => upload(panel));
  state.panels.set(chatId, panel);
  labelPanel(panel);
  document.getElementById("chats").append(root);
}

// What to try first, by role: a visitor new to Telegram need not guess the commands.
// The bot's English command names; each hint shows and sends the name of the page's language.
const TRIES = {
  member: ["upcoming", "postulate", "topics"],
  volunteer: ["start", "upcoming", "postulate"],
  staff: ["announce", "review", "feeds"],
  group: ["upcoming"],
  new: ["start", "upcoming", "postulate"],
};

function renderTries(panel, who) {
  const box = panel.root.querySelector(".try");
  box.textContent = "";
  const lead = document.createElement("span");
  lead.textContent = `${t("tryThese")} `;
  box.append(lead);
  for (const command of TRIES[who.role] || []) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "try-command";
    button.textContent = `${typed(command)} — ${t(`tries.${command}`)}`;
    button.addEventListener("click", () => sendText(panel, typed(command)));
    box.append(button, " ");
  }
}

function labelPanel(panel) {
  const who = person(panel.chatId);
  renderTries(panel, who);
  panel.root.querySelector(".panel-name").textContent = who.name;
  panel.root.querySelector(".panel-name").lang = who.language;
  panel.root.querySelector(".panel-role").textContent = t(`roles.${who.role}`);
  for (const node of panel.root.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  panel.root.querySelector(".close").setAttribute("aria-label", `${t("close")}: ${who.name}`);
  panel.list.lang = who.language;
  panel.rendered.clear();
  panel.list.textContent = "";
}

function closePanel(chatId) {
  const panel = state.panels.get(chatId);
  if (!panel) return;
  panel.root.remove();
  state.panels.delete(chatId);
  state.open = state.open.filter((id) => id !== chatId);
  saveOpen();
  document.getElementById("person-pick").focus();
}

// -- talking to the bot ------------------------------------------------------------------

// Telegram Desktop's shortcuts: **bold**, __italic__, `code`, [text](https://...) become
// formatting (entities) of the message, as a Telegram client sends it.
const MARKUP = /\*\*(.+?)\*\*|__(.+?)__|`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/gs;

function formatted(input) {
  let text = "";
  let last = 0;
  const entities = [];
  for (const match of input.matchAll(MARKUP)) {
    text += input.slice(last, match.index);
    const [, bold, italic, code, label, url] = match;
    const inner = bold || italic || code || label;
    const entity = { type: bold ? "bold" : italic ? "italic" : code ? "code" : "text_link",
      offset: text.length, length: inner.length };
    if (url) entity.url = url;
    entities.push(entity);
    text += inner;
    last = match.index + match[0].length;
  }
  text += input.slice(last);
  return { text, entities };
}

async function sendText(panel, text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  try {
    await postJson(`/api/chat/${panel.chatId}/send`, formatted(trimmed));
    if (panel.textarea.value.trim() === trimmed) panel.textarea.value = "";
    refreshPanel(panel);
  } catch (error) {
    say(t("error", { problem: error.message }));
  }
}

async function press(panel, messageId, button, node) {
  node.disabled = true;
  say(t("pressed", { label: button.text }));
  try {
    const answer = await postJson(`/api/chat/${panel.chatId}/press`, {
      message_id: messageId,
      data: button.callback_data,
    });
    if (answer.text && answer.show_alert) alertBox(answer.text);
    else if (answer.text) say(answer.text);
  } catch (error) {
    say(t("error", { problem: error.message }));
  } finally {
    node.disabled = false;
    refreshPanel(panel);
  }
}

async function upload(panel) {
  const chosen = panel.file.files[0];
  if (!chosen) return;
  const form = new FormData();
  form.append("file", chosen, chosen.name);
  try {
    await api(`/api/chat/${panel.chatId}/upload`, { method: "POST", body: form });
    say(t("sent"));
  } catch (error) {
    say(t("error", { problem: error.message }));
  }
  panel.file.value = "";
  refreshPanel(panel);
}

// -- rendering ---------------------------------------------------------------------------

const TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote", spoiler: "span",
};

function entityNode(panel, entity, text) {
  const slice = text.slice(entity.offset, entity.offset + entity.length);
  if (entity.type === "text_link" || entity.type === "url") {
    const href = entity.type === "url" ? slice : entity.url;
    if (/^(https?:|mailto:)/i.test(href || "")) {
      const link = document.createElement("a");
      link.href = href.includes("://") || href.startsWith("mailto:") ? href : `https://${href}`;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      return link;
    }
  }
  if (entity.type === "bot_command") {
    const command = document.createElement("button");
    command.type = "button";
    command.className = "command-link";
    command.addEventListener("click", () => sendText(panel, slice));
    return command;
  }
  const tag = TAGS[entity.type];
  if (!tag) return document.createElement("span");
  const node = document.createElement(tag);
  if (entity.type === "spoiler") node.className = "spoiler";
  return node;
}

// Entities nest (Telegram sends them sorted by offset); each is built around its children.
function renderText(panel, target, text, entities, start, end) {
  let position = start;
  const inside = entities
    .filter((e) => e.offset >= start && e.offset + e.length <= end)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  let index = 0;
  while (index < inside.length) {
    const entity = inside[index];
    if (entity.offset < position) { index += 1; continue; }
    target.append(text.slice(position, entity.offset));
    const node = entityNode(panel, entity, text);
    const stop = entity.offset + entity.length;
    const children = inside.slice(index + 1).filter((e) => e.offset + e.length <= stop);
    renderText(panel, node, text, children, entity.offset, stop);
    target.append(node);
    position = stop;
    index += 1;
  }
  target.append(text.slice(position, end));
}

function messageNode(panel, message) {
  const item = document.createElement("li");
  item.className = message.from_bot ? "message bot" : "message mine";
  item.dataset.messageId = String(message.id);
  const meta = document.createElement("p");
  meta.className = "meta";
  const who = document.createElement("strong");
  const speaker = panel.chatId < 0 && !message.from_bot ? message.sender : t("you");
  who.textContent = message.from_bot ? t("bot") : speaker;
  meta.append(who);
  if (message.date) {
    const time = document.createElement("time");
    const moment = new Date(message.date * 1000);
    time.dateTime = moment.toISOString();
    time.textContent = ` · ${moment.toLocaleTimeString(state.ui, { hour: "2-digit", minute: "2-digit" })}`;
    meta.append(time);
  }
  if (message.edited) {
    const edited = document.createElement("span");
    edited.textContent = ` · ${t("edited")}`;
    meta.append(edited);
  }
  item.append(meta);
  const body = document.createElement("div");
  body.className = "text";
  renderText(panel, body, message.text, message.entities || [], 0, message.text.length);
  item.append(body);
  if (message.document) item.append(documentLink(message.document));
  if (message.buttons && message.buttons.length) item.append(keyboard(panel, message));
  return item;
}

function documentLink(document_) {
  const link = document.createElement("a");
  link.className = "document";
  link.href = document_.url;
  link.download = document_.name;
  link.textContent = `📎 ${t("download", { name: document_.name })} (${Math.ceil(document_.size / 1024)} KB)`;
  return link;
}

function keyboard(panel, message) {
  const group = document.createElement("div");
  group.className = "inline-keyboard";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", t("replyKeyboard"));
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      let node;
      if (button.url) {
        node = document.createElement("a");
        node.href = button.url;
        node.rel = "noopener noreferrer";
        node.target = "_blank";
        node.className = "button link-button";
      } else {
        node = document.createElement("button");
        node.type = "button";
        node.className = "button";
        node.addEventListener("click", () => press(panel, message.id, button, node));
      }
      node.textContent = button.text;
      line.append(node);
    }
    group.append(line);
  }
  return group;
}

function renderChat(panel, chat) {
  const list = panel.list;
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const seen = new Set();
  let previous = null;
  let arrived = false;
  for (const message of chat.messages) {
    seen.add(message.id);
    const key = JSON.stringify(message);
    const old = panel.rendered.get(message.id);
    let node = old ? old.node : null;
    if (!old || old.key !== key) {
      const fresh = messageNode(panel, message);
      if (old) keepFocus(old.node, fresh);
      if (old) old.node.replaceWith(fresh);
      node = fresh;
      panel.rendered.set(message.id, { key, node });
      if (!old && message.from_bot && message.id > panel.lastSeen) arrived = true;
    }
    if (previous ? previous.nextSibling !== node : list.firstChild !== node) {
      if (previous) previous.after(node); else list.prepend(node);
    }
    previous = node;
  }
  for (const [id, old] of panel.rendered) {
    if (!seen.has(id)) { old.node.remove(); panel.rendered.delete(id); }
  }
  if (!chat.messages.length && !list.querySelector(".empty")) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = t("empty");
    list.append(empty);
  } else if (chat.messages.length) {
    for (const empty of list.querySelectorAll(".empty")) empty.remove();
  }
  const newest = chat.messages.length ? chat.messages[chat.messages.length - 1].id : 0;
  if (arrived && panel.lastSeen && !panel.root.contains(document.activeElement)) {
    say(t("newMessage", { name: person(panel.chatId).name }));
  }
  panel.lastSeen = Math.max(panel.lastSeen, newest);
  if (nearBottom || arrived) list.scrollTop = list.scrollHeight;
  renderCommands(panel, chat.commands);
  renderReplyKeyboard(panel, chat.reply_keyboard);
}

// A message edited in place keeps the keyboard focus on the same button.
function keepFocus(oldNode, freshNode) {
  if (!oldNode.contains(document.activeElement)) return;
  const buttons = [...oldNode.querySelectorAll("button, a")];
  const index = buttons.indexOf(document.activeElement);
  window.setTimeout(() => {
    const again = [...freshNode.querySelectorAll("button, a")];
    (again[index] || again[0] || freshNode.closest(".panel").querySelector("textarea")).focus();
  }, 0);
}

function renderCommands(panel, commands) {
  const key = JSON.stringify(commands);
  if (panel.commandsKey === key) return;
  panel.commandsKey = key;
  panel.commands.textContent = "";
  for (const command of commands) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "command";
    const name = document.createElement("strong");
    name.textContent = `/${command.command}`;
    button.append(name, ` — ${command.description}`);
    button.addEventListener("click", () => {
      panel.root.querySelector(".menu").open = false;
      sendText(panel, `/${command.command}`);
      panel.textarea.focus();
    });
    item.append(button);
    panel.commands.append(item);
  }
}

function renderReplyKeyboard(panel, rows) {
  const key = JSON.stringify(rows);
  if (panel.keyboardKey === key) return;
  panel.keyboardKey = key;
  const box = panel.keyboard;
  box.textContent = "";
  box.hidden = !rows;
  if (!rows) return;
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", t("replyKeyboard"));
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "row";
    for (const label of row) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = label;
      button.addEventListener("click", () => sendText(panel, label));
      line.append(button);
    }
    box.append(line);
  }
}

async function refreshPanel(panel) {
  try {
    renderChat(panel, await api(`/api/chat/${panel.chatId}`));
  } catch (error) {
    // The demo may be stopping; the next change event tries again.
  }
}

function refreshAll() {
  window.clearTimeout(state.refreshing);
  state.refreshing = window.setTimeout(() => {
    for (const panel of state.panels.values()) refreshPanel(panel);
  }, 60);
}

// A demo control: ask the server, then say what happened (in the page's language).
function announceButton(id, path, doneText) {
  const button = document.getElementById(id);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const item = await postJson(path, {});
      say(t(doneText, { title: item.title }));
    } catch (error) {
      say(t("error", { problem: error.message }));
    } finally {
      button.disabled = false;
    }
  });
}

// -- start -------------------------------------------------------------------------------

async function start() {
  const saved = localStorage.getItem("ngobot-demo-ui");
  const choice = new URLSearchParams(window.location.search).get("lang") || saved || "pl";
  state.ui = window.TEXTS[choice] ? choice : "pl";
  await Promise.all([loadPeople(), loadCommands()]);
  applyLanguage(state.ui);
  document.getElementById("ui-language").addEventListener("change", (event) => {
    applyLanguage(event.target.value);
    refreshAll();
  });
  document.getElementById("open-form").addEventListener("submit", (event) => {
    event.preventDefault();
    openPanel(Number(document.getElementById("person-pick").value), true);
  });
  document.getElementById("create-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = document.getElementById("new-name");
    try {
      const created = await postJson("/api/people", {
        name: name.value,
        language: document.getElementById("new-language").value,
      });
      name.value = "";
      await loadPeople();
      openPanel(created.chat_id, true);
    } catch (error) {
      say(t("invalidName"));
      name.focus();
    }
  });
  announceButton("feed-button", "/api/feed", "feedDone");
  announceButton("sample-button", "/api/sample", "sampleDone");
  let opened = [];
  try { opened = JSON.parse(localStorage.getItem("ngobot-demo-open") || "[]"); } catch (e) { opened = []; }
  if (!opened.length) opened = [1001, 1003];
  for (const chatId of opened) openPanel(chatId, false);
  const events = new EventSource("/api/events");
  events.addEventListener("change", refreshAll);
}

start();
