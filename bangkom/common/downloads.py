"""Serving stored files to the browser safely, with HTTP Range for video seeking
(RELIABILITY.md B4, B6). No business rules: the calling view decides who may download.

Every response says what it is and forbids guessing (``X-Content-Type-Options: nosniff``),
names the file RFC 6266-style (``filename*=UTF-8''…`` plus an ASCII fallback, so a hostile
name cannot add parameters or a path), is private to the browser cache, and is an
attachment unless the caller asks for inline viewing (PDF, video). On the embedded setup the
file is streamed from the local disk with single-range support (``206``/``416``), which is
what ``<video>`` needs to seek; on object storage (S3) the browser is redirected to a
short-lived signed URL, and the storage does the ranges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)

from bangkom.common.uploads import safe_display_name

CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_disposition(filename: str, *, inline: bool) -> str:
    """An RFC 6266 header value: ASCII fallback name plus the UTF-8 name, both inert."""
    name = safe_display_name(filename)
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii") or "berkas"
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._ ()\-]", "_", ascii_name)
    ascii_name = " ".join(ascii_name.split()) or "berkas"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The inclusive byte range a ``Range`` header asks for.

    Returns ``(start, end)``; ``None`` when the header is absent, malformed or asks for
    several ranges (the whole file is then sent, as RFC 9110 allows); ``False`` when the
    range cannot be satisfied (416).
    """
    match = _RANGE.match((header or "").strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # bytes=-n: the last n bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return False
    return start, min(end, size - 1)


def _is_local(field_file: FieldFile) -> bool:
    try:
        field_file.path  # noqa: B018  (only storages on the local disk have a path)
    except NotImplementedError:
        return False
    return True


def _chunks(handle: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _secure(response: HttpResponse, *, disposition: str) -> HttpResponse:
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


def _signed_redirect(field_file: FieldFile, *, disposition: str, content_type: str) -> HttpResponse:
    try:  # django-storages' S3 backend passes these to the signed URL (response headers)
        url = field_file.storage.url(
            field_file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
        )
    except TypeError:  # a storage without per-URL parameters
        url = field_file.url
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def serve_field_file(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    filename: str,
    content_type: str,
    inline: bool,
) -> HttpResponse:
    """Stream ``field_file`` (or redirect to its signed URL on object storage).

    ``inline`` only for types a browser may show in the page (PDF, video); everything
    else is an attachment. A single ``Range`` is answered 206 with ``Content-Range``, an
    unsatisfiable one 416, none (or several) 200 with ``Accept-Ranges: bytes``.
    """
    disposition = content_disposition(filename, inline=inline)
    if not _is_local(field_file):
        return _signed_redirect(field_file, disposition=disposition, content_type=content_type)
    size = field_file.size
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return _secure(response, disposition=disposition)
    handle = field_file.storage.open(field_file.name, "rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        response = StreamingHttpResponse(
            _chunks(handle, start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    return _secure(response, disposition=disposition)
