"""Reading an uploaded file without trusting it: ZIP limits, text encodings, CSV and JSON.

Nothing here extracts anything to disk: ZIP members are read by name, in memory, in pieces, so a
member called "../../etc/passwd" could do no harm; such a file is refused all the same, because no
real export contains one and its sender meant something.
"""

import codecs
import csv
import io
import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO

import charset_normalizer

from articles.imports.formats.entry import ImportFileError

SNIFF_BYTES = 64 * 1024
MAX_MEMBERS = 250_000  # an Omnivore export of 100,000 articles has about 105,000
MAX_UNZIPPED_BYTES = 4 * 2**30
MAX_RATIO = 200  # real exports compress text about 5-20 times; bombs a thousand times and more
MAX_JSON_ITEM_CHARS = 64 * 2**20
CSV_FIELD_LIMIT = 32 * 2**20
csv.field_size_limit(CSV_FIELD_LIMIT)

NOT_READABLE = "This file is not an export newsreader can read."
TOO_DEEP = "The JSON file is nested too deeply to be an export."


class Source:
    """An uploaded file: a seekable binary file object and the name the user gave it."""

    def __init__(self, file: IO[bytes], name: str = ""):
        self.file = file
        self.name = name
        self._zip: SafeZip | None = None
        file.seek(0)
        self.head = file.read(SNIFF_BYTES)
        if not self.head:
            raise ImportFileError("The file is empty.")

    @property
    def is_zip(self) -> bool:
        return self.head.startswith((b"PK\x03\x04", b"PK\x05\x06"))

    def zip(self) -> "SafeZip":
        if self._zip is None:
            self._zip = SafeZip(self.file)
        return self._zip

    def text(self) -> IO[str]:
        """The whole file as text, decoded in pieces."""
        self.file.seek(0)
        return open_text(self.file, self.head)

    def head_text(self) -> str:
        """The first 64 KB as text (for recognising the format); nothing for a ZIP."""
        return "" if self.is_zip else decode_sample(self.head)


class SafeZip:
    """A ZIP archive whose listing was checked: not truncated, no bombs, no strange paths."""

    def __init__(self, file: IO[bytes]):
        try:
            self.archive = zipfile.ZipFile(file)
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise ImportFileError(
                "This ZIP file is damaged or incomplete (was the download cut short?). "
                "Download the export again and upload the new file."
            ) from None
        if len(members) > MAX_MEMBERS:
            raise ImportFileError(f"This ZIP file holds more than {MAX_MEMBERS:,} files.")
        total = 0
        for member in members:
            if _unsafe_path(member.filename):
                raise ImportFileError(
                    "This ZIP file contains paths that point outside it "
                    f"(“{member.filename[:80]}”), which no export has. It was not imported."
                )
            if member.flag_bits & 0x1:
                raise ImportFileError("This ZIP file is password-protected.")
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_UNZIPPED_BYTES or (member.file_size > 2**20 and ratio > MAX_RATIO):
                raise ImportFileError(
                    "This ZIP file unpacks to far more than any export could hold "
                    "(a “ZIP bomb”). It was not imported."
                )
        self.names = [m.filename for m in members if not m.is_dir()]

    def read(self, name: str) -> bytes:
        try:
            return self.archive.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as error:
            raise ImportFileError(
                f"“{name}” inside the ZIP file is damaged ({error}). "
                "Download the export again and upload the new file."
            ) from None

    def text(self, name: str) -> str:
        data = self.read(name)
        return data.decode(sniff_encoding(data[:SNIFF_BYTES]), errors="replace")

    def open_text(self, name: str) -> IO[str]:
        data = self.read(name)
        return open_text(io.BytesIO(data), data[:SNIFF_BYTES])


def _unsafe_path(name: str) -> bool:
    normal = posixpath.normpath(name.replace("\\", "/"))
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")  # C:\...
        or normal == ".."
        or normal.startswith("../")
        or "\x00" in name
    )


# -- text ------------------------------------------------------------------------------


def sniff_encoding(sample: bytes) -> str:
    """UTF-8 (with or without its mark) or UTF-16 by their marks, else the best guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in sample:
        raise ImportFileError(NOT_READABLE + " It looks like a binary file, not text.")
    best = charset_normalizer.from_bytes(sample).best()
    return best.encoding if best is not None else "cp1252"


def decode_sample(sample: bytes) -> str:
    return sample.decode(sniff_encoding(sample), errors="replace")


def open_text(file: IO[bytes], head: bytes) -> IO[str]:
    # Bytes that are not valid in the file's encoding become U+FFFD: the row keeps the rest of
    # its text, and a URL so damaged is reported as not a link rather than losing the file.
    encoding = sniff_encoding(head)
    return io.TextIOWrapper(_Borrowed(file), encoding=encoding, errors="replace", newline="")


class _Borrowed(io.BufferedIOBase):
    """The file as a text wrapper reads it, left open when the wrapper goes: several readers
    take turns on one upload (recognising the format, then reading it)."""

    def __init__(self, file: IO[bytes]):
        super().__init__()
        self._file = file

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._file.read(-1 if size is None else size)

    read1 = read


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # below the space, but tab and newline


def clean_text(value) -> str:
    """A text field from a file: a string, NUL and other control characters removed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _CONTROL.sub("", text).strip()


