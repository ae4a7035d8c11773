"""Length limits for text that people type, reported in their language.

Most text fields have a ``max_length`` in their model. A few are model
``TextField``s without one (guiding questions, agenda descriptions, template
descriptions) and took 2 MB; their forms set a limit here instead (a model
``max_length`` would need a migration and would not change the database).
The form then says "At most N characters; you typed M." next to the field,
and shows what was typed, so nothing is lost. The whole request body has its
own cap (``DATA_UPLOAD_MAX_MEMORY_SIZE``; over it: 413, ``arena.errors``).
"""

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

GUIDING_QUESTIONS_MAX = 2000
AGENDA_DESCRIPTION_MAX = 2000
TEMPLATE_DESCRIPTION_MAX = 1000

TOO_LONG = _("At most %(limit_value)d characters; you typed %(show_value)d.")


class TextLengthValidator(MaxLengthValidator):
    message = TOO_LONG


def limit_length(field, limit: int) -> None:
    """Give a form ``CharField`` the length limit ``limit``, with ``TOO_LONG``."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextLengthValidator(limit))
    field.widget.attrs.update(field.widget_attrs(field.widget))  # maxlength="…"
