"""Group documentation: report templates, the group report editor, inputs,
photos, status, the newsroom.

Views stay thin: they check access (``arena_view``), parse the request, call
``reports.documentation.services`` and pick a template. The editor is one page; its parts
(participants, inputs, photos) post to their own URLs and come back to it.
Queries for the screens are in ``selectors``, the verbs in ``services``.
The report text itself autosaves (``static/js/report-editor.js``); a save
that started from an old revision gets the merge view, never a silent
overwrite.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena import participants as participant_tokens
from arena.access import arena_view, capabilities
from arena.crud import form_page
from arena.deletion import confirm_delete
from arena.images import PhotoError, variant_response
from arena.models import Arena, Capability, Participant
from arena.params import int_param
from proposals.models import Group
from reports.models import GroupReport, Input, Photo, ReportTemplate, TemplateSection

from . import builtins, selectors, services
from .forms import (
    STRUCTURE_HELP,
    InputForm,
    PhotoDetailsForm,
    ReportForm,
    SectionForm,
    SendBackForm,
    TemplateChangeForm,
    TemplateChoiceForm,
    TemplateForm,
)

MAX_PHOTOS_PER_UPLOAD = 20

# --- helpers ----------------------------------------------------------------


def _group(arena: Arena, group_pk: int) -> Group:
    return get_object_or_404(
        Group.objects.select_related("topic", "session__day", "space"), arena=arena, pk=group_pk
    )


_REPORT_RELATED = (
    "group__topic", "group__session", "group__space", "template", "documenter",
    "submitted_by", "approved_by", "returned_by",
)  # fmt: skip


def _report(arena: Arena, group_pk: int) -> GroupReport:
    """The group's report for a POST: made on the first one."""
    report = services.report_for(_group(arena, group_pk))
    return GroupReport.objects.select_related(*_REPORT_RELATED).get(pk=report.pk)


def _report_to_show(arena: Arena, group_pk: int) -> GroupReport:
    """The group's report for a GET, which never writes: before anything is
    documented, an unsaved report (``pk`` None) that the page shows empty."""
    group = _group(arena, group_pk)
    report = GroupReport.objects.select_related(*_REPORT_RELATED).filter(group=group).first()
    return report or services.unsaved_report(group)


def _editor_url(report: GroupReport, anchor: str = "") -> str:
    url = reverse("reports:edit", args=[report.group.arena_id, report.group_id])
    return f"{url}#{anchor}" if anchor else url


def _caps(request) -> frozenset:
    return capabilities(getattr(request, "membership", None))


def _editor(request, arena: Arena, report: GroupReport, *, status=200, **extra) -> HttpResponse:
    """Render the editor page; ``extra`` overrides parts of the context (a
    bound form with errors, the conflict)."""
    caps = _caps(request)
    context = {
        "arena": arena,
        "report": report,
        "group": report.group,
        "form": ReportForm(
            template=report.template,
            initial=ReportForm.initial_for(report),
            more=ReportForm.wants_more(report),
        ),
        "template_form": TemplateChoiceForm(arena=arena, initial={"template": report.template_id}),
        "template_picture": builtins.picture(report.template),
        "structure_help": STRUCTURE_HELP,
        "input_form": InputForm(),
        "photo_form": PhotoDetailsForm(),
        "send_back_form": SendBackForm(),
        "inputs": list(report.inputs.all()) if report.pk else [],
        "photos": list(report.photos.all()) if report.pk else [],
        "people": selectors.participants_summary(report),
        "other_editor": services.other_editor(report, request.user),
        "can_facilitate": Capability.FACILITATE in caps,
        "documenters": list(selectors.documenters(arena)) if Capability.FACILITATE in caps else [],
        "editor_name": services.display_user(request.user),
        "documenter_name": services.display_user(report.documenter),
        "missing": services.missing_required(report),
        "revision_count": report.revisions.count() if report.pk else 0,
        "workflow": selectors.workflow_rows(report),
    }
    context.update(extra)
    form, theirs = context["form"], context.get("theirs") or {}
    context["section_rows"] = [
        (section, field, theirs.get(field.name)) for section, field in form.section_fields()
    ]
    more = form.more_field()
    context["more_row"] = (more, theirs.get(more.name)) if more is not None else None
    context["sheet_rows"] = [
        (field, theirs.get(field.name)) for field in form.action_sheet_fields()
    ]
    return render(request, "reports/editor.html", context, status=status)