# -- CSV -------------------------------------------------------------------------------


def csv_header(text: str) -> list[str]:
    """The lower-cased column names of the CSV whose beginning this is ([] if not a CSV)."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    try:
        row = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return []
    return [name.strip().lower() for name in row]


def has_columns(text: str, columns: set[str]) -> bool:
    """Whether the CSV starting with this text has all these (lower-case) columns."""
    return set(csv_header(text)) >= columns


def csv_rows(stream: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {lower-cased column: text}) for each data row.

    Columns are found by name, never by position: Pocket and Instapaper each have two header
    generations. Quoted fields may hold newlines (a real RFC 4180 parser, not line splitting).
    """
    reader = csv.reader(stream)
    try:
        header = [name.strip().lower().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as error:
        raise ImportFileError(f"The CSV file cannot be read: {error}.") from None
    row_number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                f"The CSV file is damaged after row {row_number}: {error}."
            ) from None
        row_number += 1
        if not any(v.strip() for v in values):
            continue
        yield row_number, {name: _cell(value) for name, value in zip(header, values, strict=False)}


def _cell(value: str) -> str:
    # A spreadsheet formula is only text here. Exports that guard formulas write "'=..."; the
    # guard is not part of the value.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    return clean_text(value)


# -- HTML ------------------------------------------------------------------------------


def parsed_in_pieces(stream: IO[str], parser) -> Iterator:
    """Feed an HTMLParser the file 64 KB at a time, yielding what it has found after each
    piece (its `take()`), so a bookmark file of any size is read in constant memory."""
    while chunk := stream.read(1 << 16):
        parser.feed(chunk)
        yield from parser.take()
    parser.close()
    yield from parser.take()


# -- JSON ------------------------------------------------------------------------------


def json_array_items(stream: IO[str], chunk_chars: int = 1 << 16) -> Iterator[object]:
    """The elements of a top-level JSON array, one at a time, without reading the whole file
    into memory (a wallabag export with content runs to hundreds of megabytes)."""
    decoder = json.JSONDecoder()
    buffer, pos, eof = "", 0, False

    def more() -> bool:
        nonlocal buffer, pos, eof
        if eof:
            return False
        chunk = stream.read(chunk_chars)
        if not chunk:
            eof = True
            return False
        buffer = buffer[pos:] + chunk
        pos = 0
        return True

    def skip_space() -> str:
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n\ufeff":
                pos += 1
            if pos < len(buffer):
                return buffer[pos]
            if not more():
                return ""

    if skip_space() != "[":
        raise ImportFileError(NOT_READABLE + " (A JSON list was expected.)")
    pos += 1
    first = True
    while True:
        char = skip_space()
        if char == "]":
            return
        if not first:
            if char != ",":
                raise ImportFileError(_json_damaged(char))
            pos += 1
            skip_space()
        while True:
            try:
                item, end = decoder.raw_decode(buffer, pos)
                break
            except RecursionError:
                raise ImportFileError(TOO_DEEP) from None
            except json.JSONDecodeError as error:
                if len(buffer) - pos > MAX_JSON_ITEM_CHARS:
                    raise ImportFileError(
                        "The JSON file holds an entry larger than 64 MB, or is damaged."
                    ) from None
                if not more():
                    raise ImportFileError(_json_damaged("", error)) from None
        pos = end
        first = False
        yield item


def json_document(stream: IO[str], limit_chars: int = 256 * 2**20) -> object:
    """A whole JSON document (formats whose top level is an object), up to a size limit."""
    text = stream.read(limit_chars + 1)
    if len(text) > limit_chars:
        raise ImportFileError("This JSON file is too large to import in one piece.")
    try:
        return json.loads(text)
    except RecursionError:
        raise ImportFileError(TOO_DEEP) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(_json_damaged("", error)) from None


def _json_damaged(char: str, error: Exception | None = None) -> str:
    detail = f" ({error.msg})" if isinstance(error, json.JSONDecodeError) else ""
    return f"The JSON file is damaged or cut short{detail}. Download the export again."


# -- values ----------------------------------------------------------------------------


def from_timestamp(value) -> datetime | None:
    """A Unix time in seconds, milliseconds or microseconds (bookmark files use all three)."""
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number <= 0:
        return None
    for divisor in (1, 1e3, 1e6, 1e9):
        if number / divisor < 1e11:  # 1e11 seconds is the year 5138
            try:
                return datetime.fromtimestamp(number / divisor, UTC)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def from_iso(value) -> datetime | None:
    """An ISO 8601 date (with "Z", "+0200" or "+02:00", with or without fractions); a date
    without a zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_any_date(value) -> datetime | None:
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        return from_timestamp(value)
    return from_iso(value)


def truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "on")
    return bool(value)


def fraction(value, scale: float = 1.0) -> float | None:
    """Reading progress as 0.0 - 1.0, from a number on the given scale (100 for percent)."""
    try:
        number = float(value) / scale
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return min(max(number, 0.0), 1.0)


def split_tags(text: str, separator: str) -> list[str]:
    return unique([clean_text(part) for part in text.split(separator)])


def unique(names: list[str]) -> list[str]:
    """Names without empties and without repeats that differ only in case, in order."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept
