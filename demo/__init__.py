"""Demo content and the factories shared by tests, the bench and ``seed_demo``.

Installed by the dev and test settings only, never in production. This app sits above every
other one: it may import them all, and none of them may import it.
"""
