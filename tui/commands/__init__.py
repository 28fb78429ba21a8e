"""One module per subcommand (`check`, `report`, and those added later); `tui.cli` only
dispatches to them. None of them imports the app: they run without a terminal."""
