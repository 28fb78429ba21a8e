"""The benchmark (figures, not tests) and the story generator it and the tests use."""
