"""Imports: the export files of Pocket, Instapaper, wallabag, Omnivore, browsers, Readwise,
Karakeep and newsreader itself, turned into the user's articles by a background job.

    formats/    pure Python: a file -> Entry records (no Django; tested on hand-written files)
    models.py   Import (one upload, its progress and its report) and ImportedHighlight
    running.py  the job: entries -> articles in batches, idempotent and resumable
    tasks.py    the background task, and the one function that queues page fetches
"""
