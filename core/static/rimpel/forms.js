// Forms for people: the error summary takes the focus, and long lists get a search field (core.widgets.Chooser).
// Without JavaScript the summary is still the first thing in the form, its links still jump to the fields, and a
// long list shows all its options in a scrolling box.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".rimpel-error-summary");
  if (summary) {
    summary.focus();
    // A link jumps to the field and puts the focus in it, with its label in view above it.
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      const context = field.closest("fieldset, .rimpel-field") || field;
      context.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  document.querySelectorAll("[data-rimpel-chooser]").forEach(chooser);
});

// Lower case without accents, so "cafe" finds "Café".
const plain = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function chooser(root) {
  const filter = root.querySelector(".rimpel-chooser__filter");
  const input = filter.querySelector("input");
  const count = root.querySelector(".rimpel-chooser__count");
  const chosen = root.querySelector(".rimpel-chooser__chosen");
  const items = [...root.querySelectorAll(".rimpel-chooser__list > li")].map((item) => ({
    item,
    box: item.querySelector("input"),
    name: item.textContent.trim(),
    key: plain(item.textContent),
  }));
  filter.hidden = false;

  const showChosen = () => {
    const names = items.filter(({ box }) => box.checked).map(({ name }) => name);
    if (names.length === 0) {
      chosen.textContent = root.dataset.noneText;
      return;
    }
    const label = document.createElement("strong");
    label.textContent = root.dataset.chosenText;
    chosen.replaceChildren(label, " " + names.join(", "));
  };
  const applyFilter = () => {
    const words = plain(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach(({ item, key }) => {
      const match = words.every((word) => key.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = words.length
      ? root.dataset.countText.replace("{shown}", shown).replace("{total}", items.length)
      : "";
  };
  input.addEventListener("input", applyFilter);
  // Enter in the search field would send the whole form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  root.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") showChosen();
  });
}
