"""Reports' staff URLs, mounted under /a/<arena_pk>/ ("reports:")."""

from .documentation import urls as documentation
from .inputwall import urls as inputwall
from .publication import urls as publication

app_name = "reports"

urlpatterns = [*documentation.staff_urls, *inputwall.staff_urls, *publication.staff_urls]
