// Pictures in the post editor: chosen with the file field or the toolbar's Picture button,
// dropped on the text or pasted into it, or dropped on the featured image. Each one asks what
// it shows (or "decorative") where it arrived, then uploads with a progress bar (media/views.py
// answers with JSON): a picture for the text goes in at the cursor as Markdown, a featured image
// is chosen in its menu. A refused file shows the server's reason there and changes nothing.
// Without this script the same fields upload as the post is saved (cadmin/post_pictures.py).

import { insertBlock } from "./editor.js";

const form = document.querySelector("form[data-upload-url]");

if (form) {
  startPictures(form);
}

function startPictures(form) {
  const body = form.elements.namedItem("body");
  const pictures = form.elements.namedItem("pictures");
  const featuredUpload = form.elements.namedItem("featured_upload");
  const menu = form.elements.namedItem("featured_image");
  const bodyList = form.querySelector("[data-uploads]") ?? listAfter(pictures);
  const featuredZone = form.querySelector("[data-featured-drop]");
  const featuredList = featuredZone ? listAfter(featuredZone.lastElementChild) : null;
  let cursor = body.value.length;
  // Where the text was left: choosing a file moves the focus away from it.
  body.addEventListener("blur", () => (cursor = body.selectionStart));

  // The cards ask each picture's description: the fields for it are for the form without script.
  for (const name of ["pictures_alt", "featured_alt"]) {
    const field = form.elements.namedItem(name);
    if (field) field.closest("div").hidden = true;
  }

  const forText = {
    list: bodyList,
    done(image) {
      body.focus();
      body.setSelectionRange(cursor, cursor);
      insertBlock(body, image.markdown);
      cursor = body.selectionStart;
    },
  };
  const forFeatured = {
    list: featuredList,
    done(image) {
      if (!menu) return;
      menu.add(new Option(image.alt || "New picture", image.id, true, true), 1);
      menu.dispatchEvent(new Event("change", { bubbles: true }));
    },
  };

  pictures?.addEventListener("change", () => {
    ask([...pictures.files], forText);
    pictures.value = ""; // each file is on its way: the post's own save must not send it again
  });
  featuredUpload?.addEventListener("change", () => {
    ask([...featuredUpload.files].slice(0, 1), forFeatured);
    featuredUpload.value = "";
  });
  acceptDrops(body, (files) => {
    cursor = body.selectionStart;
    ask(files, forText);
  });
  if (featuredZone && featuredList) {
    acceptDrops(featuredZone, (files) => ask(files.slice(0, 1), forFeatured));
  }
  body.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    // Text copied with a picture of itself (as some programs do) is pasted as text.
    if (!files.length || event.clipboardData.types.includes("text/plain")) return;
    event.preventDefault();
    cursor = body.selectionStart;
    ask(files, forText);
  });
}

function acceptDrops(zone, take) {
  const carriesFiles = (event) => event.dataTransfer?.types.includes("Files");
  zone.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("dropping");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropping"));
  zone.addEventListener("drop", (event) => {
    zone.classList.remove("dropping");
    if (!carriesFiles(event)) return;
    event.preventDefault();
    take([...event.dataTransfer.files]);
  });
}

function listAfter(element) {
  const list = document.createElement("ul");
  list.className = "editor-uploads";
  list.hidden = true;
  element.after(list);
  return list;
}

function ask(files, target) {
  let first = true;
  for (const file of files) {
    const card = uploadCard(file, target);
    target.list.append(card.element);
    target.list.hidden = false;
    if (first) card.focus();
    first = false;
  }
}

let cards = 0;

// One picture on its way: what it shows, then its upload's progress, then gone (or the reason
// it was refused).
function uploadCard(file, target) {
  const id = `upload-${++cards}`;
  const element = document.createElement("li");
  element.className = "upload-card";
  element.innerHTML = `
    <p class="upload-name"></p>
    <div class="upload-ask">
      <label for="${id}-alt">What it shows (alt text)</label>
      <input id="${id}-alt" type="text" maxlength="1000">
      <label class="upload-decorative"><input type="checkbox"> Decorative: it shows nothing a reader needs</label>
      <div class="upload-actions">
        <button type="button" data-upload-go>Add picture</button>
        <button type="button" class="secondary" data-upload-cancel>Cancel</button>
      </div>
    </div>
    <progress max="1" value="0" hidden></progress>
    <p class="upload-status" role="status"></p>`;
  element.querySelector(".upload-name").textContent = file.name || "Pasted picture";
  const alt = element.querySelector(`#${id}-alt`);
  const decorative = element.querySelector("input[type=checkbox]");
  const progress = element.querySelector("progress");
  const status = element.querySelector(".upload-status");
  const askPart = element.querySelector(".upload-ask");
  progress.setAttribute("aria-label", `Uploading ${file.name || "the pasted picture"}`);

  decorative.addEventListener("change", () => (alt.disabled = decorative.checked));
  alt.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // not the post's own submit
      go();
    }
  });
  element.querySelector("[data-upload-go]").addEventListener("click", go);
  element.querySelector("[data-upload-cancel]").addEventListener("click", remove);

  function go() {
    if (!decorative.checked && !alt.value.trim()) {
      status.textContent = "Say what the picture shows, or mark it decorative.";
      alt.focus();
      return;
    }
    askPart.hidden = true;
    progress.hidden = false;
    status.textContent = "Uploading…";
    send(file, alt.value.trim(), decorative.checked, progress).then(
      (image) => {
        target.done(image);
        remove();
      },
      (reason) => {
        progress.hidden = true;
        status.textContent = reason;
        status.setAttribute("role", "alert");
        const dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "secondary";
        dismiss.textContent = "Dismiss";
        dismiss.addEventListener("click", remove);
        element.append(dismiss);
        dismiss.focus();
      },
    );
  }

  function remove() {
    const list = element.parentElement;
    element.remove();
    if (list && !list.children.length) list.hidden = true;
  }

  return { element, focus: () => alt.focus() };
}

// The upload itself, with XMLHttpRequest: fetch cannot report an upload's progress.
function send(file, alt, decorative, progress) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
  data.append("alt", decorative ? "" : alt);
  if (decorative) data.append("decorative", "on");
  data.append("file", file, file.name || "pasted-picture");
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = event.loaded / event.total;
    });
    request.addEventListener("load", () => {
      const answer = request.response ?? {};
      if (request.status === 201 && answer.images?.length) {
        resolve(answer.images[0]);
      } else {
        reject(answer.error ?? `The upload was not taken (${request.status}).`);
      }
    });
    request.addEventListener("error", () =>
      reject("The upload did not reach the server: check the connection and try again."),
    );
    request.send(data);
  });
}
