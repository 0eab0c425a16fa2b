/* The rich-text editor's link tool: editors choose a programme, exhibition or document by its
   title (from the staff-only list at bzkmemory/link_targets.py), or type an external https
   address. Internal links are stored as the item's public path, /programmas/<slug>/.

   The list is an ARIA combobox: type to search, arrow keys to move, Enter to choose, Escape to
   close. Its words come from the widget (website/widgets.py), in the editor's language. */
import { Link } from "django-prose-editor/editor"

let dialogCount = 0

const element = (tag, properties = {}, children = []) => {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(properties)) {
    if (/^(aria-|data-|role$|for$)/.test(name)) node.setAttribute(name, value)
    else node[name] = value
  }
  node.append(...children)
  return node
}

// What the server's sanitiser keeps and the site means: https, mail, or a path of this site.
const acceptable = (address) => /^(https:\/\/\S+|mailto:\S+|\/(?!\/)\S*)$/i.test(address)

/* Opens the dialog; resolves with {href, text} or null when the editor cancels. */
function chooseLink({ labels, linkTargets, language }, currentHref) {
  return new Promise((resolve) => {
    const id = `link-picker-${++dialogCount}`
    const search = element("input", {
      id: `${id}-search`,
      type: "text",
      autocomplete: "off",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": `${id}-list`,
      "aria-describedby": `${id}-search-help`,
    })
    const list = element("ul", {
      id: `${id}-list`,
      className: "link-picker__list",
      role: "listbox",
      "aria-label": labels.search,
      hidden: true,
    })
    const status = element("p", { className: "link-picker__status", role: "status" })
    const address = element("input", {
      id: `${id}-address`,
      type: "url",
      inputMode: "url",
      // An existing link's address, internal or not, so the editor sees where it leads.
      value: currentHref,
      "aria-describedby": `${id}-address-help`,
    })
    const problem = element("p", { className: "errornote link-picker__problem", hidden: true })
    const apply = element("button", {
      type: "submit",
      className: "default",
      textContent: labels.apply,
    })
    const cancel = element("button", { type: "button", textContent: labels.cancel })
    const field = (children) => element("div", { className: "prose-editor-dialog-field" }, children)
    const label = (input, text) => element("label", { for: input.id, textContent: text })
    const help = (input, text) =>
      element("p", { id: `${input.id}-help`, className: "help", textContent: text })
    const form = element("form", { method: "dialog" }, [
      element("h2", {
        id: `${id}-title`,
        className: "prose-editor-dialog-title",
        textContent: labels.linkDialog,
      }),
      // Without the list (no address for it) only an address can be typed.
      ...(linkTargets
        ? [
            field([
              label(search, labels.search),
              search,
              help(search, labels.searchHelp),
              list,
              status,
            ]),
          ]
        : []),
      field([
        label(address, labels.external),
        address,
        help(address, labels.externalHelp),
        problem,
      ]),
      element("div", { className: "prose-editor-dialog-buttons" }, [apply, cancel]),
    ])
    const dialog = element(
      "dialog",
      { className: "prose-editor-dialog link-picker", "aria-labelledby": `${id}-title` },
      [form],
    )

    let results = []
    let active = -1
    let request = 0
    let timer = null
    let chosen = null

    const setActive = (index) => {
      active = index
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", String(i === index))
        option.classList.toggle("link-picker__option--active", i === index)
        if (i === index) option.scrollIntoView({ block: "nearest" })
      })
      if (index >= 0) search.setAttribute("aria-activedescendant", `${id}-option-${index}`)
      else search.removeAttribute("aria-activedescendant")
    }

    const show = (items) => {
      // A later answer (the last words typed) keeps the option the editor has moved to.
      const current = results[active]
      results = items
      list.replaceChildren(
        ...items.map((item, index) =>
          element(
            "li",
            {
              id: `${id}-option-${index}`,
              role: "option",
              "aria-selected": "false",
              className: "link-picker__option",
            },
            [
              element("span", { className: "link-picker__title", textContent: item.title }),
              " ",
              element("span", { className: "link-picker__kind", textContent: item.kind }),
              ...(item.public
                ? []
                : [
                    " ",
                    element("span", {
                      className: "link-picker__draft",
                      textContent: labels.notPublic,
                    }),
                  ]),
            ],
          ),
        ),
      )
      list.hidden = !items.length
      search.setAttribute("aria-expanded", String(!!items.length))
      status.textContent = items.length ? "" : labels.noResults
      setActive(current ? items.findIndex((item) => item.url === current.url) : -1)
    }

    const load = async () => {
      const mine = ++request
      status.textContent = labels.searching
      const url = new URL(linkTargets, window.location.href)
      url.search = new URLSearchParams({ q: search.value.trim(), lang: language })
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
        if (!response.ok) throw new Error(String(response.status))
        const data = await response.json()
        if (mine === request) show(data.results)
      } catch {
        if (mine === request) {
          show([])
          status.textContent = labels.failed
        }
      }
    }

    const choose = (index) => {
      const item = results[index]
      if (!item) return
      chosen = { href: item.url, text: item.title }
      dialog.close()
    }

    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(load, 200)
    })
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && results.length) {
        event.preventDefault()
        setActive((active + 1) % results.length)
      } else if (event.key === "ArrowUp" && results.length) {
        event.preventDefault()
        setActive(active <= 0 ? results.length - 1 : active - 1)
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault()
        choose(active)
      }
    })
    list.addEventListener("mousedown", (event) => event.preventDefault())
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]")
      if (option) choose([...list.children].indexOf(option))
    })
    form.addEventListener("submit", (event) => {
      const typed = address.value.trim()
      if (!typed) return // Nothing typed: the dialog closes and nothing changes.
      if (!acceptable(typed)) {
        event.preventDefault()
        problem.textContent = labels.externalInvalid
        problem.hidden = false
        address.setAttribute("aria-invalid", "true")
        address.focus()
        return
      }
      chosen = { href: typed, text: typed }
    })
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      clearTimeout(timer)
      dialog.remove()
      resolve(chosen)
    })

    // Outside the admin's form: a form inside a form would submit the wrong one.
    document.body.append(dialog)
    dialog.showModal()
    if (linkTargets) load()
  })
}

