"""A saved HTML page: trafilatura finds the article's text and metadata.

trafilatura leaves figure captions out (it keeps the picture, as a `graphic`), so each
picture's caption is looked up in the page by the picture's address and put back where the
picture stands. Whatever else of the page's text blocks the extractor left out is listed as
dropped, so the user sees it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tui.authoring.article.kinds import Candidate, normalise
from tui.authoring.article.model import ArticleError, Dropped, Metadata

if TYPE_CHECKING:
    from lxml.etree import _Element  # type: ignore[import-untyped]

_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)
_BLOCKS = ".//p | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//figcaption | .//blockquote"
_PROSE_WORDS = 8
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:65536].lower():
        return True
    tags = len(
        re.findall(r"</?(?:p|div|span|body|head|article|h[1-6]|a|br|meta)\b", text[:65536], re.I)
    )
    return tags >= 3 and tags * 200 >= min(len(text), 65536)


def read_html(text: str, name: str) -> tuple[list[Candidate], Metadata, list[Dropped]]:
    import trafilatura
    from lxml import etree  # type: ignore[import-untyped]

    xml = trafilatura.extract(
        text,
        output_format="xml",
        with_metadata=True,
        include_images=True,
        include_tables=False,
        include_comments=False,
        favor_recall=True,
    )
    if not xml:
        raise ArticleError(f"{name}: no article text found in the page")
    document = etree.fromstring(xml.encode("utf-8"))
    page = _page_tree(text)
    found: list[Candidate] = []
    main = document.find("main")
    for element in main.iter() if main is not None else ():
        tag = element.tag
        if tag == "head":
            found.append(Candidate(_words(element), "heading"))
        elif (tag == "p" and not _inside(element, ("item", "quote"))) or tag in ("item",):
            found.append(Candidate(_words(element)))
        elif tag == "quote":
            if element.find(".//p") is None:
                found.append(Candidate(_words(element)))
        elif tag == "graphic":
            caption = _caption_for(page, element.get("src"))
            if caption:
                found.append(Candidate(caption, "caption"))
    found = [c for c in found if c.text]
    # A page of links and buttons is no article: some paragraph must be prose.
    if not any(c.kind is None and len(c.text.split()) >= _PROSE_WORDS for c in found):
        raise ArticleError(f"{name}: no article text found in the page")
    meta = _metadata(document, text)
    return found, meta, _left_out(page, found)


def _words(element: _Element) -> str:
    return normalise("".join(element.itertext()))


def _inside(element: _Element, tags: tuple[str, ...]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _page_tree(text: str) -> Any:
    import lxml.html  # type: ignore[import-untyped]

    try:
        return lxml.html.document_fromstring(text.encode("utf-8"))
    except Exception:  # lxml refuses some pages outright; then there is nothing to look up
        return None


def _caption_for(page: Any, src: str | None) -> str | None:
    if page is None or not src:
        return None
    for image in page.iter("img"):
        if image.get("src") != src:
            continue
        figure = image.getparent()
        while figure is not None and figure.tag != "figure":
            figure = figure.getparent()
        if figure is not None:
            caption = figure.find(".//figcaption")
            if caption is not None:
                return normalise(caption.text_content()) or None
    return None


def _metadata(document: _Element, text: str) -> Metadata:
    def attribute(key: str) -> str | None:
        value = document.get(key)
        return normalise(value) if value and value.strip() else None

    date = attribute("date")
    lang = _LANG.search(text[:8192])
    return Metadata(
        headline=attribute("title"),
        published=date if date and _PUBLISHED.match(date) else None,
        outlet=attribute("sitename"),
        byline=attribute("author"),
        url=attribute("url"),
        language=lang.group(1) if lang else None,
        standfirst=attribute("description"),
    )


def _left_out(page: Any, found: list[Candidate]) -> list[Dropped]:
    if page is None:
        return []
    kept = " \n ".join(c.text for c in found)
    article = page.xpath("//article | //main")
    roots = article[:1] if article else [page]
    dropped: list[Dropped] = []
    seen: set[str] = set()
    for root in roots:
        for element in root.xpath(_BLOCKS):
            if element.xpath(".//p | .//h1 | .//h2 | .//h3 | .//figcaption"):
                continue  # a container: its blocks are looked at one by one
            words = normalise(element.text_content())
            if words and words not in kept and words not in seen:
                seen.add(words)
                dropped.append(Dropped(words, "left out by the article extractor", -1))
    return dropped
