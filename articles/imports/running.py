"""The import job: the file's entries become the user's articles, a batch at a time.

- Idempotent: an entry whose normalised URL the user already has is "already saved" (its tags
  are added, nothing else changes), so importing a file twice creates nothing the second time.
- Resumable: each batch commits its articles together with the count of entries read, so a job
  whose worker was killed starts again after the last committed batch.
- Cancellable: each batch first locks the import's row and stops if the user cancelled.
- Honest: every entry that is not imported is recorded with the reason (the report), and no read
  date is ever made up: state dates come from the file, or else from the saved date.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import batched, islice

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.imports import formats
from articles.imports.fetches import queue_fetches
from articles.imports.formats import Entry, ImportFileError, Source
from articles.imports.models import Import, ImportedArticle, ImportedHighlight, ImportProblem
from articles.ingest.clean import clean, count_words, html_to_text, plain_text, reading_minutes
from articles.ingest.errors import InvalidURL
from articles.ingest.urls import normalize_url, read_url
from articles.models import Article
from articles.tagging import MAX_TAG_LENGTH, tags_for_names

log = logging.getLogger(__name__)
# A batch is one transaction: a step of the progress page (which polls every 1.5 s), the most
# a killed worker does again, and how long a cancel waits. Fewer, larger batches cost fewer
# statements and round trips; 1,000 rows still land several times a second.
BATCH_SIZE = 1000
MAX_EXCERPT = 500
Pairs = list[tuple[Article, Entry]]
Wanted = dict[str, tuple[Entry, str]]  # the articles a batch names: key -> (entry, its URL)


def run_import(job_id: int, progress: Callable[[Import], None] | None = None) -> Import | None:
    """Import (or go on importing) the file of this import; returns it as it ended."""
    started = Import.objects.filter(
        pk=job_id, state__in=[Import.State.QUEUED, Import.State.RUNNING]
    ).update(state=Import.State.RUNNING, heartbeat_at=timezone.now())
    job = Import.objects.select_related("owner").filter(pk=job_id).first()
    if not started or job is None:
        return job
    try:
        with job.file.open("rb") as file:
            source = Source(file, job.file_name)
            entries = islice(formats.by_name(job.format).read(source), job.rows_read, None)
            for batch in batched(entries, BATCH_SIZE):
                if not _import_batch(job, batch):
                    return Import.objects.get(pk=job.pk)  # cancelled
                if progress:
                    progress(Import.objects.get(pk=job.pk))
    except ImportFileError as error:
        return _finish(job, Import.State.FAILED, f"{error} Everything before it was imported.")
    return _finish(job, Import.State.DONE)


def _finish(job: Import, state: str, error: str = "") -> Import:
    Import.objects.filter(pk=job.pk, state=Import.State.RUNNING).update(
        state=state, error=error, finished_at=timezone.now()
    )
    job.refresh_from_db()
    job.delete_file()  # the file is not needed any more; the report stays
    return job


def _import_batch(job: Import, entries: tuple[Entry, ...]) -> bool:
    with transaction.atomic():
        # The batch's commit does not wait for the disk (the server still writes it within a
        # fraction of a second): a crash before that loses the batch whole, rows_read with it,
        # and the job does the batch again. _finish's commit waits, for every batch before it.
        # Forty waits for the disk were 0.6 to 1.6 s of a 20,000-row file on a loaded machine.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
        if Import.objects.select_for_update().get(pk=job.pk).state != Import.State.RUNNING:
            return False
        outcome = store_entries(job, entries)
        Import.objects.filter(pk=job.pk).update(
            rows_read=F("rows_read") + len(entries),
            created=F("created") + len(outcome.created),
            already_saved=F("already_saved") + outcome.already_saved,
            skipped=F("skipped") + len(outcome.problems),
            heartbeat_at=timezone.now(),
        )
        pending = [a for a in outcome.created if a.status == Article.Status.PENDING]
        queue_fetches(pending)  # with the batch: a committed article always has its fetch
    return True


@dataclass
class Outcome:
    created: list[Article] = field(default_factory=list)
    already_saved: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


def store_entries(job: Import, entries: Iterable[Entry]) -> Outcome:
    """One batch, inside the caller's transaction, in a handful of statements whatever its
    size: one lookup of the links the user already has, one insert of the new articles, one of
    their tags (and one of the tags the file gives articles already saved)."""
    outcome = Outcome()
    wanted: Wanted = {}
    for entry in entries:
        url, problem = _checked_url(entry)
        if problem:
            outcome.problems.append(
                ImportProblem(
                    job=job,
                    where=entry.where,
                    url=entry.url[:2048],
                    title=entry.title[:500],
                    reason=problem,
                )  # fmt: skip
            )
            continue
        key = normalize_url(url) if url else _note_key(entry)
        if key in wanted:
            _merge(wanted[key][0], entry)
            outcome.already_saved += 1
        else:
            wanted[key] = (entry, url)  # the file's first wins
    saved: list[tuple[int, Entry]] = []  # (the article the user has, the entry naming it again)
    for key, article_id in _existing(job.owner, wanted).items():
        saved.append((article_id, wanted.pop(key)[0]))
    distinct = len(wanted) + len(saved)
    created = _create(job, wanted, saved)
    outcome.created = [article for article, _ in created]
    outcome.already_saved += distinct - len(created)
    _attach(job, created)
    _add_tags(job, saved)
    ImportProblem.objects.bulk_create(outcome.problems)
    return outcome


def _checked_url(entry: Entry) -> tuple[str, str]:
    """(the entry's URL as read, "") or ("", why the entry is skipped)."""
    if entry.skip_reason:
        return "", f"Skipped: {entry.skip_reason}."
    if not entry.url:
        return "", "" if entry.content_html is not None else "Skipped: no link."
    try:
        return read_url(entry.url), ""
    except InvalidURL as error:
        return "", f"Skipped: {error}"


def _note_key(entry: Entry) -> str:
    # An article without a link (a pasted page, a note) is recognised by its title and date.
    return f"note:{entry.title}:{entry.saved_at.isoformat() if entry.saved_at else ''}"


def _merge(kept: Entry, again: Entry) -> None:
    """The same article twice in one file: one article with everything both copies say."""
    kept.tags += [t for t in again.tags if t.casefold() not in {k.casefold() for k in kept.tags}]
    kept.archived |= again.archived
    kept.starred |= again.starred
    if again.saved_at and (kept.saved_at is None or again.saved_at < kept.saved_at):
        kept.saved_at = again.saved_at


def _existing(owner, wanted: dict) -> dict[str, int]:
    keys = [k for k in wanted if not k.startswith("note:")]
    found = dict(
        Article.objects.for_user(owner)
        .filter(normalized_url__in=keys)
        .values_list("normalized_url", "id")
    )
    notes = [entry for key, (entry, _) in wanted.items() if key.startswith("note:")]
    for entry in notes:
        match = Article.objects.for_user(owner).filter(
            normalized_url="", title=entry.title[:500], created_at=entry.saved_at
        )
        if entry.saved_at and (article_id := match.values_list("id", flat=True).first()):
            found[_note_key(entry)] = article_id
    return found


def _article(job: Import, entry: Entry, url: str, key: str) -> Article:
    now = timezone.now()
    saved = entry.saved_at or now
    article = Article(
        owner_id=job.owner_id,
        given_url=_given_url(entry) or url,
        url=url,
        normalized_url="" if key.startswith("note:") else key,
        title=plain_text(entry.title, 500) or url[:500] or "Untitled",
        byline=plain_text(entry.byline, 300),
        site_name=plain_text(entry.site_name, 200),
        excerpt=plain_text(entry.excerpt, MAX_EXCERPT),
        language=plain_text(entry.language, 35),
        published_at=entry.published_at,
        lead_image_url=entry.lead_image_url
        if entry.lead_image_url.startswith(("https://", "http://"))
        else "",
        created_at=saved,
        archived_at=(entry.archived_at or saved) if entry.archived else None,
        starred_at=(entry.starred_at or saved) if entry.starred else None,
        read_at=entry.read_at if entry.read else None,
        reading_progress=entry.progress or 0.0,
        status=Article.Status.PENDING,
    )
    if entry.content_html:
        _set_content(article, entry.content_html, url)
    return article


def _given_url(entry: Entry) -> str:
    try:
        return read_url(entry.given_url) if entry.given_url else ""
    except InvalidURL:
        return ""


def _set_content(article: Article, html: str, url: str) -> None:
    """Content from the file goes through the one sanitiser, like a pasted page."""
    content = clean(html, url)
    text = html_to_text(content)
    if not text.strip():
        return  # nothing readable: fetch the page instead
    article.content_html = content
    article.content_text = text
    article.word_count = count_words(text)
    article.reading_minutes = reading_minutes(article.word_count)
    article.excerpt = article.excerpt or plain_text(text.split("\n\n", 1)[0], MAX_EXCERPT)
    article.status = Article.Status.READY


def _create(job: Import, new: Wanted, saved: list[tuple[int, Entry]]) -> Pairs:
    """Insert the new articles, with their tags, in one statement each. Should someone save one
    of these links while the batch was being read (the unique constraint says so), the links
    saved meanwhile join `saved` and the rest are inserted again."""
    built: dict[str, Article] = {}  # each article is built once, however many attempts
    while new:
        try:
            with transaction.atomic():
                ids = _new_ids(len(new))
                _add_tags(job, list(zip(ids, [entry for entry, _ in new.values()], strict=True)))
                return _copy_in(job, new, ids, built)  # after the tags: see _new_ids
        except IntegrityError:
            found = _existing(job.owner, new)
            if not found:
                created = _create_one_by_one(job, new, built)
                _add_tags(job, [(article.pk, entry) for article, entry in created])
                return created
            for key, article_id in found.items():
                saved.append((article_id, new.pop(key)[0]))
    return []


def _new_ids(count: int) -> list[int]:
    """Ids for new articles before they are inserted, so their tags can go in first (the
    foreign keys are checked at commit). The insert's trigger then builds each search head with
    its tags; tags added afterwards would rewrite every article, and its sixteen indexes, a
    second time to put them in."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Article._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_in(job: Import, new: Wanted, ids: list[int], built: dict[str, Article]) -> Pairs:
    """Build the new articles and insert them with COPY, each as it is built: the server inserts
    the rows streamed so far (its triggers and indexes, the larger part of an import of links)
    while Python builds the next ones. Each field's value is what save() and bulk_create()
    write (pre_save hashes the links, sanitises, stamps updated_at), without bulk_create's
    quoting of every value into the statement's text (1.7 s of Python for 20,000 links)."""
    fields = Article._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {Article._meta.db_table} ({columns}) FROM STDIN"
    created = []
    # wrap_database_errors: a unique violation is Django's IntegrityError, as from execute().
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.copy(statement) as copy,
    ):
        for pk, (key, (entry, url)) in zip(ids, new.items(), strict=True):
            if key not in built:
                built[key] = _article(job, entry, url, key)
            article = built[key]
            article.pk = pk
            copy.write_row([field.pre_save(article, True) for field in fields])
            created.append((article, entry))
    for article, _ in created:
        article._state.adding, article._state.db = False, connection.alias
    return created


