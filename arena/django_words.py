"""Django's own words that its nb and nn catalogues do not have yet, marked
here so ``makemessages`` puts them in Arena's (which Django reads first).

Django 6.1's blank choice of a select, "- Select an option -"
(``django.db.models.fields.BLANK_CHOICE_LABEL``), showed in English on
bokmål and nynorsk forms (the challenge group's approval, the agenda form).
"""

from django.utils.translation import gettext_noop

DJANGO_WORDS = [gettext_noop("- Select an option -")]