export const LinkPicker = Link.extend({
  // Text typed right after a link is not part of it (Tiptap's links grow when autolink is on).
  inclusive() {
    return false
  },

  addOptions() {
    return { ...this.parent?.(), labels: {}, linkTargets: "", language: "nl" }
  },

  addMenuItems({ menu, buttons }) {
    const { labels } = this.options
    const button = buttons.text(labels.link, labels.link)
    menu.defineItem({
      name: "link",
      groups: "link",
      button,
      command: (editor) => editor.commands.addLink(),
      active: (editor) => editor.isActive("link"),
      update: (editor) => button.setAttribute("aria-pressed", String(editor.isActive("link"))),
    })
    menu.defineItem({
      name: "unlink",
      groups: "link",
      button: buttons.text(labels.unlink, labels.unlink),
      command: (editor) => editor.chain().focus().extendMarkRange("link").unsetLink().run(),
      hidden: (editor) => !editor.isActive("link"),
    })
  },

  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          const current = editor.getAttributes(this.name).href || ""
          chooseLink(this.options, current).then((link) => {
            if (!link) {
              editor.commands.focus()
              return
            }
            const chain = editor.chain().focus()
            if (editor.isActive(this.name)) {
              chain.extendMarkRange(this.name).setLink({ href: link.href }).run()
            } else if (editor.state.selection.empty) {
              // Nothing selected: the item's title becomes the link's text.
              chain
                .insertContent({
                  type: "text",
                  text: link.text,
                  marks: [{ type: this.name, attrs: { href: link.href } }],
                })
                .unsetMark(this.name)
                .run()
            } else {
              chain.setLink({ href: link.href }).run()
            }
          })
          return true
        },
    }
  },
})
