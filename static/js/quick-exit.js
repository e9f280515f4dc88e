/* Quick exit of the public portal (KMB, AGPL-3.0-or-later).
 *
 * The link works without JavaScript. With it, leaving replaces this page in the history
 * (the Back button does not return here) and the Esc key leaves too, except while typing
 * in a field, where Esc has its own meaning. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var leave = function (event) {
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  };
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
      !/^(radio|checkbox|button|submit)$/.test(target.type || ""));
    if (!typing) { leave(event); }
  });
  var hint = document.querySelector("[data-quick-exit-key]");
  if (hint) { hint.hidden = false; }
}());
