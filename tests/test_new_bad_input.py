"""`baghouz-tui new` on input that cannot be a story: one clear line, exit 1, no traceback,
nothing written (not the bundle, not a temporary file)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

NO_ARTICLE_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Home</title>
<script>var tracking = {"id": 1};</script><style>body { margin: 0 }</style></head>
<body><nav><ul><li><a href="/a">News</a></li><li><a href="/b">Sport</a></li></ul></nav>
<form><input name="q"><button>Search</button></form></body></html>"""


def _random_high_bytes() -> bytes:
    rng = random.Random(7)  # bytes no text encoding reads sensibly
    return bytes(rng.randrange(0x80, 0x100) for _ in range(4000))


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "binary": (
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        "a binary file, not text",
    ),
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "blank": (lambda p: p.write_bytes(b" \n\n\t \n"), "the file is empty"),
    "undecodable": (lambda p: p.write_bytes(_random_high_bytes()), "not UTF-8"),
    "no-article": (
        lambda p: p.write_text(NO_ARTICLE_PAGE, encoding="utf-8"), "no article text found"
    ),
    "huge": (lambda p: _sparse(p, 50 * 1024 * 1024), "50 MB is too large for one article"),
    "directory": (lambda p: p.mkdir(), "is a directory"),
    "fifo": (lambda p: os.mkfifo(p), "is a FIFO"),  # and reading it must not hang
    "missing": (lambda p: None, "no such file"),
}


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as handle:
        handle.truncate(size)  # 50 MB without writing 50 MB


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_and_nothing_written(
    case: str, run_cli: Run, tmp_path: Path
) -> None:
    make, message = CASES[case]
    article = tmp_path / "in" / "article.txt"
    article.parent.mkdir()
    make(article)
    out = tmp_path / "out" / "story.toml"
    out.parent.mkdir()
    result = run_cli("new", article, "-o", out)
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("baghouz-tui new: ") and message in lines[0], lines[0]
    assert "nothing written" in lines[0]
    assert "Traceback" not in result.err and result.out == ""
    assert list(out.parent.iterdir()) == []  # no bundle, no temporary file


def test_no_traceback_from_the_real_command(run_cli_process: Run, tmp_path: Path) -> None:
    article = tmp_path / "photo.jpg"
    article.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    result = run_cli_process("new", article, "-o", tmp_path / "s.toml")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not (tmp_path / "s.toml").exists()


@pytest.mark.parametrize(
    ("encoding", "guess"), [("cp1252", "cp125"), ("latin-1", ("cp125", "latin", "iso8859"))]
)
def test_non_utf8_text_says_which_encoding_it_guessed(
    encoding: str, guess: str | tuple[str, ...], run_cli: Run, tmp_path: Path
) -> None:
    text = (
        "Caf\u00e9 owners protest\n\n"
        "Owners of the Caf\u00e9 Br\u00fbl\u00e9e said the r\u00e9gime of fees was unfair, "
        "and na\u00efve.\n"
    ) * 3 if encoding == "latin-1" else (
        "Caf\u00e9 owners protest\n\n"
        "\u201cIt is unfair,\u201d said the owner of the Caf\u00e9 Br\u00fbl\u00e9e \u2014 "
        "and it\u2019s true.\n"
    )
    article = tmp_path / "article.txt"
    article.write_bytes(text.encode(encoding))
    out = tmp_path / "story.toml"
    result = run_cli("new", article, "-o", out)
    assert result.code == 0, result.err
    note = result.err.splitlines()[0]
    assert note.startswith("note: ") and "not UTF-8" in note and "read as" in note
    assert note.split("read as ")[1].startswith(guess)
    check = run_cli("check", out)
    assert check.code == 0
    assert "Caf\u00e9 Br\u00fbl\u00e9e" in out.read_text(encoding="utf-8")


def test_a_declared_charset_is_used_and_said(run_cli: Run, tmp_path: Path) -> None:
    page = (
        '<html lang="fr"><head><meta charset="windows-1252"><title>Gr\u00e8ve au port</title>'
        "</head><body><article><h1>Gr\u00e8ve au port</h1>"
        + "<p>Les dockers ont cess\u00e9 le travail mercredi, a d\u00e9clar\u00e9 le syndicat."
        " Les n\u00e9gociations reprendront vendredi.</p>" * 3
        + "</article></body></html>"
    )
    article = tmp_path / "page.html"
    article.write_bytes(page.encode("cp1252"))
    result = run_cli("new", article, "-o", tmp_path / "s.toml")
    assert result.code == 0, result.err
    assert "read as cp1252, the charset the page declares" in result.err


