// List pages. The filter panel is a details element, folded on a phone so the results come first; on a wide screen
// it opens (theme.css also shows it there without this script where the browser can). While htmx fetches new
// results, the results region says it is busy (aria-busy), so a screen reader waits and theme.css dims it.
document.addEventListener("DOMContentLoaded", () => {
  const wide = window.matchMedia("(min-width: 48.0625rem)");
  const panels = document.querySelectorAll(".rimpel-filter-details");
  const follow = () => panels.forEach((panel) => { panel.open = wide.matches; });
  follow();
  wide.addEventListener("change", follow);

  const busy = (on) => (event) => {
    const target = event.detail.target;
    if (target && target.id === "results") {
      if (on) target.setAttribute("aria-busy", "true");
      else document.getElementById("results")?.removeAttribute("aria-busy");
    }
  };
  document.body.addEventListener("htmx:beforeRequest", busy(true));
  document.body.addEventListener("htmx:afterRequest", busy(false));
});