def _report_form(request, report: GroupReport) -> ReportForm:
    """The editor's form as posted (with "More from the sheet" if it was on
    the page or the report has such text)."""
    return ReportForm(
        request.POST, template=report.template, more=ReportForm.wants_more(report, request.POST)
    )


def _error(request, report, message: str, anchor: str = ""):
    messages.error(request, message)
    return redirect(_editor_url(report, anchor))


# --- the report editor ------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """The group report page: GET shows it, POST saves the text (the form
    works without JavaScript; with it, autosave does the same).

    GET writes nothing: before the first save the page shows an unsaved,
    empty report, and presence is reported by the page's script (a POST)."""
    report = _report_to_show(arena, group_pk)
    if request.method != "POST":
        return _editor(request, arena, report)
    form = _report_form(request, report)
    if not form.is_valid():
        return _editor(request, arena, report, form=form, status=400)
    report = _report(arena, group_pk)
    foreign = services.foreign_texts(request.POST, report.template)
    if foreign:  # typed in a page opened before the template was changed
        return _merge(request, arena, GroupReport.objects.get(pk=report.pk), form, foreign)
    try:
        services.save_report(
            report,
            request.user,
            base_revision=form.cleaned_data["base_revision"],
            content=form.content(),
            action_sheet=form.action_sheet(),
        )
    except services.StaleRevision as stale:
        return _merge(request, arena, stale.report, form)
    except services.ReportError as error:
        form.add_error(None, str(error))
        return _editor(request, arena, report, form=form, status=400)
    messages.success(request, _("The report is saved."))
    return redirect(_editor_url(report))


def _merge(
    request, arena: Arena, current: GroupReport, form: ReportForm, foreign=()
) -> HttpResponse:
    """The merge view: per section the stored text (theirs) beside the
    user's (kept in the form), to be saved on top of the current revision.

    ``foreign``: texts typed for the sections of the template the report had
    before a change of template; they are carried onto the current sections
    the way the change moved the stored texts, so no typed word is lost."""
    data = request.POST.copy()
    data["base_revision"] = str(current.revision)
    stored = ReportForm.initial_for(current)
    if foreign:
        mine = services.carry_over(foreign, current.template, current.content)
        carried = ReportForm.initial_for(GroupReport(template=current.template, content=mine))
        for name, value in carried.items():
            if name != "base_revision" and not name.startswith("as_") and value != stored[name]:
                data[name] = value
    merge_form = ReportForm(
        data, template=current.template, more=ReportForm.wants_more(current, data)
    )
    merge_form.is_valid()
    theirs = services.merge_conflicts(merge_form.typed() if foreign else form.typed(), stored)
    report = GroupReport.objects.select_related(
        "group__topic", "group__session", "group__space", "template", "documenter", "updated_by"
    ).get(pk=current.pk)
    return _editor(
        request,
        arena,
        report,
        form=merge_form,
        conflict=True,
        conflict_base=form.cleaned_data["base_revision"],
        theirs=theirs,
        theirs_by=services.display_user(report.updated_by),
        status=409,
    )


