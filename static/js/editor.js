// The post editor's writing frame (cadmin/_body_editor.html): the formatting toolbar and its
// keyboard shortcuts, the live preview, the counts and focus mode. Without this script the
// frame is the body's textarea, and the form's Preview button opens the reader's view.
//
// Every change to the text goes through the browser's own editing (execCommand "insertText",
// as markdown-toolbar-element does), so Ctrl+Z undoes a toolbar action as one step.

import "../vendor/markdown-toolbar-element/markdown-toolbar-element.js";

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);
const PREVIEW_PAUSE_MS = 300; // "as they pause typing"
const WIDE = window.matchMedia("(min-width: 70rem)");

const frame = document.querySelector("[data-editor]");
if (frame) {
  startEditor(frame);
}

function startEditor(frame) {
  const body = frame.querySelector("textarea");
  const form = body.form;
  for (const hidden of frame.querySelectorAll("[data-editor-controls]")) {
    hidden.hidden = false;
  }
  if (MAC) {
    for (const element of frame.querySelectorAll("[title]")) {
      element.title = element.title.replaceAll("Ctrl+", "⌘");
    }
    for (const key of frame.querySelectorAll("kbd")) {
      key.textContent = key.textContent.replaceAll("Ctrl+", "⌘");
    }
  }
  const tools = { rule: () => insertRule(body), picture: () => choosePictures(form) };
  const focus = focusMode(frame);
  const preview = livePreview(frame, form, body);
  const shortcuts = shortcutsDialog(frame);
  const toolbar = frame.querySelector("markdown-toolbar");
  toolbar.addEventListener("click", (event) => {
    const tool = event.target.closest("button[data-md-button]");
    if (tool) tools[tool.dataset.mdButton]?.();
  });
  // Before the library styles the text (its own listener comes after this capturing one).
  toolbar.addEventListener("click", (event) => selectLineFor(event.target, body), true);
  // The library answers Enter and Space on its own buttons; ours are real buttons already.
  body.addEventListener("keydown", (event) => {
    const button = shortcutTarget(frame, event);
    if (!button) return;
    event.preventDefault();
    selectLineFor(button, body); // the library's own click() sends no event to the toolbar
    button.click();
  });
  document.addEventListener("keydown", (event) => {
    if (event.target === body || event.defaultPrevented) return;
    const button = shortcutTarget(frame.querySelector("[data-editor-controls]"), event);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
  frame.querySelector("[data-focus-toggle]").addEventListener("click", () => focus.toggle());
  frame.querySelector("[data-shortcuts-open]").addEventListener("click", () => shortcuts.open());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && focus.on() && !shortcuts.isOpen()) focus.leave();
  });
  counts(frame, form, body);
  preview.start();
}

// The toolbar button or mode control whose shortcut this key press is, if any.
function shortcutTarget(scope, event) {
  if (!(MAC ? event.metaKey : event.ctrlKey) || event.altKey) return null;
  const pressed = `Mod+${event.shiftKey ? "Shift+" : ""}${event.code}`;
  return scope.querySelector(`[data-shortcut="${pressed}"]`) ?? null;
}

// A heading or a quote with nothing selected is made of the line the cursor is on, as in any
// word processor (the library would put its prefix at the cursor, mid-line). Selected after the
// prefix when the line has it already, so that pressing again takes it off, as with a selection.
function selectLineFor(button, textarea) {
  const style = button.closest("md-header, md-quote");
  if (!style || textarea.selectionStart !== textarea.selectionEnd) return;
  const level = Number(style.getAttribute("level") || 3);
  const prefix = style.localName === "md-quote" ? "> " : `${"#".repeat(level)} `;
  const text = textarea.value;
  const cursor = textarea.selectionStart;
  let start = text.lastIndexOf("\n", cursor - 1) + 1;
  const lineEnd = text.indexOf("\n", cursor);
  const end = lineEnd === -1 ? text.length : lineEnd;
  if (text.startsWith(prefix, start)) start += prefix.length;
  if (start < end) textarea.setSelectionRange(start, end);
}

