"""The input wall: every submitted input, comments on them and dot-voting."""
