"""Stored files served whole or by byte range (RFC 9110): documents and videos, so that a
reader can resume a download and a player can seek."""

import re

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

# ASCII digits only (RFC 9110's DIGIT), and \Z: $ would also match before a final newline.
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)\Z", re.ASCII)
CHUNK = 64 * 1024
# Positions are at most this many digits: int() refuses strings of thousands of digits with a
# ValueError, and no stored file comes near 10**18 bytes.
MAX_DIGITS = 18


def ranged_file_response(
    request: HttpRequest, stream, *, size: int, content_type: str, etag: str
) -> HttpResponse:
    """The stored file whole, or the one byte range asked for (206), or 416; with
    ``Accept-Ranges`` and the ``ETag``. Takes over ``stream``."""
    wanted = requested_range(request, etag, size)
    if wanted == "unsatisfiable":
        stream.close()
        response = HttpResponse(status=416)
        response.headers["Content-Range"] = f"bytes */{size}"
    elif wanted is not None:
        start, end = wanted
        stream.seek(start)
        response = StreamingHttpResponse(
            stream_slice(stream, end - start + 1), status=206, content_type=content_type
        )
        response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        response.headers["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(stream, content_type=content_type)
    response.headers["Accept-Ranges"] = "bytes"
    response.headers["ETag"] = etag
    return response


def requested_range(request: HttpRequest, etag: str, size: int):
    """The one byte range asked for, "unsatisfiable", or None for the whole file."""
    header = request.headers.get("Range")
    if not header or request.method not in ("GET", "HEAD"):
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != etag:
        return None  # the visitor's copy is of another version: send all of this one
    match = SINGLE_RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # several ranges, or nonsense: the whole file is always a valid answer
    first, last = (_position(digits) for digits in match.groups())
    if first is None:
        if last == 0:
            return "unsatisfiable"
        start, end = max(size - last, 0), size - 1
    else:
        start = first
        end = min(last, size - 1) if last is not None else size - 1
        if start > end:
            return None if last is not None and last < start else "unsatisfiable"
    if start >= size:
        return "unsatisfiable"
    return start, end


def _position(digits: str) -> int | None:
    """A byte position of the Range header, None if left out; a number too long to convert is
    taken as 10**18, beyond the end of any file, which the RFC's rules then answer."""
    if digits == "":
        return None
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def stream_slice(stream, length: int):
    try:
        while length > 0:
            chunk = stream.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        stream.close()
