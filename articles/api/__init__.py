"""newsreader's own API, at /api/v1/ (django-ninja).

urls.py       the API object, its routers, its docs; mounted by newsreader/urls.py
auth.py       personal access tokens (Bearer) or the session with CSRF; rate limits
errors.py     one JSON shape for every error
schemas.py    what comes in and goes out, typed (the OpenAPI document is built from these)
articles.py   list (views, tags, search, keyset pages), save, read, change, delete
tags.py  searches.py  transfers.py (imports and exports)
models.py     PersonalToken
"""
