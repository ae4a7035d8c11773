"""The one form page that saves: add or edit an owned object (every app's).

A view keeps its decorators (``arena_view(Capability…)``, its methods), finds
its object and builds its form; :func:`form_page` does the rest. Deleting goes
through :func:`arena.deletion.confirm_delete`.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import form_status


def _of(value, result):
    """``value``, or what it gives for ``result`` when it is a function."""
    return value(result) if callable(value) else value


def form_page(
    request: HttpRequest,
    form,
    *,
    done,
    template: str,
    context: dict | Callable[[], dict],
    save: Callable[[Any], Any] | None = None,
    message: str | Callable[[Any], str] | None = None,
    refused: tuple[type[Exception], str] | None = None,
    again: Callable[[Any], Any] | None = None,
    partial: str = "",
    invalid_status: int | None = None,
) -> HttpResponse:
    """A valid POST calls ``save(form)`` (a service; by default the model
    form's own ``save``), says ``message`` (by default "Saved.") and
    redirects to ``done`` (what ``redirect`` takes); both may be functions of
    what ``save`` returned. ``refused`` = (an exception of ``save``, a field):
    the refusal becomes that field's error. Otherwise ``template`` with
    ``context`` (or the function giving it, called only then) and the form.

    ``again``: an htmx POST stays on the page, with ``again(saved)`` as the
    new form, and gets ``template#partial``. The status of a form with errors
    is :func:`arena.forms.form_status`'s, or ``invalid_status`` for any POST
    that did not redirect.
    """
    refusal, field = refused or ((), None)
    if request.method == "POST" and form.is_valid():
        try:
            result = form.save() if save is None else save(form)
        except refusal as error:
            form.add_error(field, str(error))
        else:
            messages.success(request, _("Saved.") if message is None else _of(message, result))
            if again is None or not request.htmx:
                return redirect(_of(done, result))
            form = again(result)
    if partial and request.htmx:
        template = f"{template}#{partial}"
    if invalid_status is None:
        status = form_status(form, request)
    else:
        status = invalid_status if request.method == "POST" else 200
    page = context() if callable(context) else context
    return render(request, template, {**page, "form": form}, status=status)
