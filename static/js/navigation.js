/* The main navigation as a "Menu" disclosure on narrow screens. Without this script the
   navigation is a plain list of links, which works everywhere; the script only folds it away
   behind a button where space is short (the CSS decides where, through .main-nav--enhanced). */
(function () {
  "use strict";
  var nav = document.getElementById("main-nav");
  if (!nav) {
    return;
  }
  var button = nav.querySelector(".main-nav__toggle");
  var list = document.getElementById(button && button.getAttribute("aria-controls"));
  if (!button || !list) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("main-nav--open", open);
  }

  nav.classList.add("main-nav--enhanced");
  button.hidden = false;
  setOpen(false);

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes an open menu and gives focus back to its button (WAI-ARIA disclosure).
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
