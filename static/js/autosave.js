// Autosave in the post editor. Each change is copied into this browser's localStorage at once
// (for when the network is gone) and sent to the author's draft slot on the server once typing
// has stopped for a moment. Neither touches the post: only the editor's Save button does.
//
// While a restore offer is on screen, the store it comes from is left alone, so answering it
// late loses nothing: a server offer pauses the server copy, a browser offer the browser copy.

const config = document.getElementById("post-editing");
const form = document.querySelector("textarea[name=body]")?.form;

if (config && form) {
  startAutosave(config, form);
}

function startAutosave(config, form) {
  const settings = config.dataset;
  const status = config.querySelector("[data-autosave-status]");
  const serverOffer = config.querySelector("[data-server-offer]");
  const localOffer = config.querySelector("[data-local-offer]");
  const store = browserStore(settings.storageKey);
  const clock = serverClock(settings.serverNow);
  const showTime = timeFormat(settings.timeZone);

  const loaded = JSON.stringify(draftOf(form));
  let lastSent = loaded;
  let lastStored = loaded;
  let timer = null;
  let serverPaused = Boolean(serverOffer);
  let localPaused = false;

  offerBrowserCopy();

  // Fields the draft slot does not keep (the excerpt, the status...) count for leaving too.
  const loadedRest = JSON.stringify(restOf(form));
  let submitting = false;

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    clearTimeout(timer); // the real save takes over
    submitting = true;
  });
  window.addEventListener("pagehide", sendIfPending);
  window.addEventListener("beforeunload", askBeforeLeaving);

  if (serverOffer) {
    serverOffer.querySelector("[data-discard-form]").addEventListener("submit", discardServer);
  }
  localOffer.querySelector("[data-local-restore]").addEventListener("click", restoreLocal);
  localOffer.querySelector("[data-local-discard]").addEventListener("click", discardLocal);

  function changed() {
    const draft = draftOf(form);
    const text = JSON.stringify(draft);
    // An offered copy stays until it is restored or discarded; an unchanged one keeps its time.
    if (!localPaused && text !== lastStored) {
      if (text === loaded) {
        store.remove(); // back to what the page opened with: nothing to keep
      } else {
        const version = form.elements.namedItem("version")?.value ?? "";
        store.write({ ...draft, version, saved_at: clock.now().toISOString() });
      }
      lastStored = text;
    }
    clearTimeout(timer);
    timer = null;
    if (!serverPaused && text !== lastSent) {
      timer = setTimeout(send, Number(settings.autosaveDelayMs));
    }
  }

  async function send() {
    timer = null;
    const sent = JSON.stringify(draftOf(form));
    try {
      const response = await fetch(settings.autosaveUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        say(`${answer.error} A copy is kept in this browser.`);
        return;
      }
      lastSent = sent;
      settings.slotSavedAt = answer.saved_at;
      markCopyAsOnServer(sent, answer.saved_at);
      say(`Draft saved at ${answer.shown}. Save the post to publish your changes.`);
    } catch {
      say("Not saved: the server cannot be reached. A copy is kept in this browser.");
    }
  }

  // The browser copy of what the server now holds is no longer newer than the server's, so
  // it is not offered next time beside (or instead of) the server's.
  function markCopyAsOnServer(sent, savedAt) {
    const copy = store.read();
    if (copy && JSON.stringify(draftOf(copy)) === sent) {
      store.write({ ...copy, saved_at: savedAt });
    }
  }

  // Leaving with changes the server's draft slot does not hold yet asks first; once the
  // autosave has them, leaving loses nothing.
  function askBeforeLeaving(event) {
    if (submitting) return;
    const text = JSON.stringify(draftOf(form));
    const draftKept = text === loaded || (text === lastSent && !serverPaused);
    if (draftKept && JSON.stringify(restOf(form)) === loadedRest) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when this is set
  }

  // Closing the tab within the delay: hand the last changes to the browser to send.
  function sendIfPending() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      navigator.sendBeacon(settings.autosaveUrl, new FormData(form));
    }
  }

  // The server slot is offered by the page itself; this offers the browser copy when the
  // server has nothing as recent (the network was down), and forgets a copy the post has
  // caught up with.
  function offerBrowserCopy() {
    const copy = store.read();
    if (!copy) return;
    const copiedAt = Date.parse(copy.saved_at);
    if (!(copiedAt > timeOf(settings.savedPostAt))) {
      store.remove();
      return;
    }
    const serverHasIt = timeOf(settings.slotSavedAt) >= copiedAt;
    if (serverHasIt || JSON.stringify(draftOf(copy)) === JSON.stringify(draftOf(form))) return;
    localOffer.querySelector("[data-local-time]").textContent = showTime(copiedAt);
    localOffer.hidden = false;
    localPaused = true;
    localOffer.copy = copy;
    if (serverOffer) {
      // The browser's copy is the newer one: offer only it, and let it replace the server's.
      serverOffer.hidden = true;
      serverPaused = false;
    }
  }

  function restoreLocal() {
    fill(form, localOffer.copy);
    closeLocalOffer();
    say("Restored from this browser. Save the post to keep it.");
  }

  function discardLocal() {
    store.remove();
    if (serverOffer?.hidden) {
      // The older server copy it stood for goes too; if that fails it is offered next time.
      const discardForm = serverOffer.querySelector("[data-discard-form]");
      postForm(discardForm).catch(() => {});
    }
    closeLocalOffer();
  }

  function closeLocalOffer() {
    localOffer.hidden = true;
    localPaused = false;
    changed(); // keep what the form holds now, here and on the server
  }

  async function discardServer(event) {
    event.preventDefault();
    const discardForm = event.currentTarget;
    try {
      await postForm(discardForm);
    } catch {
      discardForm.submit(); // let the plain form try, and say what happened
      return;
    }
    serverOffer.hidden = true;
    serverPaused = false;
    settings.slotSavedAt = "";
    if (lastStored === loaded) {
      store.remove(); // nothing typed here: the browser's copy is of what was just discarded
    }
    changed(); // send what was typed while the offer waited, if anything
  }

  async function postForm(someForm) {
    const response = await fetch(someForm.action, {
      method: "POST",
      body: new FormData(someForm),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
  }

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }
}

