"""Group documentation: report templates, the group report editor, inputs, photos."""

staff_urls: list = []
phone_urls: list = []
