// Pictures in the post editor, uploaded the moment they are chosen (media/views.py answers
// with JSON): those for the body go in at the cursor as Markdown, a new featured image is
// chosen in the featured-image menu. Without this script the same fields upload as the post
// is saved (cadmin/post_pictures.py).

const form = document.querySelector("form[data-upload-url]");

if (form) {
  const body = form.elements.namedItem("body");
  const pictures = form.elements.namedItem("pictures");
  const featured = form.elements.namedItem("featured_upload");
  const menu = form.elements.namedItem("featured_image");
  let cursor = body.value.length;
  // Where the text was left: choosing a file moves the focus away from it.
  body.addEventListener("blur", () => (cursor = body.selectionStart));

  pictures?.addEventListener("change", async () => {
    const answer = await upload(pictures, form.elements.namedItem("pictures_alt"));
    if (answer) {
      insertAtCursor(answer.images.map((image) => image.markdown).join("\n\n"));
    }
  });

  featured?.addEventListener("change", async () => {
    const answer = await upload(featured, form.elements.namedItem("featured_alt"));
    if (answer && menu) {
      const [image] = answer.images;
      menu.add(new Option(image.alt || "New picture", image.id, true, true), 1);
      menu.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  async function upload(input, alt) {
    const status = statusFor(input);
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    data.append("alt", alt?.value ?? "");
    for (const file of input.files) {
      data.append("file", file);
    }
    status.textContent = "Uploading…";
    try {
      const response = await fetch(form.dataset.uploadUrl, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error ?? "The upload was not taken.";
        return null;
      }
      status.textContent =
        answer.images.length === 1 ? "Picture uploaded." : `${answer.images.length} pictures uploaded.`;
      input.value = ""; // sent: the post's own save must not send it again
      if (alt) alt.value = "";
      return answer;
    } catch {
      status.textContent = "The upload did not reach the server: check the connection and try again.";
      return null;
    }
  }

  function insertAtCursor(markdown) {
    const before = body.value.slice(0, cursor);
    const after = body.value.slice(cursor);
    // A paragraph of its own: a blank line on each side, however many line breaks are there.
    const gapBefore = before === "" ? "" : "\n".repeat(2 - trailingBreaks(before));
    const gapAfter = after === "" ? "\n" : "\n".repeat(2 - leadingBreaks(after));
    body.value = `${before}${gapBefore}${markdown}${gapAfter}${after}`;
    cursor = before.length + gapBefore.length + markdown.length;
    body.setSelectionRange(cursor, cursor);
    body.dispatchEvent(new Event("input", { bubbles: true })); // autosave sees it
  }
}

function trailingBreaks(text) {
  return text.endsWith("\n\n") ? 2 : text.endsWith("\n") ? 1 : 0;
}

function leadingBreaks(text) {
  return text.startsWith("\n\n") ? 2 : text.startsWith("\n") ? 1 : 0;
}

function statusFor(input) {
  let status = input.parentElement.querySelector("[data-upload-status]");
  if (!status) {
    status = document.createElement("p");
    status.className = "hint";
    status.dataset.uploadStatus = "";
    status.setAttribute("role", "status");
    input.after(status);
  }
  return status;
}