// The fields a draft keeps, from the editor form or from a stored copy.
function draftOf(source) {
  if (source instanceof HTMLFormElement) {
    const data = new FormData(source);
    source = {
      title: data.get("title"),
      body: data.get("body"),
      category: data.get("category"),
      tags: data.getAll("tags"),
    };
  }
  return {
    title: source.title ?? "",
    body: source.body ?? "",
    category: source.category ?? "",
    tags: [...(source.tags ?? [])].sort(),
  };
}

// Everything else the form would save, files and the CSRF token aside.
function restOf(form) {
  const kept = new Set(["title", "body", "category", "tags", "csrfmiddlewaretoken", "version"]);
  return [...new FormData(form)].filter(([name, value]) => !kept.has(name) && typeof value === "string");
}

function fill(form, copy) {
  const draft = draftOf(copy);
  form.elements.namedItem("title").value = draft.title;
  form.elements.namedItem("body").value = draft.body;
  form.elements.namedItem("category").value = draft.category;
  for (const box of form.querySelectorAll("input[name=tags]")) {
    box.checked = draft.tags.includes(box.value);
  }
  // The version the copy was typed on: saving it over a newer one is then a conflict.
  const version = form.elements.namedItem("version");
  if (version && copy.version) {
    version.value = copy.version;
  }
}

function browserStore(key) {
  // Storage may be full or turned off; the server copy still works then.
  return {
    read() {
      try {
        return JSON.parse(localStorage.getItem(key));
      } catch {
        return null;
      }
    },
    write(copy) {
      try {
        localStorage.setItem(key, JSON.stringify(copy));
      } catch {
        // nothing to do: see above
      }
    },
    remove() {
      try {
        localStorage.removeItem(key);
      } catch {
        // nothing to do: see above
      }
    },
  };
}

// Times in the browser copy are on the server's clock, so they compare with the post's.
function serverClock(serverNow) {
  const offset = (Date.parse(serverNow) || Date.now()) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

function timeOf(isoTime) {
  return isoTime ? Date.parse(isoTime) : 0;
}

// HH:MM in the site's time zone, as the server writes the times it offers.
function timeFormat(timeZone) {
  const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  let format;
  try {
    format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
  } catch {
    format = new Intl.DateTimeFormat("en-GB", options);
  }
  return (time) => format.format(new Date(time));
}
