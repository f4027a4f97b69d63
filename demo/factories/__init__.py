"""factory_boy factories, one module per app (``demo.factories.portfolio`` for ``portfolio``)."""
