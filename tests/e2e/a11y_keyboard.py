"""Drive a page with the keyboard only: Tab until a control has focus, checking every stop.

Every element that receives focus on the way must show a visible focus indicator (an outline or a
box-shadow while :focus-visible) and must itself be visible. Pages must not use a positive tabindex,
which would break the reading order.
"""

MAX_TABS = 120

_DESCRIBE = """el => {
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '').trim().slice(0, 60),
    focusVisible: el.matches(':focus-visible'),
    indicator: Boolean(outline || shadow),
    visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden',
    top: r.top + window.scrollY,
    dateInner: ['date', 'time'].includes(el.type) && !el.matches(':focus'),
  };
}"""


class KeyboardProblem(AssertionError):
    pass


def assert_no_positive_tabindex(page):
    bad = page.eval_on_selector_all(
        "[tabindex]", "els => els.filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80))"
    )
    if bad:
        raise KeyboardProblem(f"positive tabindex breaks the focus order: {bad}")


def focused(page):
    """A description of the focused element (None when nothing but the body has focus)."""
    handle = page.evaluate_handle("document.activeElement")
    if page.evaluate("el => el === document.body || el === null", handle):
        return None
    return page.evaluate(_DESCRIBE, handle)


def check_focus_visible(page):
    info = focused(page)
    if info and info["dateInner"]:
        # Chromium's own calendar button inside a date field: drawn by the browser, not by us.
        return info
    if info is None:
        return None
    if not info["visible"]:
        raise KeyboardProblem(f"focus is on an invisible element: {info}")
    if not info["indicator"]:
        raise KeyboardProblem(f"focus is not visible on {info['tag']} '{info['text']}'")
    return info


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, backwards=False, max_tabs=MAX_TABS):
    """Press Tab until ``locator`` has focus; every stop on the way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(max_tabs):
        page.keyboard.press(key)
        info = check_focus_visible(page)
        if info:
            path.append(info)
        if is_focused(locator):
            return path
    stops = ", ".join(f"{p['tag']}:{p['text'][:25]}" for p in path[-8:])
    raise KeyboardProblem(f"{locator} never got focus after {max_tabs} × {key}; last: {stops}")


def type_into(page, locator, text):
    """Tab to a field and type into it."""
    tab_to(page, locator)
    page.keyboard.type(text)


def activate(page, locator, key="Enter"):
    """Tab to a control and press Enter (links, buttons) or Space (checkboxes, radios)."""
    tab_to(page, locator)
    page.keyboard.press(key)
