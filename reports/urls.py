"""Reports' staff URLs, mounted under /a/<arena_pk>/ ("reports:")."""

from .council import urls as council
from .documentation import urls as documentation
from .followup import urls as followup
from .inputwall import urls as inputwall
from .publication import urls as publication
from .publication import word_urls

app_name = "reports"

urlpatterns = [
    *documentation.staff_urls,
    *council.staff_urls,
    *followup.staff_urls,
    *inputwall.staff_urls,
    *publication.staff_urls,
    *word_urls.staff_urls,
]
