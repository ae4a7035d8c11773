"""The report's content as CSV and JSON, from the same assembly as the PDF
(``reports.publication.assembly.assemble``): inputs, groups, participants who agreed to
be named, and the links between later topics and what they build on.

CSV cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) are prefixed
with ``'`` so a spreadsheet never runs participants' text as a formula.
"""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpResponse

from .assembly import ArenaReport, assemble

CSV_TABLES = ("inputs", "groups", "participants", "links")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def tables(report: ArenaReport) -> dict[str, list[dict]]:
    area = {g.pk: g.theme_title for g in report.groups}  # "" without main areas
    cross = {}  # input pk -> the cross-cutting themes that hold it
    for wall in report.cross_themes:
        for group in wall.groups:
            for item in group.inputs:
                cross.setdefault(item.pk, []).append(wall.title)
    return {
        "inputs": [
            {
                "code": i.code,
                "title": i.title,
                "text": i.text,
                "addressee": i.addressee_key,
                "group": i.group_code,
                "group_title": i.group_title,
                "session": i.session_number,
                "theme": area.get(i.group_pk, ""),
                "cross_themes": " | ".join(cross.get(i.pk, [])),
                "comments": len(i.comments),
                "dots": i.dots,
            }
            for i in report.inputs
        ],
        "groups": [
            {
                "code": g.code,
                "title": g.title,
                "merged": " | ".join(g.merged_titles),
                "conveners": ", ".join(g.conveners),
                "session": g.session_number,
                "space": g.space_number,
                "theme": g.theme_title,
                "kind": g.kind,
                "builds_on": g.builds_on_code,
                "report_status": g.report_status,
                "participants": g.participant_count if g.in_report else "",
                "inputs": len(g.inputs),
            }
            for g in report.groups
        ],
        "participants": [
            {"name": name, "groups": " ".join(codes)} for name, codes in report.participants
        ],
        "links": [
            {
                "code": link["code"],
                "title": link["title"],
                "kind": link["kind"],
                "builds_on": link["builds_on_code"],
                "builds_on_title": link["builds_on_title"],
            }
            for link in report.links
        ],
    }


def as_json(report: ArenaReport) -> dict:
    data = tables(report)
    data["inputs"] = [
        {**row, "comments": [c.text for c in item.comments]}
        for row, item in zip(data["inputs"], report.inputs, strict=True)
    ]
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "date": report.date_text,
        "place": report.place,
        "figures": {
            "participants": report.figures.participants,
            "registered": report.figures.registered,
            "attending": report.figures.attending,
            "joined_with_a_phone": report.figures.personas,
            "sessions": report.figures.sessions,
            "groups": report.figures.groups,
            "inputs": report.figures.inputs,
            "reports": report.figures.reports,
            "perspectives": {p.label: p.count for p in report.figures.perspectives},
        },
        **data,
    }


def as_csv(rows: list[dict], fieldnames: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


_EMPTY_FIELDS = {
    "inputs": ["code", "title", "text", "addressee", "group", "group_title", "session",
               "theme", "cross_themes", "comments", "dots"],
    "groups": ["code", "title", "merged", "conveners", "session", "space", "theme", "kind",
               "builds_on", "report_status", "participants", "inputs"],
    "participants": ["name", "groups"],
    "links": ["code", "title", "kind", "builds_on", "builds_on_title"],
}  # fmt: skip


def export_response(arena, name: str) -> HttpResponse:
    if name == "report.json":
        body = json.dumps(as_json(assemble(arena)), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif name.endswith(".csv") and name[:-4] in CSV_TABLES:
        table = name[:-4]
        rows = tables(assemble(arena))[table]
        body = "\ufeff" + as_csv(rows, _EMPTY_FIELDS[table])  # BOM: Excel reads UTF-8
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
