"""Reports' phone URLs, mounted under /p/<code>/ ("phone_reports:")."""

from .documentation import urls as documentation
from .followup import urls as followup
from .inputwall import urls as inputwall

app_name = "phone_reports"

urlpatterns = [*documentation.phone_urls, *inputwall.phone_urls, *followup.phone_urls]
