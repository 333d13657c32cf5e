/* Copy buttons for read-only texts: <textarea id="x" data-copy-label="Copy" data-copied="Copied">
   gets a button in <div data-copy-for="x">. The clipboard API where the page is secure; else,
   or when it is refused, the text is left selected for the phone's own Copy. Without
   JavaScript there is no button and the text can still be selected by hand. */
(function () {
  "use strict";

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function done(button, field) {
    button.textContent = field.dataset.copied || field.dataset.copyLabel;
    setTimeout(function () { button.textContent = field.dataset.copyLabel; }, 3000);
  }

  function copy(button, field) {
    selectAll(field);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { done(button, field); },
        function () { selectAll(field); }
      );
      return;
    }
    try {
      if (document.execCommand("copy")) done(button, field);
    } catch (error) {
      /* The text stays selected: the phone's own Copy does the rest. */
    }
  }

  var fields = document.querySelectorAll("textarea[data-copy-label]");
  Array.prototype.forEach.call(fields, function (field) {
    var place = document.querySelector('[data-copy-for="' + field.id + '"]');
    if (!place) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = field.dataset.copyLabel;
    button.setAttribute("aria-controls", field.id);
    button.addEventListener("click", function () { copy(button, field); });
    place.insertBefore(button, place.firstChild);
  });
})();
