"""Case text is text in the debrief (issue 13): a case's names, narratives and notes never
become a link, an image, HTML, emphasis, a heading or a table cell in the Markdown or HTML."""

from __future__ import annotations

from helpers import played

from roleplay.debrief import build_debrief
from roleplay.debrief.html import to_html
from roleplay.debrief.markdown import plain, to_markdown
from roleplay.loading import load_case

HOSTILE = "[click](http://evil.example/x) ![pixel](http://evil.example/p.png) <script>x</script> *bold* | cell"


def test_plain_neutralises_every_markdown_construct() -> None:
    assert plain("# heading") == "\\# heading"
    assert plain("a\nb") == "a b"
    assert "\x1b" not in plain("x\x1b[2J\x1b]0;title\x07") and "\x07" not in plain("\x07")
    text = plain(HOSTILE)
    for raw in ("[click]", "![pixel]", "<script>", "*bold*"):
        assert raw not in text
    assert "\\| cell" in text  # a bar never opens a table cell


def test_hostile_case_text_stays_text_in_the_exports(broken_case) -> None:  # type: ignore[no-untyped-def]
    from conftest import CASE_PATH

    broken = broken_case(
        ('title = "Road map signed separately"', f"title = {HOSTILE!r}"),
        source=CASE_PATH,
    )
    case = load_case(broken.path)
    session = played(case, 1)
    debrief = build_debrief(case.blueprint, session.records)
    assert HOSTILE in debrief.ending_title or any(HOSTILE in t for t, _ in debrief.historical_endings)
    page = to_html(debrief)
    assert "evil.example" in page  # the text is there, as text
    assert "<a " not in page and "<img" not in page and "<script" not in page
    assert "<em>bold</em>" not in page
    assert "| cell" not in to_markdown(debrief).replace("\\| cell", "")
