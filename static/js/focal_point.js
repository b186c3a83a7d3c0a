// The focal point of a picture, set by clicking it: the point's place across and down (0 to 1)
// goes into the form's number fields, which stay there for the keyboard and without script.

const picker = document.querySelector("[data-focal-picker]");
const across = document.querySelector("input[name=focal_x]");
const down = document.querySelector("input[name=focal_y]");

if (picker && across && down) {
  const picture = picker.querySelector("img");
  const marker = picker.querySelector("[data-focal-marker]");
  document.querySelector("[data-focal-hint]").hidden = false;
  picker.classList.add("is-active");
  place();

  picture.addEventListener("click", (event) => {
    const box = picture.getBoundingClientRect();
    across.value = fraction((event.clientX - box.left) / box.width);
    down.value = fraction((event.clientY - box.top) / box.height);
    across.dispatchEvent(new Event("change", { bubbles: true }));
    place();
  });
  across.addEventListener("input", place);
  down.addEventListener("input", place);

  function place() {
    const x = Number(across.value);
    const y = Number(down.value);
    const inside = across.value !== "" && down.value !== "" && x >= 0 && x <= 1 && y >= 0 && y <= 1;
    marker.hidden = !inside;
    if (inside) {
      marker.style.left = `${x * 100}%`;
      marker.style.top = `${y * 100}%`;
    }
  }
}

function fraction(value) {
  return Math.min(1, Math.max(0, value)).toFixed(2);
}
