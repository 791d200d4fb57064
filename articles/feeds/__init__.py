"""Reading newsreader elsewhere: Atom feeds for feed readers, an OPDS catalogue for e-readers.

Both are behind a per-user feed token (models.FeedToken): in the URL for feed readers (they
cannot log in), as the password of HTTP Basic auth for e-readers (KOReader asks for one).

    models.py    the feed token
    sources.py   which articles a feed holds: a library view, a tag or a saved search
    atom.py      writing an Atom document (feeds and OPDS catalogues are both Atom)
    entries.py   an article as an Atom entry, for feed readers and for e-readers
    access.py    the token in the URL, and HTTP Basic auth by username and token
"""
