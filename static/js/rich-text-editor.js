/* A small editor for the admin's rich text: paragraphs, subheadings, bold, italic, lists and
   links, and nothing else. It edits a copy of the textarea's HTML and writes it back on every
   change; the server sanitises whatever arrives. No inline styles or scripts (the site's CSP). */
(function () {
  "use strict";

  var labels = (document.documentElement.lang || "nl").indexOf("nl") === 0
    ? { toolbar: "Opmaak", p: "Alinea", h3: "Kop", h4: "Subkop", bold: "Vet", italic: "Cursief",
        ul: "Opsomming", ol: "Genummerde lijst", link: "Link", unlink: "Link weg",
        url: "Adres van de link (https://…)", html: "HTML" }
    : { toolbar: "Formatting", p: "Paragraph", h3: "Heading", h4: "Subheading", bold: "Bold",
        italic: "Italic", ul: "Bulleted list", ol: "Numbered list", link: "Link",
        unlink: "Remove link", url: "Address of the link (https://…)", html: "HTML" };

  var buttons = [
    ["p", function () { document.execCommand("formatBlock", false, "p"); }],
    ["h3", function () { document.execCommand("formatBlock", false, "h3"); }],
    ["h4", function () { document.execCommand("formatBlock", false, "h4"); }],
    ["bold", function () { document.execCommand("bold"); }],
    ["italic", function () { document.execCommand("italic"); }],
    ["ul", function () { document.execCommand("insertUnorderedList"); }],
    ["ol", function () { document.execCommand("insertOrderedList"); }],
    ["link", function () {
      var address = window.prompt(labels.url, "https://");
      if (address && /^(https?:|mailto:)/i.test(address)) {
        document.execCommand("createLink", false, address);
      }
    }],
    ["unlink", function () { document.execCommand("unlink"); }]
  ];

  function enhance(textarea) {
    if (textarea.dataset.richTextReady) {
      return;
    }
    textarea.dataset.richTextReady = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text-editor__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar);
    var area = document.createElement("div");
    area.className = "rich-text-editor__area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) {
        label.id = textarea.id + "-label";
      }
      area.setAttribute("aria-labelledby", label.id);
    }
    area.innerHTML = textarea.value;

    buttons.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rich-text-editor__button rich-text-editor__button--" + spec[0];
      button.textContent = labels[spec[0]];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand("defaultParagraphSeparator", false, "p");
        document.execCommand("styleWithCSS", false, false);
        spec[1]();
        sync();
      });
      toolbar.appendChild(button);
    });

    var source = document.createElement("button");
    source.type = "button";
    source.className = "rich-text-editor__button rich-text-editor__button--html";
    source.textContent = labels.html;
    source.setAttribute("aria-pressed", "false");
    source.addEventListener("click", function () {
      var showing = textarea.classList.toggle("rich-text-editor__source--visible");
      source.setAttribute("aria-pressed", showing ? "true" : "false");
      area.hidden = showing;
      if (!showing) {
        area.innerHTML = textarea.value;
      }
    });
    toolbar.appendChild(source);

    function sync() {
      textarea.value = area.innerHTML;
    }
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    area.addEventListener("focus", function () {
      document.execCommand("defaultParagraphSeparator", false, "p");
    });

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(textarea);
    textarea.classList.add("rich-text-editor__source");
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        if (!area.hidden) {
          sync();
        }
      });
    }
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("textarea.rich-text"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  // Inline forms added with "Add another" carry their own textareas.
  document.addEventListener("formset:added", function (event) { enhanceAll(event.target); });
})();
