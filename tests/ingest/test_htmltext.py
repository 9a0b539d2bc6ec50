from __future__ import annotations

from crosscheck.ingest.htmltext import extract_page, looks_like_html

PAGE = """<!doctype html>
<html><head><title>Storm closes harbour | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="date" content="2021-03-19">
<script>var x = "<p>not text, 99 ships</p>";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm Closes Harbour for Two Days</h1>
<p>A storm closed the harbour for two days, port officials said on Friday,
stranding 40 ships &amp; their crews.</p>
<p>Officials said repairs would cost about 3 million euros and take until next month to finish.</p>
<p>Fishermen said it was the worst storm in a decade and that several boats had been lost.</p>
</article><footer>Copyright 2021 Example News</footer></body></html>
"""


def test_the_article_is_read_with_title_date_and_site_and_no_markup() -> None:
    page = extract_page(PAGE)
    assert page is not None and page.extractor == "trafilatura"
    assert page.title == "Storm Closes Harbour for Two Days"
    assert str(page.date) == "2021-03-19" and page.site == "Example News"
    assert "stranding 40 ships & their crews." in page.text
    assert "<" not in page.text and "99 ships" not in page.text and "Home" not in page.text


def test_each_line_of_text_starts_where_the_page_says_it() -> None:
    page = extract_page(PAGE)
    assert page is not None
    file_lines = PAGE.split("\n")
    assert len(page.line_origins) == len(page.text.split("\n"))
    for line, (number, offset) in zip(page.text.split("\n"), page.line_origins, strict=True):
        assert PAGE[offset:].startswith(line[:20]), (line, PAGE[offset : offset + 20])
        assert line[:20] in file_lines[number - 1]


def test_a_fragment_without_an_article_falls_back_to_its_visible_text() -> None:
    page = extract_page("<div>Two <b>short</b> lines</div><div>and &amp; a second</div>")
    assert page is not None
    assert "<" not in page.text and "&amp;" not in page.text


def test_html_is_told_from_text() -> None:
    assert looks_like_html(PAGE)
    assert looks_like_html("<p>One</p><p>Two</p><div>three <b>x</b> <i>y</i></div>")
    assert not looks_like_html("Officials said 3 < 4 and 5 > 2 in a <b>bold</b> claim.")
    assert not looks_like_html("")