def _create_one_by_one(job: Import, new: Wanted, built: dict[str, Article]) -> Pairs:
    # A conflict the lookup cannot explain (a note saved twice at once): each article alone,
    # and the one that conflicts is already saved.
    created = []
    for key, (entry, url) in new.items():
        article = built.get(key) or _article(job, entry, url, key)
        try:
            with transaction.atomic():
                article.pk = None
                article.save()
            created.append((article, entry))
        except IntegrityError:
            continue
    return created


def _attach(job: Import, created: Pairs) -> None:
    """What goes with the new articles: the import's record of them, and highlights."""
    _insert_rows(
        ImportedArticle,
        {
            "job_id": ("bigint", [job.pk] * len(created)),
            "article_id": ("bigint", [a.pk for a, _ in created]),
            "where": ("text", [e.where[:100] for _, e in created]),
        },
    )
    ImportedHighlight.objects.bulk_create(
        [
            ImportedHighlight(article=a, quote=h.quote, note=h.note, created_at=h.created_at)
            for a, e in created
            for h in e.highlights
        ]
    )


def _add_tags(job: Import, pairs: list[tuple[int, Entry]]) -> None:
    """The file's tags on these articles (new or already saved: (article id, entry)), in one
    statement: a tag the user has is found by its name (ignoring case), a missing one is
    created once."""
    names = list({n.lower(): n for _, e in pairs for n in _tag_names(e)}.values())
    tags = dict(zip([n.lower() for n in names], tags_for_names(job.owner_id, names), strict=True))
    ids = [(pk, tags[n.lower()].pk) for pk, e in pairs for n in _tag_names(e)]
    _insert_rows(
        Article.tags.through,
        {"article_id": ("bigint", [a for a, _ in ids]), "tag_id": ("bigint", [t for _, t in ids])},
    )


def _insert_rows(model, columns: dict[str, tuple[str, list]]) -> None:
    """Rows of a few columns ({column: (SQL type, values)}) in one statement, leaving out those
    already there: bulk_create prepares every field of every object in Python, which costs an
    import of 20,000 links about a second per table."""
    if not any(values for _, values in columns.values()):
        return
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for sql_type, _ in columns.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({names}) SELECT * FROM unnest({arrays})"
            " ON CONFLICT DO NOTHING",
            [values for _, values in columns.values()],
        )


def _tag_names(entry: Entry) -> list[str]:
    names, seen = [], set()
    for raw in entry.tags:
        name = " ".join(raw.split())[:MAX_TAG_LENGTH].strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names
