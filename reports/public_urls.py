"""The published arena report, mounted at /r/ ("public_reports:")."""

from .publication import urls as publication

app_name = "public_reports"

urlpatterns = [*publication.public_urls]
