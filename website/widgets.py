from django import forms


class RichTextWidget(forms.Textarea):
    """A textarea that static/js/rich-text-editor.js turns into a small editor.

    Without JavaScript it stays a textarea of HTML. Whatever it sends is sanitised on save
    (website.richtext), so the editor is a convenience, not a safeguard.
    """

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"class": "rich-text", "rows": 8, **(attrs or {})})

    class Media:
        js = ["js/rich-text-editor.js"]
        css = {"all": ["css/rich-text-editor.css"]}
