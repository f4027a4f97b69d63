"""The demo course that ``seed_demo`` builds: one module per app, each with ``seed()``."""
