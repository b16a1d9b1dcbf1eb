"""Serving stored files: Range for video seeking, safe headers (RELIABILITY.md B4, B6)."""

from __future__ import annotations

from unittest import mock
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from bangkom.common.downloads import content_disposition, parse_range, serve_field_file
from bangkom.learning.models import Material

CONTENT = bytes(range(256)) * 4  # 1024 distinct-enough bytes


@pytest.fixture
def field_file(db):
    material = Material(kind="module", title="Modul")
    material.file.save("a1b2c3.pdf", ContentFile(CONTENT), save=False)
    return material.file


def get(field_file, *, range_header=None, inline=False, filename="Modul 1.pdf"):
    headers = {"HTTP_RANGE": range_header} if range_header else {}
    request = RequestFactory().get("/berkas/1/", **headers)
    return serve_field_file(
        request, field_file, filename=filename, content_type="application/pdf", inline=inline
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_without_range_the_whole_file_is_sent_and_ranges_are_advertised(field_file):
    response = get(field_file)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(CONTENT))
    assert body(response) == CONTENT


def test_a_document_is_an_attachment_with_nosniff_and_a_private_cache(field_file):
    response = get(field_file)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Type"] == "application/pdf"


def test_inline_is_used_only_when_asked(field_file):
    assert get(field_file, inline=True)["Content-Disposition"].startswith("inline;")


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023),
     ("bytes=1000-5000", 1000, 1023), ("bytes=10-10", 10, 10)],
)  # fmt: skip
def test_a_single_range_is_answered_206_with_the_right_bytes(field_file, header, start, end):
    response = get(field_file, range_header=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_is_answered_416(field_file, header):
    response = get(field_file, range_header=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=-"])
def test_several_or_malformed_ranges_get_the_whole_file(field_file, header):
    response = get(field_file, range_header=header)
    assert response.status_code == 200
    assert body(response) == CONTENT


def test_parse_range_edge_cases():
    assert parse_range("", 10) is None
    assert parse_range("bytes=0-", 0) is False
    assert parse_range("bytes=-100", 10) == (0, 9)


@pytest.mark.parametrize(
    "hostile",
    ['"; filename=x.html', "../../settings.py", "faktur\u202efdp.exe", "a\r\nSet-Cookie: x=1.pdf"],
)
def test_hostile_filenames_cannot_add_parameters_paths_or_headers(hostile):
    header = content_disposition(hostile, inline=False)
    assert "\r" not in header
    assert "\n" not in header
    assert "\u202e" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in fallback
    assert ";" not in fallback
    assert "/" not in fallback
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert ";" not in encoded
    assert '"' not in encoded
    assert " " not in encoded
    assert "/" not in unquote(encoded)


def test_indonesian_and_non_ascii_names_are_kept_in_the_utf8_form():
    header = content_disposition("Modul Pelatihan – Sekwan “2026”.pdf", inline=False)
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "Modul Pelatihan – Sekwan “2026”.pdf"
    assert header.startswith('attachment; filename="Modul Pelatihan Sekwan 2026.pdf"')


def test_object_storage_redirects_to_a_signed_url(field_file):
    with (
        mock.patch("bangkom.common.downloads._is_local", return_value=False),
        mock.patch.object(
            field_file.storage,
            "url",
            return_value="https://s3.example/b/a1b2c3.pdf?X-Amz-Signature=x",
        ) as signed,
    ):
        response = get(field_file)
    assert response.status_code == 302
    assert response["Location"].startswith("https://s3.example/")
    params = signed.call_args.kwargs["parameters"]
    assert params["ResponseContentDisposition"].startswith("attachment;")
