"""Tools for developers and tests; never imported by the site itself."""
