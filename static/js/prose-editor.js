/* The admin's rich-text editor: django-prose-editor's ProseMirror editor (Tiptap), with the
   extensions website/widgets.py lists from website/richtext.py's allow-list, a menu in the
   editor's language and the link tool of prose-editor-links.js.

   Our own preset rather than the package's, for two reasons. Tiptap injects a <style> element
   unless told not to, which the site's CSP (style-src 'self') blocks; its rules are in
   static/css/prose-editor.css instead. And the package's menu labels are English. */
import * as prose from "django-prose-editor/editor"
import { LinkPicker } from "bzkmemory/link-picker"

const MARKER = "data-django-prose-editor-bzkmemory"
const editors = new WeakMap()

// ProseMirror leaves an empty paragraph in an empty document; the field is then empty.
const actuallyEmpty = (html) => (/^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html)

// The field's language, for the link tool's addresses: title_en is English, anything else Dutch.
const languageOf = (textarea) => (/_en$/.test(textarea.name) ? "en" : "nl")

function menuItems(labels) {
  return function createMenu({ editor, buttons, menu }) {
    // aria-pressed and aria-disabled tell screen-reader users what the package shows with its
    // "active" and "disabled" classes. Every button is named in words (no icon-font ligatures):
    // the name a screen reader reads and the text a speech-input user says are then the same
    // (WCAG 2.5.3), whether or not the icon font has loaded.
    const define = (name, groups, button, command, active, enabled) => {
      menu.defineItem({
        name,
        groups,
        button,
        command,
        active: active || (() => false),
        enabled: enabled || (() => true),
        update: (ed) => {
          if (active) button.setAttribute("aria-pressed", String(!!active(ed)))
          if (enabled) button.setAttribute("aria-disabled", String(!enabled(ed)))
        },
      })
    }
    define(
      "paragraph",
      "blocks",
      buttons.text(labels.paragraph, labels.paragraph),
      (ed) => ed.chain().focus().setParagraph().run(),
      (ed) => ed.isActive("paragraph"),
    )
    const heading = editor.extensionManager.extensions.find((e) => e.name === "heading")
    for (const level of heading ? heading.options.levels : []) {
      define(
        `heading${level}`,
        "blocks",
        buttons.text(labels.headings[level], labels.headings[level]),
        (ed) => ed.chain().focus().toggleHeading({ level }).run(),
        (ed) => ed.isActive("heading", { level }),
      )
    }
    define(
      "bulletList",
      "lists",
      buttons.text(labels.bulletList, labels.bulletList),
      (ed) => ed.chain().focus().toggleBulletList().run(),
      (ed) => ed.isActive("bulletList"),
    )
    define(
      "orderedList",
      "lists",
      buttons.text(labels.orderedList, labels.orderedList),
      (ed) => ed.chain().focus().toggleOrderedList().run(),
      (ed) => ed.isActive("orderedList"),
    )
    define(
      "bold",
      "marks",
      buttons.text(labels.bold, labels.bold),
      (ed) => ed.chain().focus().toggleBold().run(),
      (ed) => ed.isActive("bold"),
      (ed) => ed.can().toggleBold(),
    )
    define(
      "italic",
      "marks",
      buttons.text(labels.italic, labels.italic),
      (ed) => ed.chain().focus().toggleItalic().run(),
      (ed) => ed.isActive("italic"),
      (ed) => ed.can().toggleItalic(),
    )
    define(
      "undo",
      "history",
      buttons.text(labels.undo, labels.undo),
      (ed) => ed.commands.undo(),
      null,
      (ed) => ed.can().undo(),
    )
    define(
      "redo",
      "history",
      buttons.text(labels.redo, labels.redo),
      (ed) => ed.commands.redo(),
      null,
      (ed) => ed.can().redo(),
    )
    // The link tool defines "link" and "unlink" itself (prose-editor-links.js).
    return ["blocks", "lists", "marks", "link", "history"]
      .map((group) => menu.items(group))
      .filter((items) => items.length)
      .map((items) => menu.buttonGroup({ editor, buttons }, items))
  }
}

function extensionsFor(config, language) {
  const { extensions, labels, linkTargets } = config
  const list = []
  for (const [name, options] of Object.entries(extensions)) {
    // The menu and the link tool are ours; anything the package does not export is skipped.
    if (name === "Menu" || name === "Link" || !prose[name]) continue
    list.push(typeof options === "object" ? prose[name].configure(options) : prose[name])
  }
  if (extensions.Link) {
    list.push(LinkPicker.configure({ ...extensions.Link, labels, linkTargets, language }))
  }
  list.push(prose.Menu.configure({ defaultItems: false, items: menuItems(labels) }))
  return list
}

// The editable area is named by the field's label and described by its help text.
function accessibleAttributes(textarea) {
  const attributes = { role: "textbox", "aria-multiline": "true" }
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`)
  if (label) {
    label.id ||= `${textarea.id}_label`
    attributes["aria-labelledby"] = label.id
  }
  const help = textarea.id && document.getElementById(`${textarea.id}_helptext`)
  if (help) attributes["aria-describedby"] = help.id
  return attributes
}

export function createEditor(textarea) {
  if (editors.has(textarea)) return editors.get(textarea)
  const config = JSON.parse(textarea.getAttribute(MARKER))
  const disabled = textarea.hasAttribute("disabled")
  const element = document.createElement("div")
  element.className = disabled ? "prose-editor disabled" : "prose-editor"
  textarea.before(element)
  element.append(textarea)

  let changed = false
  const sync = (editor) => {
    textarea.value = actuallyEmpty(editor.getHTML())
  }
  const editor = new prose.Editor({
    element,
    editable: !disabled,
    extensions: extensionsFor(config, languageOf(textarea)),
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes: accessibleAttributes(textarea) },
    onUpdate({ editor }) {
      changed = true
      sync(editor)
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  // The menu bar is built when the editor is created, after this constructor returns.
  editor.on("create", () => {
    const menubar = element.querySelector(".prose-menubar")
    menubar?.setAttribute("role", "toolbar")
    menubar?.setAttribute("aria-label", config.labels.toolbar)
  })
  // Every change is written back at once; the form's submit writes it once more, in case a
  // script (the language switch, a dialog) changed the document without an update event.
  // An untouched field is sent as it came, so that saving changes nothing in it.
  textarea.form?.addEventListener("submit", () => {
    if (changed) sync(editor)
  })
  editors.set(textarea, editor)
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  )
  return editor
}

function createAll(root) {
  for (const textarea of root.querySelectorAll(`textarea[${MARKER}]`)) {
    // The inline formsets' template row ("__prefix__") becomes a form only when copied.
    if (!textarea.id.includes("__prefix__")) createEditor(textarea)
  }
}

createAll(document)
// Rows added with "Add another" carry their own textareas.
document.addEventListener("formset:added", (event) => createAll(event.target))
