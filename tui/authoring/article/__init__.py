"""Reading a raw article (plain text, Markdown or a saved HTML page) into paragraphs with
their kinds and the story's metadata: `tui.authoring.article.reading.read_article`."""
