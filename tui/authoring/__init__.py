"""The writing half: reading an article into a story (`article`), suggesting entries
(`suggest`). Import the modules you need; this package imports nothing."""