// Replace the selection with `text` as typing would, so that undo takes it back in one step.
function insertText(textarea, text) {
  textarea.focus();
  if (!document.execCommand("insertText", false, text)) {
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

// A paragraph of its own at the cursor: a blank line on each side, whatever is there already.
export function insertBlock(textarea, block) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const after = textarea.value.slice(textarea.selectionEnd);
  const gapBefore = before === "" ? "" : "\n".repeat(2 - breaksAtEnd(before));
  const gapAfter = after === "" ? "\n" : "\n".repeat(2 - breaksAtStart(after));
  insertText(textarea, `${gapBefore}${block}${gapAfter}`);
}

function insertRule(textarea) {
  insertBlock(textarea, "---");
}

function breaksAtEnd(text) {
  return text.endsWith("\n\n") ? 2 : text.endsWith("\n") ? 1 : 0;
}

function breaksAtStart(text) {
  return text.startsWith("\n\n") ? 2 : text.startsWith("\n") ? 1 : 0;
}

function choosePictures(form) {
  form.elements.namedItem("pictures")?.click();
}

// The preview beside the text on a wide screen, in its place on a narrow one (the Preview
// button switches), drawn by the server from the form as it is: the same renderer, sanitiser
// and article template as the published post.
function livePreview(frame, form, body) {
  const pane = frame.querySelector("[data-preview]");
  const article = pane.querySelector("[data-preview-article]");
  const status = pane.querySelector("[data-preview-status]");
  const panes = frame.querySelector("[data-editor-panes]");
  const toggle = frame.querySelector("[data-preview-toggle]");
  let timer = null;
  let inFlight = null;
  let drawn = "";
  let showing = false;

  function show(wanted) {
    showing = wanted;
    pane.hidden = !wanted;
    panes.classList.toggle("with-preview", wanted);
    panes.classList.toggle("preview-only", wanted && !WIDE.matches);
    toggle.setAttribute("aria-pressed", String(wanted));
    if (wanted) refresh();
  }

  function later() {
    performance.mark("editor:typed");
    clearTimeout(timer);
    if (showing) timer = setTimeout(refresh, PREVIEW_PAUSE_MS);
  }

  async function refresh() {
    const data = new FormData(form);
    for (const name of ["pictures", "featured_upload"]) data.delete(name); // never uploaded here
    const sent = JSON.stringify([...data].filter(([name]) => name !== "csrfmiddlewaretoken"));
    if (sent === drawn) return;
    inFlight?.abort();
    inFlight = new AbortController();
    try {
      const response = await fetch(pane.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { "X-Preview": "article" },
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      const html = await response.text();
      article.innerHTML = html; // drawn and sanitised by the server, as the published post
      drawn = sent;
      status.textContent = "";
      performance.mark("editor:preview-shown");
      keepTogether();
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "The preview cannot reach the server.";
    }
  }

  // Roughly the same place on both sides: the same share of each scrolled.
  function keepTogether() {
    if (!showing || !WIDE.matches) return;
    const share = body.scrollTop / Math.max(1, body.scrollHeight - body.clientHeight);
    pane.scrollTop = share * (pane.scrollHeight - pane.clientHeight);
  }

  return {
    start() {
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      body.addEventListener("scroll", keepTogether, { passive: true });
      toggle.addEventListener("click", () => {
        show(!showing);
        (showing && !WIDE.matches ? pane : body).focus();
      });
      // Beside a conflict's saved text there is no room for it until asked for.
      const closed = "previewClosed" in frame.dataset;
      WIDE.addEventListener("change", () => show(WIDE.matches && !closed));
      show(WIDE.matches && !closed);
    },
  };
}

// Words and reading time of the body, characters of the title and excerpt, as they are typed;
// past what search engines show, the count says so.
function counts(frame, form, body) {
  const perMinute = Number(frame.dataset.wordsPerMinute) || 220;
  const bodyCount = frame.querySelector("[data-count-of=body]");
  const fieldCounts = [...form.querySelectorAll("[data-count-of]")].filter((c) => c !== bodyCount);

  function countBody() {
    const words = body.value.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
    const minutes = Math.max(1, Math.round(words / perMinute));
    bodyCount.textContent = `${words.toLocaleString("en")} ${words === 1 ? "word" : "words"} · ${minutes} min read`;
  }

  function countField(count) {
    const field = form.elements.namedItem(count.dataset.countOf);
    const limit = Number(count.dataset.countLimit);
    const length = [...field.value].length;
    const over = length > limit;
    count.textContent = over
      ? `${length} characters: search engines show about ${limit}.`
      : `${length} of about ${limit} characters search engines show.`;
    count.classList.toggle("warning", over);
  }

  body.addEventListener("input", countBody);
  countBody();
  bodyCount.hidden = false;
  for (const count of fieldCounts) {
    form.elements.namedItem(count.dataset.countOf)?.addEventListener("input", () => countField(count));
    countField(count);
    count.hidden = false;
  }
}

// Focus mode: only the text and the preview. Everything else on the page is hidden and inert
// (out of reach of the keyboard and of screen readers) until Escape or the button.
function focusMode(frame) {
  const button = frame.querySelector("[data-focus-toggle]");
  let hidden = [];

  function enter() {
    for (let node = frame; node.parentElement; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !sibling.hidden && sibling.tagName !== "SCRIPT") {
          // The page's heading stays for screen readers: it says where they are.
          sibling.inert = sibling.tagName !== "H1";
          sibling.classList.add(sibling.tagName === "H1" ? "visually-hidden" : "focus-hidden");
          hidden.push(sibling);
        }
      }
    }
    document.body.classList.add("editor-focus");
    button.setAttribute("aria-pressed", "true");
    frame.querySelector("textarea").focus();
  }

  function leave() {
    for (const element of hidden) {
      element.inert = false;
      element.classList.remove("focus-hidden", "visually-hidden");
    }
    hidden = [];
    document.body.classList.remove("editor-focus");
    button.setAttribute("aria-pressed", "false");
  }

  return {
    on: () => hidden.length > 0,
    toggle: () => (hidden.length ? leave() : enter()),
    leave,
  };
}

function shortcutsDialog(frame) {
  const dialog = frame.querySelector("[data-shortcuts]");
  dialog.querySelector("[data-shortcuts-close]").addEventListener("click", () => dialog.close());
  return {
    open: () => dialog.showModal(),
    isOpen: () => dialog.open,
  };
}
