"""Read an admin form the way a browser would, so tests post back exactly what an editor
who opened the page would send (hidden fields and inline management forms included)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.data = False, {}
        self._textarea = self._select = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # The admin's model form is <form id="<model>_form">; its list, "changelist-form".
            self.inside = (attrs.get("id") or "").endswith(("_form", "changelist-form"))
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data[name] = attrs.get("value") or default
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in attrs
            self.data[name] = [] if self._multiple else ""
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value

    def handle_data(self, text):
        if self._textarea:
            self.data[self._textarea] += text

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def admin_form(client, url):
    """The fields of the admin change/add form (or editable list) at `url`, as its page
    shows them."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    reader = _FormReader()
    reader.feed(html)
    reader.data.pop("csrfmiddlewaretoken", None)
    assert reader.data, f"no admin model form on {url}"
    return reader.data
