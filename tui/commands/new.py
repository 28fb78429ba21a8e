"""`baghouz-tui new ARTICLE [-o STORY.toml] [--published DATE] [--id SLUG] [--force]
[--suggest]`: start a story bundle from a raw article (plain text, Markdown, saved HTML)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.commands.output import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output
from tui.model.safe_text import one_line, shortened

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baghouz-tui new",
        description="Start a story bundle from an article: plain text, Markdown or a saved "
        "HTML page (told apart by their content). Every paragraph is kept verbatim and in "
        "order, with its kind guessed; page debris is left out and listed on stderr.",
    )
    parser.add_argument("article", metavar="ARTICLE", help="the article file")
    parser.add_argument(
        "-o",
        "--output",
        metavar="STORY.toml",
        help="where to write the bundle (default: ARTICLE with .toml; '-' for stdout)",
    )
    parser.add_argument(
        "--published", metavar="DATE", help="EDTF date, e.g. 2019-02-13 or 2019-02-13?"
    )
    parser.add_argument("--id", metavar="SLUG", help="the story's id (default: from the headline)")
    parser.add_argument("--force", action="store_true", help="replace STORY.toml if it exists")
    parser.add_argument(
        "--suggest",
        action="store_true",
        help="also print the quotes, actors and dates found, as suggestions to review",
    )
    return parser


def run(argv: Sequence[str]) -> int:
    options = parser().parse_args(argv)
    err = Output(sys.stderr)
    try:
        return _new(options, err)
    except MemoryError:
        err.line("baghouz-tui new: out of memory reading the article; nothing written")
    except Exception as error:  # a bug must still not end in a traceback
        err.line(
            f"baghouz-tui new: internal error ({type(error).__name__}: {one_line(str(error))}); "
            "nothing written; please report it"
        )
    return EXIT_INVALID


def _fail(err: Output, message: str, code: int = EXIT_INVALID) -> int:
    err.line(f"baghouz-tui new: {one_line(message)}")
    return code


def _new(options: argparse.Namespace, err: Output) -> int:
    from tui.authoring.article.bundle_text import bundle_text, slug
    from tui.authoring.article.model import ArticleError
    from tui.authoring.article.reading import read_article
    from tui.model.edtf import EdtfError, parse_edtf
    from tui.model.load import parse
    from tui.model.problems import Severity

    article_path = Path(options.article)
    if options.published is not None:
        try:
            parse_edtf(options.published)
        except EdtfError as error:
            return _fail(err, f"--published {options.published!r}: {error}", EXIT_USAGE)
    if options.id is not None and not _ID.match(options.id):
        return _fail(
            err, f"--id {options.id!r}: use lower-case letters, digits and '-'", EXIT_USAGE
        )
    # The article first: when it is missing or a directory, that is what to say, not that
    # the bundle would be written over it (its default name is the article's, .toml).
    try:
        article = read_article(article_path)
    except ArticleError as error:
        return _fail(err, f"{error}; nothing written")
    out_path = _output_path(options.output, article_path)
    if out_path is not None:
        refusal = _refusal(out_path, article_path, options.force)
        if refusal:
            return _fail(err, refusal)
    for note in article.notes:
        err.line(f"note: {one_line(note)}")
    published = options.published or _valid_date(article.metadata.published)
    story_id = options.id or slug(article.metadata.headline or article_path.stem)
    text = bundle_text(
        article, story_id=story_id, published=published, source_name=article_path.name
    )
    bundle, problems = parse(text, str(out_path or "<stdout>"))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if bundle is None or errors:
        first = errors[0].format() if errors else "the bundle did not load"
        return _fail(
            err, f"internal error: the new bundle would not pass check ({first}); nothing written"
        )
    for dropped in article.dropped:
        where = (
            f"after p{dropped.after}"
            if dropped.after > 0
            else ""
            if dropped.after < 0
            else "before p1"
        )
        label = f"left out{' ' + where if where else ''} ({dropped.reason})"
        err.line(f"{label}: {shortened(one_line(dropped.text), 100)}")
    if out_path is None:
        Output(sys.stdout).line(text.rstrip("\n"))
    else:
        try:
            _write(out_path, text.encode("utf-8"), replace=options.force)
        except FileExistsError:
            return _fail(err, f"{out_path} appeared meanwhile; not replacing it (use --force)")
        except OSError as error:
            return _fail(
                err, f"cannot write {out_path}: {error.strerror or error}; nothing written"
            )
        kinds = _kind_counts(bundle.paragraphs)
        err.line(
            f"wrote {out_path}: {len(bundle.paragraphs)} paragraphs ({kinds}), "
            f"{len(article.dropped)} left out"
        )
    if options.suggest:
        from tui.commands.suggest import print_suggestions

        print_suggestions(bundle, "text", Output(sys.stdout), store_path=None)
        if out_path is not None:
            err.line(f"review them: baghouz-tui suggest {out_path}")
    return EXIT_OK


def _write(path: Path, data: bytes, *, replace: bool) -> None:
    """Write `data` to `path` whole or not at all. Unless `replace`, a file someone created
    since we looked is not replaced (FileExistsError); never through a symbolic link."""
    from tui.fileio import atomic_create, atomic_write

    (atomic_write if replace else atomic_create)(path, data)


def _output_path(option: str | None, article: Path) -> Path | None:
    if option == "-":
        return None
    return Path(option) if option else article.with_suffix(".toml")


def _refusal(out_path: Path, article_path: Path, force: bool) -> str | None:
    if out_path.is_symlink():
        return f"{out_path} is a symbolic link; not writing through it (write to its target)"
    try:
        if out_path.exists() and article_path.exists() and os.path.samefile(out_path, article_path):
            return f"{out_path} is the article itself; give another path with -o"
    except OSError:
        pass
    if out_path.is_dir():
        return f"{out_path} is a directory; give a file path with -o"
    if out_path.exists() and not force:
        return f"{out_path} exists; use --force to replace it"
    if not out_path.parent.is_dir():
        return f"{out_path.parent} is not a directory"
    return None


def _valid_date(text: str | None) -> str | None:
    from tui.model.edtf import EdtfError, parse_edtf

    if not text:
        return None
    try:
        parse_edtf(text)
    except EdtfError:
        return None
    return text


def _kind_counts(paragraphs: Sequence[object]) -> str:
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        kind = getattr(paragraph, "kind", "body")
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())
