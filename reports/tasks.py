"""Background tasks of the reports app (Django's tasks framework).

``generate_report_pdf`` makes one PDF version of the arena's report. It is
enqueued by ``reports.document.start_generation`` and run by the
``manage.py db_worker`` process (``django_tasks_db``); with
``ARENA_TASKS_IMMEDIATE=1`` (unit tests) it runs at once, inline. Progress and
failures are recorded on the ``ReportVersion`` row, which the page polls.
"""

from django.tasks import task


@task
def generate_report_pdf(version_pk: int) -> None:
    from .document import generate

    generate(version_pk)
