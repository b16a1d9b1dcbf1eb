"""Rich text cannot carry script (RELIABILITY.md B14)."""

from __future__ import annotations

import pytest

from bangkom.common.richtext import render_markdown, sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<form action="https://evil.example"><button>kirim</button></form>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitised_html_keeps_no_script_handler_or_dangerous_url(payload):
    cleaned = sanitize_html(payload).lower()
    for marker in ("<script", "onerror", "onload", "javascript:", "data:text", "<iframe",
                   "<svg", "<math", "style=", "<form", "<style"):  # fmt: skip
        assert marker not in cleaned, (marker, cleaned)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_with_raw_html_payloads_is_cleaned_too(payload):
    rendered = render_markdown(f"Judul\n\n{payload}\n\n[tautan](javascript:alert(1))").lower()
    assert "<script" not in rendered
    assert "javascript:" not in rendered
    assert "onerror" not in rendered


def test_markdown_formatting_and_safe_links_survive():
    html = render_markdown(
        "**Penting**: lihat [jadwal](https://bpsdm.example.go.id/jadwal)\n\n- satu\n- dua"
    )
    assert "<strong>Penting</strong>" in html
    assert 'href="https://bpsdm.example.go.id/jadwal"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>satu</li>" in html
