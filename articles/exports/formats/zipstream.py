"""A ZIP archive written as a stream of bytes, member by member (no seeking, no temporary file)."""

import zipfile
from collections.abc import Iterator


class _Sink:
    """A write-only file: zipfile writes into it, the generator hands the bytes on."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_chunks(members: Iterator[tuple[str, str]]) -> Iterator[bytes]:
    """The bytes of a ZIP holding each (name, text) member, yielded after each member."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            archive.writestr(name, text)
            yield sink.drain()
    yield sink.drain()
