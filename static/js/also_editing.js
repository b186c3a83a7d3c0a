// "Bob is also editing this post.": the editor says every few seconds that it is open, and
// shows who else the server has heard from lately.

const config = document.getElementById("post-editing");

if (config?.dataset.pingUrl) {
  startPresence(config);
}

function startPresence(config) {
  const url = config.dataset.pingUrl;
  const seconds = Number(config.dataset.pingSeconds) || 20;
  const notice = config.querySelector("[data-also-editing]");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
  let interval = null;

  async function ping() {
    try {
      const response = await fetch(url, {
        method: "POST",
        body: csrfOnly(token),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return; // signed out or no longer allowed: keep the last notice
      const answer = await response.json();
      notice.textContent = answer.notice;
      notice.hidden = !answer.notice;
    } catch {
      // offline: try again at the next interval
    }
  }

  function start() {
    if (interval === null) interval = setInterval(ping, seconds * 1000);
  }

  // A closed editor stops saying it is open; the others stop naming it a little later.
  window.addEventListener("pagehide", () => {
    clearInterval(interval);
    interval = null;
  });
  // Back to a page the browser kept: say at once that it is open again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      ping();
      start();
    }
  });
  start();
}

function csrfOnly(token) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", token);
  return data;
}
