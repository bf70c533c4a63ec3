// The header's menu on a phone: a button with aria-expanded folds the navigation and the user's links away.
// Without JavaScript the button stays hidden and the menu simply shows (theme.css stacks it on a narrow screen).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".rimpel-menu-button");
  const header = button && button.closest(".rimpel-header");
  if (!header) return;
  header.classList.add("rimpel-header--foldable");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("rimpel-header--open", open);
  });
});
