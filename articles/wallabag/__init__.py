"""wallabag API v2, spoken exactly, so wallabag's own clients work with newsreader unchanged:
KOReader's wallabag plugin, the wallabag Android and iOS apps, command-line clients.

The protocol is fixed and foreign (/work/shared/formats/IMPORTS-AND-API.md, section C), so it is
written as plain Django views rather than through newsreader's own API framework:

    models.py     API clients (id and hashed secret) and the OAuth tokens they are given
    oauth.py      /oauth/v2/token: the password and refresh_token grants
    auth.py       Bearer tokens on every API request; failures counted per address
    params.py     reading the clients' parameters (query, form or JSON), with 400s that say why
    serialise.py  entries, tags and the paged list envelope, in wallabag's exact types
    lookup.py     finding entries by URL (exists, update-or-create)
    views.py      one function per endpoint and method
"""
