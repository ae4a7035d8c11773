"""The arena's report: its own text, quotes and photos, the assembled
document, PDF versions made in the background, exports and the public link."""
