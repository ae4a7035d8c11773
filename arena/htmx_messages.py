"""Confirmations shown where the action happened (issue 10).

A message added during an htmx request ("Space 4 added.") used to wait in
the message storage and show up on whichever page was loaded next, stacked
with others. This middleware renders the messages *queued during the
request* into the htmx response, as an out-of-band swap of the page's
``#messages`` live region (``templates/_messages.html``, which stays in place
so screen readers announce the new content), and takes them out of the
storage so they never reach the next page.

Left alone: responses that already showed the messages (a template iterated
them), redirects and htmx's own redirect/refresh headers (the next page shows
them), responses htmx does not swap (4xx/5xx other than 409/429, which
``static/js/arena.js`` swaps; 204), and anything that is not HTML. Messages
loaded from an earlier request stay for the page they were meant for, so a
polling request never takes them.
"""

from django.template.loader import render_to_string

SWAPPED_ERRORS = {409, 429}  # answers arena.js swaps like a 200
NAVIGATING = ("HX-Redirect", "HX-Location", "HX-Refresh")


class HtmxMessagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true":
            return response
        storage = getattr(request, "_messages", None)
        queued = getattr(storage, "_queued_messages", None)
        if not queued or storage.used or not self._swapped(response):
            return response
        html = render_to_string("_messages_oob.html", {"messages": list(queued)}, request=request)
        queued.clear()  # shown here, so not stored for the next page
        response.content = response.content + html.encode(response.charset or "utf-8")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _swapped(response) -> bool:
        if response.streaming or any(response.has_header(name) for name in NAVIGATING):
            return False
        status = response.status_code
        if status == 204 or not (200 <= status < 300 or status in SWAPPED_ERRORS):
            return False
        return response.get("Content-Type", "").startswith("text/html")