def test_utf16_with_a_byte_order_mark(run_cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes("Headline\n\nA paragraph, in UTF-16.\n".encode("utf-16"))
    result = run_cli("new", article, "-o", tmp_path / "s.toml")
    assert result.code == 0, result.err
    assert "A paragraph, in UTF-16." in (tmp_path / "s.toml").read_text(encoding="utf-8")


def test_stray_control_characters_are_removed_and_said(run_cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(b"Headline\n\nA paragraph with a stray\x07 bell.\n")
    out = tmp_path / "s.toml"
    result = run_cli("new", article, "-o", out)
    assert result.code == 0, result.err
    assert "removed 1 control character" in result.err
    assert "A paragraph with a stray bell." in out.read_text(encoding="utf-8")
    assert run_cli("check", out).code == 0


def test_escape_sequences_are_removed_whole(run_cli: Run, tmp_path: Path) -> None:
    """Not only their ESC: "[31m" left behind would be in the headline, the ids and the
    paragraphs."""
    article = tmp_path / "a.txt"
    article.write_bytes(
        b"\x1b[1;31mRed\x1b[0m headline\n\n"
        b"A link \x1b]8;;http://evil\x07here\x1b]8;;\x1b\\ and a C1 \xc2\x9b2Jclear,"
        b" a bell\x07 and a reset\x1bc.\n"
    )
    out = tmp_path / "s.toml"
    result = run_cli("new", article, "-o", out)
    assert result.code == 0, result.err
    assert "removed 6 escape sequences and 1 control character" in result.err
    text = out.read_text(encoding="utf-8")
    assert 'headline = "Red headline"' in text
    assert "A link here and a C1 clear, a bell and a reset." in text
    assert "[31m" not in text and "[0m" not in text and "\\u001b" not in text
    assert run_cli("check", out).code == 0


def test_bidi_controls_are_removed_and_said(run_cli: Run, tmp_path: Path) -> None:
    """An override would make a quote show otherwise than it reads (Trojan source); check
    warns of each one in a bundle, so a new bundle must not start with them."""
    article = tmp_path / "a.txt"
    article.write_text(
        "Headline\n\nHe said \u202e\"we will not leave\"\u202c, and an isolate"
        " \u2067here\u2069; a bell\x07 too.\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.toml"
    result = run_cli("new", article, "-o", out)
    assert result.code == 0, result.err
    assert "removed 1 control character and 4 bidi controls" in result.err
    text = out.read_text(encoding="utf-8")
    assert 'He said \\"we will not leave\\", and an isolate here; a bell too.' in text
    checked = run_cli("check", out)
    assert checked.code == 0 and checked.err == f"{out}: ok\n"  # no warning


def test_text_coloured_all_through_is_text_not_a_binary_file(
    run_cli: Run, tmp_path: Path
) -> None:
    words = " ".join(f"\x1b[1mword{n}\x1b[0m" for n in range(40))
    article = tmp_path / "a.txt"
    article.write_text(f"Headline\n\n{words}.\n", encoding="utf-8")
    out = tmp_path / "s.toml"
    result = run_cli("new", article, "-o", out)
    assert result.code == 0, result.err
    assert "removed 80 escape sequences" in result.err
    assert "word0 word1" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["directory", "dangling link"])
def test_an_article_path_ending_in_toml_that_is_not_a_file_says_so(
    run_cli: Run, tmp_path: Path, kind: str
) -> None:
    """The default output is the article's name with .toml: for `new dir.toml` that was
    "dir.toml is the article itself", and for a dangling link "is a symbolic link"."""
    article = tmp_path / "story.toml"
    if kind == "directory":
        article.mkdir()
    else:
        article.symlink_to(tmp_path / "nowhere.txt")
    result = run_cli("new", article)
    assert result.code == 1
    said = result.err.strip()
    expected = "is a directory" if kind == "directory" else "no such file"
    assert said.startswith("baghouz-tui new: ") and expected in said, said
    assert "article itself" not in said and "symbolic link" not in said
