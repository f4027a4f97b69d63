"""HTML forms as a browser submits them: shared by the load scenario and `make scale`."""

import random
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """Collects the fields of every <form> on a page as the browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": [], "radios": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox",):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind == "radio":
                self._form["radios"].setdefault(name, [])
                self._form["radios"][name].append((a.get("value", ""), "checked" in a))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((name, a.get("value", "")))
            elif kind == "submit" and a.get("value"):
                self._form.setdefault("submits", []).append((name, a["value"]))
        elif tag == "button" and name and a.get("value") is not None:
            self._form.setdefault("submits", []).append((name, a["value"]))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["selected"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            for value in self._select["selected"]:
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_data(form, choose_radios=False, extra=()):
    data = list(form["fields"])
    for name, options in form["radios"].items():
        checked = [v for v, c in options if c]
        if checked:
            data.append((name, checked[0]))
        elif choose_radios and options:
            data.append((name, random.choice(options)[0]))
    data.extend(extra)
    return data
