"""The Streamlit side of the app, shared by the pages: session keys, the page shell, cards, refine, settings.

``pages/`` holds only pages (each reads widgets, calls ``matcher``'s public API and draws); what they share
lives here, one module per concern:

- ``ui.session``: every session-state key the app uses, and ``forget()`` (Start over, Quick exit).
- ``ui.state``: the person's answers, the shortlist and the session's ranking memo.
- ``ui.shell``: the crisis banner and help box, quick exit, start over, the page shell, in-page links.
- ``ui.cards``: the listing card and its facts, call and directions links.
- ``ui.refine``: the refine bar and the relax offers.
- ``ui.config``: deployer settings and secrets, the cached directory, the misconfigured message.
- ``ui.text``: Markdown escaping and the wording helpers (plurals, time-of-day labels).

Imports go one way: pages -> ui -> matcher.
"""
