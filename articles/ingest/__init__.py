"""Ingestion: fetch (the only network access) -> extract (readability, metadata, sanitiser) ->
store (saving.py). Everything but saving.py works without Django's database, so extraction can
be benchmarked and tested on saved pages alone."""
