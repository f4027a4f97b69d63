"""Demo content of the PDF app: nothing to seed; PDFs are made on request and cached."""


def seed(stdout, **context):
    stdout("  PDFs are rendered on request (nothing to seed)")
    return {}
