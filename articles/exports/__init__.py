"""Exports: the library, a tag, a search result, a selection or one article, as JSON (lossless,
re-importable), CSV, bookmarks HTML, Markdown (a ZIP with front matter) or EPUB 3.

    scope.py    what to export, read back from a request or an Export row
    rows.py     the articles in saved order, a chunk at a time, with their tags and highlights
    formats/    one module per format: chunks(articles) -> bytes, in pieces (streams)
    models.py   Export: one prepared in the background, its file and its expiry
    tasks.py    the background job
"""
