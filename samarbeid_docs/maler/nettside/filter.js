// samarbeid-docs: filter the list of agreements. Without JavaScript every agreement is shown.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.filter");
  if (!form) { return; }
  var search = form.querySelector("#sok");
  var group = form.querySelector("#gruppe");
  var status = form.querySelector("#status");
  var count = document.getElementById("antall");
  var none = document.getElementById("ingen-treff");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.avtale"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.gruppe"));
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function normal(text) {
    return text.toLocaleLowerCase("nb").normalize("NFC");
  }

  function apply() {
    var words = normal(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = normal(item.getAttribute("data-sok"));
      var ok = (!group.value || item.getAttribute("data-gruppe") === group.value) &&
               (!status.value || item.getAttribute("data-status") === status.value) &&
               words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li.avtale:not([hidden])");
    });
    none.hidden = shown !== 0;
    // the sentences are the page's own (data-alle, data-utvalg), in its written standard
    count.textContent = (shown === items.length ? count.dataset.alle : count.dataset.utvalg)
      .replace("{vist}", shown).replace("{alle}", items.length);
  }

  search.addEventListener("input", apply);
  group.addEventListener("change", apply);
  status.addEventListener("change", apply);
});
