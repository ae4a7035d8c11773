"""The input wall (every submitted input), comments and dot-voting."""

staff_urls: list = []
phone_urls: list = []
