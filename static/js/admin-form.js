/* The editors' change form (website/admin_form.py, docs/EDITORS.md "The form").

   - One language switch at the top shows the fields of one language at a time, rich text and
     the parts' fields included, and says which English fields are still empty. The choice is
     kept for the browser tab (sessionStorage). Fields with errors are never left hidden.
   - Each part (objective, result, document, timeline item) folds open and shut under a line
     with its title; parts in an order move by dragging their handle or with the "Up" and
     "Down" buttons, which renumber the position fields. New parts come last.

   Without this script Django's form stays as it is: both languages, every part open, positions
   typed in. The server (publishing.forms.OrderedChildFormSet) decides the order from the
   positions it receives either way. Words come from the script's tag, in the editor's language. */
(function () {
  "use strict";

  var script = document.currentScript;
  var words = JSON.parse(script.dataset.adminForm);
  var languages = JSON.parse(script.dataset.languages);
  var defaultLanguage = languages[0].code;
  var STORAGE_KEY = "bzkmemory.admin.language";
  var MT_CLASS = /^mt-field-(.+)-([a-z]{2,3}(?:_[a-z]+)?)$/;
  var form;
  var live;
  var switchButtons = {};
  var shownLanguage;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) {
      return values[key];
    });
  }

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function plainText(value) {
    return (value || "").replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim();
  }

  function announce(text) {
    // Emptied first, so that saying the same thing twice is heard twice.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function inTemplate(element) {
    return Boolean(element.closest(".empty-form"));
  }

  /* Languages ---------------------------------------------------------------------------- */

  function translationOf(widget) {
    for (var i = 0; i < widget.classList.length; i++) {
      var match = MT_CLASS.exec(widget.classList[i]);
      if (match) {
        return { field: match[1], language: match[2] };
      }
    }
    return null;
  }

  // Marks each form row of a translated field with its language (modeltranslation puts
  // "mt mt-field-<field>-<language>" on the widgets).
  function tagTranslationRows(root) {
    each(root, ".mt", function (widget) {
      var translation = translationOf(widget);
      var row = widget.closest(".form-row");
      if (translation && row) {
        row.classList.add("translation-row");
        row.dataset.translationLanguage = translation.language;
        row.dataset.translationWidget = widget.id;
      }
    });
  }

  function translationRows() {
    return Array.prototype.filter.call(form.querySelectorAll(".translation-row"), function (row) {
      return !inTemplate(row);
    });
  }

  // A translation is missing when the field is empty in this language but not in Dutch.
  function isMissing(row) {
    var language = row.dataset.translationLanguage;
    var widget = document.getElementById(row.dataset.translationWidget);
    if (language === defaultLanguage || !widget) {
      return false;
    }
    var source = document.getElementById(
      widget.id.slice(0, -language.length) + defaultLanguage
    );
    return !plainText(widget.value) && Boolean(source) && Boolean(plainText(source.value));
  }

  function markMissing(row) {
    var missing = isMissing(row);
    var label = row.querySelector("label");
    var marker = row.querySelector(".translation-missing");
    row.classList.toggle("translation-row--missing", missing);
    if (missing && !marker && label) {
      marker = document.createElement("span");
      marker.className = "translation-missing";
      marker.textContent = words.missing;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(marker);
    } else if (!missing && marker) {
      marker.remove();
    }
  }

  function hasErrors(element) {
    return Boolean(element.querySelector(".errorlist, .errors"));
  }

  function updateSwitch() {
    var missing = {};
    var errors = {};
    translationRows().forEach(function (row) {
      var language = row.dataset.translationLanguage;
      if (row.classList.contains("translation-row--missing")) {
        missing[language] = (missing[language] || 0) + 1;
      }
      if (hasErrors(row)) {
        errors[language] = true;
      }
    });
    Object.keys(switchButtons).forEach(function (code) {
      var notes = [];
      if (errors[code]) {
        notes.push(words.hasErrors);
      }
      if (missing[code]) {
        var text = missing[code] === 1 ? words.missingOne : words.missingOther;
        notes.push(format(text, { count: missing[code] }));
      }
      var button = switchButtons[code];
      button.querySelector(".language-switch__note").textContent = notes.length
        ? " (" + notes.join(", ") + ")"
        : "";
      button.classList.toggle("language-switch__button--errors", Boolean(errors[code]));
    });
    return errors;
  }

  function showLanguage(code, remember) {
    shownLanguage = code;
    form.dataset.shownLanguage = code;
    Object.keys(switchButtons).forEach(function (other) {
      switchButtons[other].setAttribute("aria-pressed", String(other === code));
    });
    if (remember) {
      try {
        window.sessionStorage.setItem(STORAGE_KEY, code);
      } catch (error) {
        // Storage refused (private mode): the choice then lasts for this page only.
      }
    }
  }

  function buildSwitch() {
    var group = document.createElement("div");
    group.className = "language-switch";
    group.setAttribute("role", "group");
    var label = document.createElement("span");
    label.className = "language-switch__label";
    label.id = "language-switch-label";
    label.textContent = words.switchLabel;
    group.setAttribute("aria-labelledby", label.id);
    group.appendChild(label);
    languages.forEach(function (language) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "language-switch__button";
      button.dataset.language = language.code;
      var name = document.createElement("span");
      name.lang = language.code;
      name.textContent = language.name;
      var note = document.createElement("span");
      note.className = "language-switch__note";
      button.appendChild(name);
      button.appendChild(note);
      button.addEventListener("click", function () {
        showLanguage(language.code, true);
      });
      switchButtons[language.code] = button;
      group.appendChild(button);
    });
    // A place kept for it in the page (such as a sticky header), or the top of the form.
    var place = document.querySelector("[data-language-switch]");
    if (place) {
      place.appendChild(group);
    } else {
      var first = form.querySelector("fieldset");
      first.parentNode.insertBefore(group, first);
    }
  }

  function initLanguages() {
    tagTranslationRows(document);
    if (!translationRows().length) {
      return;
    }
    buildSwitch();
    translationRows().forEach(markMissing);
    var errors = updateSwitch();
    var stored = null;
    try {
      stored = window.sessionStorage.getItem(STORAGE_KEY);
    } catch (error) {
      stored = null;
    }
    var chosen = switchButtons[stored] ? stored : defaultLanguage;
    // Errors only in the other language: show those, or the editor could not see them.
    if (!errors[chosen]) {
      var withErrors = Object.keys(errors);
      if (withErrors.length) {
        chosen = withErrors[0];
      }
    }
    showLanguage(chosen, false);

    form.addEventListener("input", function (event) {
      var row = event.target.closest && event.target.closest(".form-row");
      if (!row) {
        return;
      }
      // The counterpart in the other language may change its state too: check the part.
      var scope = row.closest(".inline-related") || form;
      each(scope, ".translation-row", function (translationRow) {
        if (!inTemplate(translationRow)) {
          markMissing(translationRow);
        }
      });
      updateSwitch();
    });
  }

  /* Parts --------------------------------------------------------------------------------- */

  function partsOf(group) {
    return Array.prototype.filter.call(group.querySelectorAll(".collapsible-row"), function (row) {
      return !row.classList.contains("empty-form");
    });
  }

  function sortableField(group) {
    return group.dataset.sortableField || "";
  }

  function positionInput(row) {
    var field = sortableField(row.closest(".collapsible-inline"));
    return field ? row.querySelector('[name$="-' + field + '"]') : null;
  }

  // The title the editor gives the part (its first Dutch text field), else the saved one.
  function titleOf(row) {
    var input = row.querySelector(
      ".collapsible-row__body input.mt-default[type=text], .collapsible-row__body textarea.mt-default:not(.rich-text)"
    );
    return plainText(input && input.value) || row.dataset.savedTitle || words.untitled;
  }

  function refreshHeader(row) {
    var title = titleOf(row);
    var label = row.querySelector(".inline_label");
    if (label) {
      label.textContent = title.length > 90 ? title.slice(0, 89) + "…" : title;
    }
    var input = positionInput(row);
    var position = row.querySelector(".collapsible-row__position");
    if (input && position) {
      position.textContent = input.value ? input.value + "." : "";
    }
    var up = row.querySelector(".collapsible-row__move--up");
    var down = row.querySelector(".collapsible-row__move--down");
    if (up) {
      up.setAttribute("aria-label", format(words.moveUpLabel, { title: title }));
      down.setAttribute("aria-label", format(words.moveDownLabel, { title: title }));
    }
  }

  function setOpen(row, open) {
    var toggle = row.querySelector(".collapsible-row__toggle");
    toggle.setAttribute("aria-expanded", String(open));
    row.querySelector(".collapsible-row__body").hidden = !open;
    row.classList.toggle("collapsible-row--open", open);
  }

  function renumber(group) {
    var parts = partsOf(group);
    parts.forEach(function (row, index) {
      var input = positionInput(row);
      if (input) {
        input.value = String(index + 1);
      }
      var up = row.querySelector(".collapsible-row__move--up");
      var down = row.querySelector(".collapsible-row__move--down");
      if (up) {
        up.disabled = index === 0;
        down.disabled = index === parts.length - 1;
      }
      refreshHeader(row);
    });
  }

  function announceMove(row) {
    var group = row.closest(".collapsible-inline");
    var parts = partsOf(group);
    announce(
      format(words.moved, {
        title: titleOf(row),
        position: parts.indexOf(row) + 1,
        count: parts.length,
      })
    );
  }

  function move(row, step, button) {
    var group = row.closest(".collapsible-inline");
    var parts = partsOf(group);
    var index = parts.indexOf(row);
    var target = parts[index + step];
    if (!target) {
      return;
    }
    if (step < 0) {
      target.before(row);
    } else {
      target.after(row);
    }
    renumber(group);
    // Moving the row took the focus from its button: give it back (or to the other one, at
    // the top or the bottom).
    if (button.disabled) {
      button = row.querySelector(
        step < 0 ? ".collapsible-row__move--down" : ".collapsible-row__move--up"
      );
    }
    button.focus();
    announceMove(row);
  }

  function startDrag(row, handle, event) {
    if (event.button !== 0) {
      return;
    }
    event.preventDefault();
    var group = row.closest(".collapsible-inline");
    var startIndex = partsOf(group).indexOf(row);
    // Followed on the whole page, not captured by the handle: moving the row in the page
    // would end a capture.
    row.classList.add("collapsible-row--dragging");

    function follow(moveEvent) {
      var others = partsOf(group).filter(function (part) {
        return part !== row;
      });
      var before = others.find(function (part) {
        var box = part.getBoundingClientRect();
        return moveEvent.clientY < box.top + box.height / 2;
      });
      if (before && row.nextElementSibling !== before) {
        before.before(row);
      } else if (!before && others.length && others[others.length - 1].nextElementSibling !== row) {
        others[others.length - 1].after(row);
      }
    }

    function drop() {
      document.removeEventListener("pointermove", follow);
      document.removeEventListener("pointerup", drop);
      document.removeEventListener("pointercancel", drop);
      row.classList.remove("collapsible-row--dragging");
      if (partsOf(group).indexOf(row) !== startIndex) {
        renumber(group);
        announceMove(row);
      }
    }

    document.addEventListener("pointermove", follow);
    document.addEventListener("pointerup", drop);
    document.addEventListener("pointercancel", drop);
  }

  function moveButton(row, direction, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "collapsible-row__move collapsible-row__move--" + direction;
    button.textContent = text;
    button.addEventListener("click", function () {
      move(row, direction === "up" ? -1 : 1, button);
    });
    return button;
  }

  function enhancePart(row) {
    if (row.dataset.enhanced || row.classList.contains("empty-form")) {
      return;
    }
    row.dataset.enhanced = "1";
    var group = row.closest(".collapsible-inline");
    var heading = row.querySelector(".collapsible-row__heading");
    var body = row.querySelector(".collapsible-row__body");
    var label = row.querySelector(".inline_label");
    if (row.classList.contains("has_original") && label) {
      row.dataset.savedTitle = label.textContent.trim();
    }
    body.id = row.id + "-body";

    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "collapsible-row__toggle";
    toggle.setAttribute("aria-controls", body.id);
    var title = heading.querySelector(".collapsible-row__title");
    if (sortableField(group)) {
      var position = document.createElement("span");
      position.className = "collapsible-row__position";
      title.insertBefore(position, label);
      title.insertBefore(document.createTextNode(" "), label);
    }
    toggle.appendChild(title);
    heading.appendChild(toggle);
    toggle.addEventListener("click", function () {
      setOpen(row, toggle.getAttribute("aria-expanded") !== "true");
    });

    if (sortableField(group)) {
      var tools = document.createElement("span");
      tools.className = "collapsible-row__tools";
      var handle = document.createElement("span");
      handle.className = "collapsible-row__handle";
      handle.title = words.dragLabel;
      handle.setAttribute("aria-hidden", "true");
      handle.addEventListener("pointerdown", function (event) {
        startDrag(row, handle, event);
      });
      tools.appendChild(handle);
      tools.appendChild(moveButton(row, "up", words.moveUp));
      tools.appendChild(moveButton(row, "down", words.moveDown));
      heading.after(tools);
      // The buttons and the handle set the position: its field is kept out of sight unless
      // it has an error.
      var input = positionInput(row);
      var positionRow = input && input.closest(".form-row");
      if (positionRow && !hasErrors(positionRow)) {
        positionRow.classList.add("collapsible-row__position-field");
      }
    }
    setOpen(row, row.hasAttribute("data-open") || hasErrors(row));
    refreshHeader(row);
  }

  function initParts() {
    each(document, ".collapsible-inline", function (group) {
      partsOf(group).forEach(enhancePart);
      if (sortableField(group)) {
        renumberButtonsOnly(group);
      }
    });

    form.addEventListener("input", function (event) {
      var row = event.target.closest && event.target.closest(".collapsible-row");
      if (row && row.dataset.enhanced) {
        refreshHeader(row);
      }
    });

    // A new part ("Add another …") comes last, open, with its first field ready to type in.
    document.addEventListener("formset:added", function (event) {
      var row = event.target;
      var group = row.closest && row.closest(".collapsible-inline");
      if (!group) {
        return;
      }
      var input = positionInput(row);
      if (input) {
        var highest = 0;
        partsOf(group).forEach(function (part) {
          var value = part !== row && parseInt(positionInput(part).value, 10);
          if (value > highest) {
            highest = value;
          }
        });
        input.value = String(highest + 1);
      }
      enhancePart(row);
      setOpen(row, true);
      if (sortableField(group)) {
        renumberButtonsOnly(group);
      }
      if (form.dataset.shownLanguage) {
        tagTranslationRows(row);
        each(row, ".translation-row", markMissing);
        updateSwitch();
      }
      var first = Array.prototype.find.call(
        row.querySelectorAll(".collapsible-row__body input:not([type=hidden]), .collapsible-row__body textarea, .collapsible-row__body select"),
        function (field) {
          return field.offsetParent !== null;
        }
      );
      if (first) {
        first.focus();
      }
    });

    // Django renumbers the forms' names in the order of the page when a new part is removed;
    // the forms of saved parts must keep the first numbers, so the page is put back in the
    // forms' order for a moment, and then in the editor's order again.
    document.addEventListener(
      "click",
      function (event) {
        var link = event.target.closest && event.target.closest(".inline-deletelink");
        var group = link && link.closest(".collapsible-inline");
        if (!group || !sortableField(group)) {
          return;
        }
        var order = partsOf(group);
        var byForm = order.slice().sort(function (a, b) {
          return formIndex(a) - formIndex(b);
        });
        // New parts only exist where parts can be added, so the template row is there.
        var end = group.querySelector(".empty-form");
        byForm.forEach(function (part) {
          end.before(part);
        });
        window.setTimeout(function () {
          order
            .filter(function (part) {
              return part.isConnected;
            })
            .forEach(function (part) {
              end.before(part);
            });
          renumber(group);
        }, 0);
      },
      true
    );
  }

  function formIndex(row) {
    var match = /-(\d+)$/.exec(row.id);
    return match ? parseInt(match[1], 10) : Number.MAX_SAFE_INTEGER;
  }

  // On load the positions are the server's: only the buttons at the ends are switched off.
  function renumberButtonsOnly(group) {
    var parts = partsOf(group);
    parts.forEach(function (row, index) {
      var up = row.querySelector(".collapsible-row__move--up");
      if (up) {
        up.disabled = index === 0;
        row.querySelector(".collapsible-row__move--down").disabled = index === parts.length - 1;
      }
    });
  }

  function init() {
    form = document.querySelector("#content-main form");
    if (!form) {
      return;
    }
    live = document.createElement("div");
    live.className = "admin-form-live";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.appendChild(live);
    initLanguages();
    initParts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
