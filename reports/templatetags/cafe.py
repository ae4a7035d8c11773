"""The café's appendix in the report's templates (``reports.publication.cafe``):

    {% load cafe %}
    {% keys_and_challenges report as appendix %}
    {% for challenge in appendix.challenges %}…{% endfor %}

Computed from the assembled report (no query), where a partial needs it.
"""

from django import template

from reports.publication import cafe

register = template.Library()


@register.simple_tag
def keys_and_challenges(report) -> cafe.CafeAppendix:
    return cafe.keys_and_challenges(report)
