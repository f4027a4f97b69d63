"""The portfolio's views, by subject; ``portfolio/urls.py`` maps them.

- ``overview``: the front page of a portfolio, the fieldwork log, starting an assignment
- ``entries``: a fieldwork entry: reading, writing, editing, deleting, earlier versions
- ``autosave``: the autosave while typing, and throwing it away
- ``values``: the values reflection and the growth between its versions
- ``attachments``: evidence: adding, the file and thumbnail, caption and consent, deleting
- ``sharing``: sharing the portfolio with members of the cohort
- ``privacy``: the privacy review of an entry or a reflection, and the list of real names
- ``data_rights``: the participant's own export of everything held about them

Each is a class-based view over ``portfolio.services`` (what changes state) and
``portfolio.queries`` (what pages read), with the access mixins of ``views.base``.
"""
