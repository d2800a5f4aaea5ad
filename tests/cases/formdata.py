"""Read an admin page's form back as a browser would send it (inputs, selects, textareas)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, str | list[str]] = {}
        self._select: str | None = None
        self._select_multiple = False
        self._textarea: str | None = None

    def _put(self, name: str, value: str, *, many: bool = False) -> None:
        if many:
            existing = self.data.setdefault(name, [])
            assert isinstance(existing, list)
            existing.append(value)
        else:
            self.data[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._put(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image"):
                self._put(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            if not self._select_multiple:
                self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self._put(self._select, a.get("value", ""), many=self._select_multiple)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            value = self.data[self._textarea]
            assert isinstance(value, str)
            self.data[self._textarea] = value + data.lstrip("\n") if not value else value + data


def form_data(html: str, form_id: str) -> dict[str, str | list[str]]:
    """Return the fields of the form with this id, filled in as the page shows them."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data