@arena_view(Capability.DOCUMENT)
@require_POST
def autosave(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """The editor's script saves here while typing.

    200 ``{"revision", "saved"}``: ``saved`` is the stored text per form
    field, as the editor would show it, so the script drops its local draft
    only when that is exactly what was typed. 400 ``{"error"}`` (naming the
    field and the limit; nothing stored) or 409 ``{"conflict": true}`` (the
    script then posts the form to the editor, which shows the merge view)."""
    report = _report_to_show(arena, group_pk)
    form = _report_form(request, report)
    if not form.is_valid():
        return JsonResponse({"error": _form_errors(form)}, status=400)
    report = _report(arena, group_pk)
    if services.foreign_texts(request.POST, report.template):  # the merge view carries them
        return JsonResponse(
            {
                "conflict": True,
                "revision": report.revision,
                "message": _("Someone else saved this report while you were editing it."),
            },
            status=409,
        )
    try:
        current = services.save_report(
            report,
            request.user,
            base_revision=form.cleaned_data["base_revision"],
            content=form.content(),
            action_sheet=form.action_sheet(),
        )
    except services.StaleRevision as stale:
        return JsonResponse(
            {"conflict": True, "revision": stale.report.revision, "message": str(stale)},
            status=409,
        )
    except services.ReportError as error:
        return JsonResponse({"error": str(error)}, status=400)
    stored = ReportForm.initial_for(current)
    saved = {name: stored.get(name, "") for name in form.fields if name != "base_revision"}
    return JsonResponse({"revision": current.revision, "report": current.pk, "saved": saved})


def _form_errors(form) -> str:
    """A form's errors in one line, each after its field's label."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            parts.append(f"{field.label}: {error}" if field is not None and field.label else error)
    return " ".join(parts)


@arena_view(Capability.DOCUMENT)
@require_POST
def presence(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Heartbeat while the editor is open (the page's script beats at once):
    who else is editing. A POST, so it may make the report: two people who
    open a fresh group see each other before either has typed."""
    report = _report(arena, group_pk)
    other = services.other_editor(report, request.user)
    if other is None:
        services.heartbeat(report, request.user)
    report.refresh_from_db(fields=["revision"])
    message = (
        _("%(name)s is editing this report.") % {"name": services.display_user(other)}
        if other
        else ""
    )
    return JsonResponse({"editing": message, "revision": report.revision})


@arena_view(Capability.DOCUMENT)
@require_safe
def history(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Every revision with what it changed, and the workflow (who submitted,
    approved, sent back). A GET: before the first save, an empty state."""
    report = _report_to_show(arena, group_pk)
    revisions = list(report.revisions.select_related("created_by")) if report.pk else []
    rows = [
        {
            "revision": rev,
            "by": services.display_user(rev.created_by),
            "changes": selectors.revision_changes(rev, report.template),
        }
        for rev in revisions
    ]
    return render(
        request,
        "reports/history.html",
        {
            "arena": arena,
            "report": report,
            "group": report.group,
            "rows": rows,
            "workflow": selectors.workflow_rows(report),
        },
    )


@arena_view(Capability.DOCUMENT)
@require_POST
def restore(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    number = int_param(request.POST.get("number"))
    try:
        if number is None:
            raise services.ReportError(_("There is no such revision."))
        services.restore(report, number, request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:history", arena.pk, group_pk)
    messages.success(request, _("Revision %(n)s is restored.") % {"n": number})
    return redirect(_editor_url(report))


# --- the report's template ------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def template_change(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Choose another template for the group's report.

    GET ``?template=<pk>``: the preview, which says where each section's text
    goes (nothing is written; with htmx only its fragment, into the editor).
    POST (the preview's confirm, with the revision it was made from): the
    change, as a new revision; a report saved meanwhile gets the preview
    again, made afresh, and a message (409)."""
    if request.method != "POST":
        report = _report_to_show(arena, group_pk)
        form = TemplateChoiceForm(request.GET, arena=arena)
        if not form.is_valid():
            if request.htmx:  # the message, where the preview would have gone
                response = render(
                    request,
                    "reports/template_change.html#preview",
                    {"arena": arena, "group": report.group, "error": _form_errors(form)},
                    status=422,
                )
                patch_vary_headers(response, ("HX-Request",))
                return response
            return _editor(request, arena, report, template_form=form, status=400)
        return _template_preview(request, arena, report, form.cleaned_data["template"])
    form = TemplateChangeForm(request.POST, arena=arena)
    if not form.is_valid():
        report = _report_to_show(arena, group_pk)
        messages.error(request, _form_errors(form) or _("Choose one of the arena's templates."))
        return _editor(request, arena, report, template_form=form, status=400)
    report = _report(arena, group_pk)
    template = form.cleaned_data["template"]
    try:
        services.change_template(
            report, request.user, template, base_revision=form.cleaned_data["base_revision"]
        )
    except services.StaleTemplateChange as stale:
        current = GroupReport.objects.select_related(*_REPORT_RELATED).get(pk=stale.report.pk)
        return _template_preview(
            request, arena, current, template, error=str(stale), status=409, page=True
        )
    except services.ReportError as error:
        return _template_preview(
            request, arena, report, template, error=str(error), status=400, page=True
        )
    messages.success(
        request, _("The report now uses “%(t)s”. Every text is kept.") % {"t": template.name}
    )
    return redirect(_editor_url(report, "report-template"))


def _template_preview(
    request, arena, report, template, *, error: str = "", status: int = 200, page: bool = False
) -> HttpResponse:
    """The preview of a change of template: the whole page, or (htmx, and
    not after a POST) its fragment for the editor."""
    context = {
        "arena": arena,
        "report": report,
        "group": report.group,
        "change": services.plan_template_change(report, template),
        "same": template.pk == report.template_id,
        "error": error,
        "picture": builtins.picture(template),
        "more_title": services.more_title(),
    }
    name = "reports/template_change.html"
    if request.htmx and not page:
        name += "#preview"
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- status -----------------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_POST
def submit(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    done = _("The report is submitted. A facilitator will look at it.")
    return _status_change(request, _report(arena, group_pk), services.submit, done)


@arena_view(Capability.FACILITATE)
@require_POST
def approve(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    done = _("The report is approved.")
    return _status_change(request, _report(arena, group_pk), services.approve, done)


@arena_view(Capability.FACILITATE)
@require_POST
def send_back(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _editor(request, arena, report, send_back_form=form, status=400)
    return _status_change(
        request,
        report,
        lambda report, user: services.send_back(report, user, form.cleaned_data["comment"]),
        _("The report is sent back with your comment."),
    )


def _status_change(request, report, change, done: str) -> HttpResponse:
    """Run a workflow step (submit, approve, send back: ``change(report,
    user)``): its refusal shown at the status panel, or ``done`` and back to
    the editor."""
    try:
        change(report, request.user)
    except services.ReportError as error:
        return _error(request, report, str(error), "status")
    messages.success(request, done)
    return redirect(_editor_url(report))


@arena_view(Capability.FACILITATE)
@require_POST
def assign(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    raw = request.POST.get("user", "")
    user = None
    if raw:
        user = selectors.documenters(arena).filter(pk=int_param(raw) or 0).first()
        if user is None:
            messages.error(request, _("That person cannot document groups in this arena."))
            if request.POST.get("next") == "newsroom":
                return redirect("reports:newsroom", arena.pk)
            return redirect(_editor_url(report))
    try:
        services.assign(report, user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s documents %(group)s.")
            % {"name": services.display_user(user), "group": report.group.code}
            if user
            else _("Nobody documents %(group)s now.") % {"group": report.group.code},
        )
    if request.POST.get("next") == "newsroom":
        return redirect("reports:newsroom", arena.pk)
    return redirect(_editor_url(report))


@arena_view(Capability.DOCUMENT)
@require_POST
def claim(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    try:
        services.claim(report, request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:index", arena.pk)
    messages.success(request, _("You document %(group)s.") % {"group": report.group.code})
    return redirect(_editor_url(report))


# --- participants -----------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_safe
def people_search(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Personas matching ``q`` (htmx: the result list; else the editor)."""
    report = _report_to_show(arena, group_pk)
    query = request.GET.get("q", "")[:80]
    found = list(selectors.search_personas(report, query))
    if request.htmx:
        response = render(
            request,
            "reports/editor.html#people-results",
            {"arena": arena, "report": report, "found": found, "query": query},
        )
    else:
        response = _editor(request, arena, report, found=found, query=query)
    patch_vary_headers(response, ("HX-Request",))
    return response


@arena_view(Capability.DOCUMENT)
@require_POST
def person_add(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    person = Participant.objects.filter(
        arena=arena, pk=int_param(request.POST.get("participant")) or 0
    ).first()
    if person is None:
        return _error(request, report, _("That person is not in this arena."), "people")
    try:
        services.add_participant(report, person)
    except services.ReportError as error:
        return _error(request, report, str(error), "people")
    return redirect(_editor_url(report, "people"))


@arena_view(Capability.DOCUMENT)
@require_POST
def person_remove(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Remove one person; ``participant=unnamed`` removes one of those who
    are only counted."""
    report = _report(arena, group_pk)
    raw = request.POST.get("participant", "")
    people = selectors.participants_summary(report)
    if raw == "unnamed":
        person = people["unnamed"][0] if people["unnamed"] else None
    else:
        person = next((p for p in people["named"] if p.pk == int_param(raw)), None)
    if person is None:
        return _error(request, report, _("That person is not in this group."), "people")
    services.remove_participant(report, person)
    return redirect(_editor_url(report, "people"))


# --- inputs -----------------------------------------------------------------


def _in_report(model, arena: Arena, pk: int):
    """``(its report, the row)``: a row of ``model`` (an input, a photo) in
    a report of ``arena``, else 404."""
    item = get_object_or_404(
        model.objects.select_related("report__group"), report__group__arena=arena, pk=pk
    )
    return item.report, item


@arena_view(Capability.DOCUMENT)
@require_POST
def input_add(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    report = _report(arena, group_pk)
    form = InputForm(request.POST)
    if not form.is_valid():
        return _editor(request, arena, report, input_form=form, status=400)
    services.add_input(report, **form.cleaned_data)
    messages.success(request, _("The input is added."))
    return redirect(_editor_url(report, "inputs"))


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def input_edit(request: HttpRequest, arena: Arena, input_pk: int) -> HttpResponse:
    report, item = _in_report(Input, arena, input_pk)
    return form_page(
        request,
        InputForm(request.POST or None, instance=item),
        save=lambda form: services.update_input(item, **form.cleaned_data),
        message=_("The input is saved."),
        done=_editor_url(report, "inputs"),
        template="reports/input_form.html",
        context={"arena": arena, "report": report, "item": item},
        invalid_status=400,
    )


@arena_view(Capability.DOCUMENT)
@require_POST
def input_move(request: HttpRequest, arena: Arena, input_pk: int) -> HttpResponse:
    report, item = _in_report(Input, arena, input_pk)
    services.move_input(item, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(_editor_url(report, "inputs"))


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def input_delete(request: HttpRequest, arena: Arena, input_pk: int) -> HttpResponse:
    report, item = _in_report(Input, arena, input_pk)
    return confirm_delete(
        request,
        item,
        arena=arena,
        what=_("the input “%(t)s”") % {"t": item.title},
        back=_editor_url(report, "inputs"),
        delete=lambda: services.delete_input(item),
        done_message=_("The input is deleted."),
    )


# --- photos -----------------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_POST
def photo_add(request: HttpRequest, arena: Arena, group_pk: int) -> HttpResponse:
    """Several photos at once; each refused file gets the pipeline's message,
    the others are kept, and so is what was typed."""
    report = _report(arena, group_pk)
    form = PhotoDetailsForm(request.POST)
    files = request.FILES.getlist("photos")
    if not form.is_valid():
        return _editor(request, arena, report, photo_form=form, status=400)
    if not files:
        return _editor(
            request, arena, report, photo_form=form,
            photo_errors=[_("Choose or take at least one photo.")], status=400,
        )  # fmt: skip
    errors, added = [], 0
    for uploaded in files[:MAX_PHOTOS_PER_UPLOAD]:
        try:
            services.add_photo(report, uploaded, request.user, **form.cleaned_data)
            added += 1
        except PhotoError as error:
            errors.append(f"{uploaded.name}: {error.message}")
        except services.ReportError as error:
            errors.append(f"{uploaded.name}: {error}")
    if len(files) > MAX_PHOTOS_PER_UPLOAD:
        errors.append(
            _("Only %(n)s photos can be sent at once; send the rest again.")
            % {"n": MAX_PHOTOS_PER_UPLOAD}
        )
    if added:
        messages.success(request, _("%(n)s photo(s) added.") % {"n": added})
    if errors:
        return _editor(request, arena, report, photo_form=form, photo_errors=errors, status=400)
    return redirect(_editor_url(report, "photos"))


@arena_view(Capability.DOCUMENT)
@require_POST
def photo_edit(request: HttpRequest, arena: Arena, photo_pk: int) -> HttpResponse:
    report, photo = _in_report(Photo, arena, photo_pk)
    form = PhotoDetailsForm(request.POST, instance=photo)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _editor(request, arena, _report(arena, report.group_id), status=400)
    try:
        services.update_photo(photo, **form.cleaned_data)
    except services.ReportError as error:
        messages.error(request, str(error))
        return _editor(request, arena, _report(arena, report.group_id), status=400)
    messages.success(request, _("The photo is saved."))
    return redirect(_editor_url(report, "photos"))


@arena_view(Capability.DOCUMENT)
@require_http_methods(["GET", "HEAD", "POST"])
def photo_delete(request: HttpRequest, arena: Arena, photo_pk: int) -> HttpResponse:
    report, photo = _in_report(Photo, arena, photo_pk)
    return confirm_delete(
        request,
        photo,
        arena=arena,
        what=_("the photo “%(t)s”") % {"t": photo.caption or _("without caption")},
        back=_editor_url(report, "photos"),
        delete=lambda: services.delete_photo(photo),
        done_message=_("The photo is deleted."),
    )


@arena_view(Capability.VIEW)
@require_safe
def photo(request: HttpRequest, arena: Arena, photo_pk: int, variant: str) -> HttpResponse:
    """A photo for the arena's staff (any size; another is a 404)."""
    item = get_object_or_404(Photo, report__group__arena=arena, pk=photo_pk)
    return variant_response(item, variant)


@require_safe
def phone_photo(request: HttpRequest, code: str, photo_pk: int, variant: str) -> HttpResponse:
    """A photo for the arena's participants (web and thumbnail sizes only)."""
    arena = get_object_or_404(Arena, join_code=code)
    if variant not in ("web", "thumb"):
        raise Http404
    if participant_tokens.participant_from_request(request, arena) is None:
        raise Http404
    item = get_object_or_404(Photo, report__group__arena=arena, pk=photo_pk)
    return variant_response(item, variant, allowed=("web", "thumb"))


# --- lists: my groups, the newsroom -----------------------------------------


@arena_view(Capability.DOCUMENT)
@require_safe
def index(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Every group on the wall with its report's state; the user's first."""
    groups, mine = selectors.groups_with_reports(arena, request.user)
    return render(
        request,
        "reports/index.html",
        {
            "arena": arena,
            "groups": groups,
            "mine": mine,
            "can_facilitate": Capability.FACILITATE in _caps(request),
        },
    )


@arena_view(Capability.FACILITATE)
@require_safe
def newsroom(request: HttpRequest, arena: Arena) -> HttpResponse:
    """For facilitators: per session, the groups without a submitted report,
    who documents them and how old the draft is."""
    return render(
        request,
        "reports/newsroom.html",
        {
            "arena": arena,
            "sessions": selectors.newsroom(arena),
            "documenters": list(selectors.documenters(arena)),
        },
    )


# --- templates --------------------------------------------------------------


def _template(arena: Arena, template_pk: int, *, own: bool = True) -> ReportTemplate:
    qs = (
        ReportTemplate.objects.filter(arena=arena)
        if own
        else ReportTemplate.objects.available_to(arena)
    )
    return get_object_or_404(qs, pk=template_pk)


@arena_view(Capability.MANAGE)
@require_safe
def templates(request: HttpRequest, arena: Arena) -> HttpResponse:
    builtin = list(services.builtin_templates())
    own = list(ReportTemplate.objects.filter(arena=arena).prefetch_related("sections"))
    return render(
        request,
        "reports/templates.html",
        {
            "arena": arena,
            "builtin": builtin,
            "own": own,
            "default": services.default_template(arena),
        },
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def template_new(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.arena = arena
        template.save()
        messages.success(request, _("The template is made. Add its sections."))
        return redirect("reports:template_edit", arena.pk, template.pk)
    return render(
        request,
        "reports/template_new.html",
        {"arena": arena, "form": form},
        status=400 if form.errors else 200,
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request: HttpRequest, arena: Arena, template_pk: int) -> HttpResponse:
    template = _template(arena, template_pk)
    form = TemplateForm(request.POST or None, instance=template, prefix="t")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The template is saved."))
        return redirect("reports:template_edit", arena.pk, template.pk)
    return _template_page(request, arena, template, form=form, status=400 if form.errors else 200)


def _template_page(request, arena, template, *, status=200, **extra) -> HttpResponse:
    sections = list(template.sections.all())
    context = {
        "arena": arena,
        "template": template,
        "form": TemplateForm(instance=template, prefix="t"),
        "sections": [(s, SectionForm(instance=s, prefix=f"s{s.pk}")) for s in sections],
        "section_form": SectionForm(prefix="new"),
        "is_default": services.default_template(arena).pk == template.pk,
    }
    context.update(extra)
    return render(request, "reports/template_edit.html", context, status=status)


@arena_view(Capability.MANAGE)
@require_POST
def template_copy(request: HttpRequest, arena: Arena, template_pk: int) -> HttpResponse:
    source = _template(arena, template_pk, own=False)
    copy = services.copy_template(source, arena)
    messages.success(request, _("“%(t)s” is copied into the arena.") % {"t": copy.name})
    return redirect("reports:template_edit", arena.pk, copy.pk)


@arena_view(Capability.MANAGE)
@require_POST
def template_default(request: HttpRequest, arena: Arena, template_pk: int) -> HttpResponse:
    source = _template(arena, template_pk, own=False)
    chosen = services.set_default_template(arena, source)
    messages.success(request, _("New group reports use “%(t)s”.") % {"t": chosen.name})
    return redirect("reports:templates", arena.pk)


@arena_view(Capability.MANAGE)
@require_POST
def section_add(request: HttpRequest, arena: Arena, template_pk: int) -> HttpResponse:
    template = _template(arena, template_pk)
    form = SectionForm(request.POST, prefix="new")
    if not form.is_valid():
        return _template_page(request, arena, template, section_form=form, status=400)
    services.add_section(template, **form.cleaned_data)
    messages.success(request, _("The section is added."))
    return redirect("reports:template_edit", arena.pk, template.pk)


def _section(template: ReportTemplate, section_pk: int) -> TemplateSection:
    return get_object_or_404(TemplateSection, template=template, pk=section_pk)


@arena_view(Capability.MANAGE)
@require_POST
def section_edit(
    request: HttpRequest, arena: Arena, template_pk: int, section_pk: int
) -> HttpResponse:
    template = _template(arena, template_pk)
    section = _section(template, section_pk)
    form = SectionForm(request.POST, instance=section, prefix=f"s{section.pk}")
    if not form.is_valid():
        return _template_page_with(request, arena, template, section, form)
    form.save()
    messages.success(request, _("The section is saved."))
    return redirect("reports:template_edit", arena.pk, template.pk)


def _template_page_with(request, arena, template, section, form) -> HttpResponse:
    sections = [
        (s, form if s.pk == section.pk else SectionForm(instance=s, prefix=f"s{s.pk}"))
        for s in template.sections.all()
    ]
    return _template_page(request, arena, template, sections=sections, status=400)


@arena_view(Capability.MANAGE)
@require_POST
def section_move(
    request: HttpRequest, arena: Arena, template_pk: int, section_pk: int
) -> HttpResponse:
    template = _template(arena, template_pk)
    section = _section(template, section_pk)
    services.move_section(section, -1 if request.POST.get("direction") == "up" else 1)
    return redirect("reports:template_edit", arena.pk, template.pk)


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def section_delete(
    request: HttpRequest, arena: Arena, template_pk: int, section_pk: int
) -> HttpResponse:
    """The confirmation of a section's removal: how many group reports have
    text in it, which moves to "More from the sheet" (``delete_section``)."""
    template = _template(arena, template_pk)
    section = _section(template, section_pk)
    back = reverse("reports:template_edit", args=[arena.pk, template.pk])
    what = _("the section “%(t)s” of the template “%(n)s”") % {
        "t": section.title,
        "n": template.name,
    }
    if request.method == "POST":
        try:
            services.delete_section(section, request.user)
        except services.ReportError as error:
            return _section_delete_page(request, arena, section, what, back, str(error), 409)
        messages.success(request, _("The section “%(t)s” is removed.") % {"t": section.title})
        return redirect(back)
    return _section_delete_page(request, arena, section, what, back)


def _section_delete_page(request, arena, section, what, back, error="", status=200):
    return render(
        request,
        "reports/section_delete.html",
        {
            "arena": arena,
            "section": section,
            "what": what,
            "with_text": len(services.reports_with_text_in(section)),
            "more": services.more_title(),
            "blocked_message": error,
            "cancel_url": back,
        },
        status=status,
    )
