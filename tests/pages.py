"""A page in the tests' headless Chromium (the `browser` fixture, conftest.py)."""


def open_page(browser, url: str, width: int = 1280, height: int = 900):
    """A new page at url, with every console error and uncaught exception collected."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page
